import Foundation
import ArcadeKernel

/// Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl 2011, "Algorithms for
/// Hyper-Parameter Optimization"), following Optuna's `TPESampler` defaults where they apply.
///
/// Observations are split at quantile γ into good (lowest scores) and bad. Each side is a Parzen
/// mixture over the discrete indices: per observation one kernel plus a prior kernel of weight
/// `prior`; older observations are down-weighted once there are more than 25 (Optuna's ramp).
/// - Ordered dimension of c values: a Gaussian discretised on 0..<c (mass ∝ e^{−(v−μ)²/2σ²},
///   normalised), σ by Optuna's neighbour-gap rule clipped to [c/min(100, n+1), c] ("magic clip");
///   the prior kernel is centred with σ = c.
/// - Categorical: kernel = one-hot on the observed value + prior/n smoothing (Optuna's rule).
/// `candidates` points are drawn from l(x) (good) and the one maximising l(x)/g(x) is proposed.
/// Univariate mode (Optuna's default) does this per dimension independently; multivariate mode
/// (Falkner et al. 2018's BOHB / Optuna `multivariate=True`) draws whole points from one kernel and
/// scores the joint densities, which captures interactions between dimensions.
/// - Constraints (`constraints` = 1): once infeasible points were seen, l/g is multiplied by the
///   Parzen classifier's probability of feasibility (c-TPE, Watanabe & Hutter 2023; see `Model`).
/// - Final exploitation (`exploit`): when the budget is known, its last share goes to the
///   unevaluated one-coordinate neighbours (±1/±2 index steps, other categories) of the best point
///   (of the next best once those are all evaluated), highest acquisition first — a model-ranked
///   descent, since sampling l(x) alone rarely lands exactly on the last small improvements
///   (exploiting near the end of a known budget: González, Osborne & Lawrence 2016; Lam et al. 2016).
public struct TPE: SearchAgent {
    public static let name = "tpe"
    public static let summary = "tree-structured Parzen estimator (Optuna-style), l(x)/g(x) over 24 candidates"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("initial", default: 20, range: 1...100_000, integer: true,
                           help: "random startup points (Optuna: 10; 20 found the optimum more often on the systolic proxy)"),
        HyperparameterSpec("candidates", default: 24, range: 1...100_000, integer: true,
                           help: "draws from l(x) scored by l/g per suggestion (Optuna's n_ei_candidates)"),
        HyperparameterSpec("gamma", default: 0.2, range: 0.01...0.9,
                           help: "fraction in the good group, ceil(γn) capped (Optuna 0.1; 0.2 escaped local optima on the proxy)"),
        HyperparameterSpec("max_good", default: 25, range: 1...100_000, integer: true,
                           help: "cap on the good group's size, so l(x) stays sharp late in the run (Optuna: 25)"),
        HyperparameterSpec("prior", default: 2, range: 0...100,
                           help: "weight of the broad prior kernel in each estimator (Optuna 1; 2 keeps exploring longer)"),
        HyperparameterSpec("multivariate", default: 1, range: 0...1, integer: true,
                           help: "1 = joint kernels (captures knob interactions; better on the systolic proxy), 0 = per dimension"),
        HyperparameterSpec("constraints", default: 1, range: 0...1, integer: true,
                           help: "1 = weight l/g by the Parzen probability of feasibility (c-TPE), 0 = infeasible points only join the bad group"),
        HyperparameterSpec("exploit", default: 0.15, range: 0...1,
                           help: "share of the budget, at the end, spent on the best point's unevaluated neighbours by l/g (0 = off)"),
    ]

    let problem: SearchProblem
    let settings: Hyperparameters
    var generator: SplitMix64
    var points: [[Int]] = []
    var scores: [Double] = []
    var proposed: Set<[Int]> = []          // membership only; never iterated

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.settings = hyperparameters
        self.generator = SplitMix64(seed: seed)
    }

    /// Indices of the good and bad observations: sorted by (score, order), the first
    /// min(ceil(γ n), max_good) are good. Each group keeps observation order (for the age weights).
    public static func split(scores: [Double], gamma: Double, maxGood: Int) -> (good: [Int], bad: [Int]) {
        let goodCount = min(Int((gamma * Double(scores.count)).rounded(.up)), maxGood, scores.count)
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        let good = Set(order.prefix(goodCount))
        return (scores.indices.filter { good.contains($0) }, scores.indices.filter { !good.contains($0) })
    }

    /// A Parzen estimator over one space: `mass[k][d][v]` is kernel k's probability of index v in
    /// dimension d; the last kernel is the prior. `weights` sum to 1.
    public struct Parzen: Sendable {
        public var weights: [Double]
        public var mass: [[[Double]]]
        /// `marginals[d][v]` = Σ_k w_k mass[k][d][v], precomputed (univariate mode reads it often).
        public var marginals: [[Double]] = []

        public init(observations: [[Int]], counts: [Int], ordered: [Bool], prior: Double) {
            let n = observations.count
            // Optuna's age weights: flat up to 25, then a linear ramp from 1/n for the oldest.
            var raw = (0..<n).map { i in n < 25 || i >= n - 25 ? 1.0 : 1.0 / Double(n) + (1 - 1.0 / Double(n)) * Double(i) / Double(max(n - 26, 1)) }
            raw.append(prior > 0 ? prior : 0)
            let total = raw.reduce(0, +)
            weights = total > 0 ? raw.map { $0 / total } : raw.map { _ in 1 / Double(raw.count) }
            mass = Array(repeating: [], count: n + 1)
            for d in counts.indices {
                let c = counts[d]
                let values = observations.map { Double($0[d]) }
                if ordered[d] {
                    let sigmas = Parzen.bandwidths(values, count: c)
                    for k in 0...n {
                        let mu = k < n ? values[k] : Double(c - 1) / 2
                        mass[k].append(Parzen.discretisedGaussian(mu: mu, sigma: k < n ? sigmas[k] : Double(c), count: c))
                    }
                } else {
                    let smoothing = prior / Double(n + 1)
                    for k in 0...n {
                        var row = [Double](repeating: k < n ? smoothing : 1, count: c)
                        if k < n { row[observations[k][d]] += 1 }
                        let sum = row.reduce(0, +)
                        mass[k].append(row.map { $0 / sum })
                    }
                }
            }
            let weights = weights, mass = mass
            marginals = counts.indices.map { d in
                (0..<counts[d]).map { v in weights.indices.reduce(0) { $0 + weights[$1] * mass[$1][d][v] } }
            }
        }

        /// Optuna's univariate rule: σ_k = larger gap to the sorted neighbours (domain edges
        /// −½ and c−½ at the ends), clipped to [c / min(100, n + 1), c].
        public static func bandwidths(_ values: [Double], count c: Int) -> [Double] {
            let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
            let sorted = [-0.5] + order.map { values[$0] } + [Double(c) - 0.5]
            let range = Double(c), minimum = range / Double(min(100, values.count + 1))
            var sigmas = [Double](repeating: 0, count: values.count)
            for (rank, index) in order.enumerated() {
                let gap = max(sorted[rank + 1] - sorted[rank], sorted[rank + 2] - sorted[rank + 1])
                sigmas[index] = min(max(gap, minimum), range)
            }
            return sigmas
        }

        static func discretisedGaussian(mu: Double, sigma: Double, count c: Int) -> [Double] {
            var row = (0..<c).map { exp(-0.5 * (Double($0) - mu) * (Double($0) - mu) / (sigma * sigma)) }
            let sum = row.reduce(0, +)
            for v in row.indices { row[v] = sum > 0 ? row[v] / sum : 1 / Double(c) }
            return row
        }

        /// Marginal probability of index v in dimension d.
        public func marginal(_ d: Int, _ v: Int) -> Double { marginals[d][v] }

        /// Joint log density of a whole point (kernels are products over dimensions).
        public func logDensity(_ point: [Int]) -> Double {
            var p = 0.0
            for k in weights.indices {
                var product = weights[k]
                for d in point.indices { product *= mass[k][d][point[d]] }
                p += product
            }
            return log(max(p, 1e-300))
        }

        static func draw(_ probabilities: [Double], using generator: inout SplitMix64) -> Int {
            var u = Double(generator.next() >> 11) / Double(1 << 53)
            for (index, p) in probabilities.enumerated() {
                u -= p
                if u < 0 { return index }
            }
            return probabilities.count - 1
        }

        /// A whole point from one kernel chosen by weight.
        public func sample(using generator: inout SplitMix64) -> [Int] {
            let k = Parzen.draw(weights, using: &generator)
            return mass[k].map { Parzen.draw($0, using: &generator) }
        }

        /// One dimension's index from the marginal mixture.
        public func sample(dimension d: Int, using generator: inout SplitMix64) -> Int {
            Parzen.draw(marginals[d], using: &generator)
        }
    }

    /// The candidate among `candidates` maximising l/g (first on ties: deterministic).
    public static func choose(_ candidates: [[Int]], good: Parzen, bad: Parzen) -> Int {
        choose(candidates, model: Model(good: good, bad: bad, feasibility: nil))
    }

    /// The candidate among `candidates` with the highest acquisition (first on ties).
    public static func choose(_ candidates: [[Int]], model: Model) -> Int {
        var best = 0, bestValue = -Double.infinity
        for (index, candidate) in candidates.enumerated() {
            let value = model.logAcquisition(candidate)
            if value > bestValue { bestValue = value; best = index }
        }
        return best
    }

    /// The acquisition: log l(x) − log g(x), plus — when infeasible points were seen and
    /// `constraints` is on — the log of the Parzen classifier's probability of feasibility,
    /// P(feasible | x) = γ_f f(x) / (γ_f f(x) + (1 − γ_f) u(x)) with f, u the Parzen estimators of
    /// the feasible and the infeasible observations and γ_f the feasible fraction. That product is
    /// c-TPE's treatment of a constraint (Watanabe & Hutter 2023, "c-TPE: Tree-structured Parzen
    /// Estimator with Inequality Constraints for Expensive Hyperparameter Optimization"), for a
    /// constraint observed only as feasible / infeasible.
    public struct Model: Sendable {
        public var good: Parzen
        public var bad: Parzen
        public var feasibility: (feasible: Parzen, infeasible: Parzen, fraction: Double)?

        public init(good: Parzen, bad: Parzen, feasibility: (feasible: Parzen, infeasible: Parzen, fraction: Double)?) {
            self.good = good
            self.bad = bad
            self.feasibility = feasibility
        }

        public func logAcquisition(_ point: [Int]) -> Double {
            var value = good.logDensity(point) - bad.logDensity(point)
            if let (feasible, infeasible, fraction) = feasibility {
                let f = log(fraction) + feasible.logDensity(point)
                let u = log(1 - fraction) + infeasible.logDensity(point)
                value += f - (max(f, u) + log1p(exp(-abs(f - u))))   // log of f / (f + u), stably
            }
            return value
        }

        /// The same for one dimension's value, from the marginals (univariate mode).
        public func logAcquisition(dimension d: Int, value v: Int) -> Double {
            var value = log(good.marginal(d, v)) - log(bad.marginal(d, v))
            if let (feasible, infeasible, fraction) = feasibility {
                let f = fraction * feasible.marginal(d, v), u = (1 - fraction) * infeasible.marginal(d, v)
                value += log(max(f, 1e-300)) - log(max(f + u, 1e-300))
            }
            return value
        }
    }

    mutating func suggest(model: Model) -> [Int] {
        let n = settings.int("candidates")
        if settings.int("multivariate") == 1 {
            let candidates = (0..<n).map { _ in model.good.sample(using: &generator) }
            let fresh = candidates.filter { !proposed.contains($0) }
            return fresh.isEmpty ? candidates[0] : fresh[TPE.choose(fresh, model: model)]
        }
        // Univariate (Optuna default): each dimension picks its own best of n draws by l_d/g_d.
        return problem.space.counts.indices.map { d in
            let draws = (0..<n).map { _ in model.good.sample(dimension: d, using: &generator) }
            return draws.max { a, b in
                let ra = model.logAcquisition(dimension: d, value: a)
                let rb = model.logAcquisition(dimension: d, value: b)
                return ra < rb || (ra == rb && a > b)
            }!
        }
    }

    /// True once the remaining budget is within the final exploitation share.
    var exploiting: Bool {
        DiscreteLocalSearch.inFinalShare(evaluated: points.count, budget: problem.budget, share: settings["exploit"])
    }

    /// Final exploitation: unevaluated one-coordinate neighbours (`DiscreteLocalSearch`) of the
    /// best points, best point first, ordered by the acquisition; up to `count` of them.
    func exploitationPoints(count: Int, model: Model) -> [[Int]] {
        DiscreteLocalSearch.neighboursOfBest(points: points, scores: scores, counts: problem.space.counts,
                                             ordered: problem.ordered, count: count,
                                             excluded: { proposed.contains($0) }) { fresh in
            let value = fresh.map(model.logAcquisition)
            return fresh.indices.sorted { (-value[$0], $0) < (-value[$1], $1) }
        }
    }

    /// The estimators on the observations so far.
    func model() -> Model {
        let (goodIndices, badIndices) = TPE.split(scores: scores, gamma: settings["gamma"], maxGood: settings.int("max_good"))
        let prior = settings["prior"]
        func parzen(_ indices: [Int]) -> Parzen {
            Parzen(observations: indices.map { points[$0] }, counts: problem.space.counts, ordered: problem.ordered, prior: prior)
        }
        var feasibility: (Parzen, Parzen, Double)? = nil
        let feasible = scores.indices.filter { scores[$0].isFinite }
        if settings.int("constraints") == 1 && !feasible.isEmpty && feasible.count < scores.count {
            let infeasible = scores.indices.filter { !scores[$0].isFinite }
            feasibility = (parzen(feasible), parzen(infeasible), Double(feasible.count) / Double(scores.count))
        }
        return Model(good: parzen(goodIndices), bad: parzen(badIndices), feasibility: feasibility)
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var batch: [[Int]] = []
        let useModel = points.count >= max(settings.int("initial"), 2)
        let model = useModel ? model() : nil
        if let model, exploiting {
            batch = exploitationPoints(count: max(count, 1), model: model)
            for point in batch { proposed.insert(point) }
        }
        for _ in batch.count..<max(count, 1) {
            var point: [Int]?
            if let model {
                for _ in 0..<8 {
                    let suggestion = suggest(model: model)
                    if !proposed.contains(suggestion) { point = suggestion; break }
                }
            }
            if point == nil {   // startup, or the estimators only produce seen points: random unseen
                for _ in 0..<256 {
                    let sample = problem.space.sample(using: &generator)
                    if !proposed.contains(sample) { point = sample; break }
                }
            }
            let chosen = point ?? problem.space.sample(using: &generator)
            proposed.insert(chosen)
            batch.append(chosen)
        }
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        for evaluation in evaluations {
            points.append(evaluation.point)
            scores.append(evaluation.score)
            proposed.insert(evaluation.point)
        }
    }
}
