import Foundation
import ArcadeKernel

/// Gaussian-process Bayesian optimisation over the encoded discrete space (Jones et al. 1998;
/// Snoek et al. 2012): a Matérn 5/2 GP (`GaussianProcess`) on the points seen so far, and the
/// next point is the one maximising expected improvement (or GP-UCB) over a seeded candidate set.
///
/// - Encoding: ordered dimension d → index/(count−1) ∈ [0, 1]; categorical → its index under a
///   Hamming kernel term. Objective: log of the score when all feasible scores are positive
///   (latency×area spans decades; a GP on the raw value is dominated by the worst points), then the
///   GP's profiled mean/variance. Infeasible points get the worst feasible value + 10% of the range.
/// - Kernel fit: maximise the log marginal likelihood (grid over one length scale × two noise
///   levels, then a ½/2× sweep per dimension) after max(`refit`, n/10) new observations; in between new points
///   enter by an O(n²) Cholesky row append. That amortisation is what keeps 200 observations
///   within the 20 ms/suggestion target (a fit is 16–25 factorisations).
/// - Candidates: `candidates` uniform points + every ±1/±2 neighbour (all other categories) of the
///   `neighbours` best points, minus the points already proposed (no repeated evaluation).
/// - Batches: kriging believer — the chosen point is added with its posterior mean as a fantasy
///   observation before choosing the next (Ginsbourger et al. 2010).
public struct BayesianOptimization: SearchAgent {
    public static let name = "bo"
    public static let summary = "Gaussian-process Bayesian optimisation (Matérn 5/2, expected improvement or UCB)"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("initial", default: 10, range: 1...100_000, integer: true,
                           help: "random points before the GP is used (≈ 2 per dimension gives the kernel fit something to fit)"),
        HyperparameterSpec("candidates", default: 500, range: 1...1_000_000, integer: true,
                           help: "uniform random candidates per suggestion (500: same proxy quality as 1000 at half the cost)"),
        HyperparameterSpec("neighbours", default: 10, range: 0...1000, integer: true,
                           help: "best points whose neighbours are added to the candidates (local refinement)"),
        HyperparameterSpec("acquisition", default: 0, range: 0...1, integer: true,
                           help: "0 = expected improvement (no tuning needed), 1 = UCB with kappa"),
        HyperparameterSpec("kappa", default: 2, range: 0...100,
                           help: "UCB exploration weight in standard deviations (2 ≈ a 97.7% bound)"),
        HyperparameterSpec("xi", default: 0.01, range: 0...10,
                           help: "EI margin in standardised units (small: the objective is deterministic)"),
        HyperparameterSpec("log", default: 1, range: 0...1, integer: true,
                           help: "1 = model log(score) when all feasible scores are positive (scores span decades)"),
        HyperparameterSpec("refit", default: 5, range: 1...10_000, integer: true,
                           help: "refit the kernel after max(this, 10% of n) new observations (amortises the ~25 O(n³) factorisations of a fit)"),
        HyperparameterSpec("noise", default: 1e-6, range: 1e-10...1,
                           help: "smallest relative noise (nugget) tried; the fit also tries 1000× it (simulator is deterministic)"),
    ]

    let problem: SearchProblem
    let settings: Hyperparameters
    var generator: SplitMix64
    var points: [[Int]] = []
    var scores: [Double] = []
    var proposed: Set<[Int]> = []          // membership only; never iterated
    var model: GaussianProcess?
    var modelSize = 0                        // observations in `model` (targets depend on all scores)
    var observationsAtFit = 0

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.settings = hyperparameters
        self.generator = SplitMix64(seed: seed)
    }

    /// The GP's input for a point.
    func encode(_ point: [Int]) -> [Double] {
        point.indices.map { d in
            let count = problem.space.counts[d]
            if !problem.ordered[d] { return Double(point[d]) }
            return count > 1 ? Double(point[d]) / Double(count - 1) : 0.5
        }
    }

    /// Model-space targets for all observations: log (when allowed), infeasible → worst + margin.
    func modelTargets() -> [Double] {
        let feasible = scores.filter { $0.isFinite }
        let useLog = settings.int("log") == 1 && !feasible.isEmpty && feasible.allSatisfy { $0 > 0 }
        let transformed = scores.map { $0.isFinite ? (useLog ? log($0) : $0) : Double.nan }
        let finite = transformed.filter { !$0.isNaN }
        guard let low = finite.min(), let high = finite.max() else { return scores.map { _ in 0 } }
        let worst = high + 0.1 * max(high - low, 1e-9)
        let values = transformed.map { $0.isNaN ? worst : $0 }
        // Standardise so the grid of noise levels and xi mean the same thing on every objective.
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        return values.map { ($0 - mean) / max(spread, 1e-12) }
    }

    /// Refits when due; otherwise the model is rebuilt on the current targets with the old kernel
    /// (targets move when the standardisation does, so `append` alone would be stale).
    mutating func updateModel() {
        let targets = modelTargets()
        let inputs = points.map(encode)
        let categorical = problem.ordered.map { !$0 }
        let noise = settings["noise"]
        if model == nil || points.count - observationsAtFit >= max(settings.int("refit"), points.count / 10) {
            model = GaussianProcess.fit(inputs: inputs, targets: targets, categorical: categorical,
                                        noises: [noise, min(noise * 1000, 1)], start: model?.kernel)
            observationsAtFit = points.count
        } else if var current = model {
            // Same kernel: grow the factor by O(n²) row appends, then swap in the new targets.
            var ok = true
            for i in modelSize..<points.count where ok { ok = current.append(input: inputs[i], target: targets[i]) }
            if ok {
                current.replaceTargets(targets)
                model = current
            } else {
                model = GaussianProcess.fit(inputs: inputs, targets: targets, categorical: categorical,
                                            noises: [noise, min(noise * 1000, 1)], start: current.kernel)
                observationsAtFit = points.count
            }
        }
        modelSize = points.count
    }

    /// Seeded candidate set: uniform draws then neighbours of the best points; unseen, deduplicated,
    /// in generation order (deterministic).
    mutating func candidateSet() -> [[Int]] {
        var candidates: [[Int]] = []
        var taken = Set<[Int]>()
        func add(_ point: [Int]) {
            if !proposed.contains(point) && taken.insert(point).inserted { candidates.append(point) }
        }
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        for index in order.prefix(settings.int("neighbours")) where scores[index].isFinite {
            let base = points[index]
            for d in base.indices {
                let count = problem.space.counts[d]
                let values = problem.ordered[d] ? [base[d] - 2, base[d] - 1, base[d] + 1, base[d] + 2]
                                                : Array(0..<count)
                for value in values where value >= 0 && value < count && value != base[d] {
                    var neighbour = base
                    neighbour[d] = value
                    add(neighbour)
                }
            }
        }
        for _ in 0..<settings.int("candidates") { add(problem.space.sample(using: &generator)) }
        return candidates
    }

    mutating func randomUnseen() -> [Int] {
        for _ in 0..<256 {
            let point = problem.space.sample(using: &generator)
            if !proposed.contains(point) { return point }
        }
        return problem.space.sample(using: &generator)
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var batch: [[Int]] = []
        if points.count >= max(settings.int("initial"), 2) { updateModel() }
        var believer = points.count >= max(settings.int("initial"), 2) ? model : nil
        var candidates = believer == nil ? [] : candidateSet()
        var encoded = candidates.map(encode)
        for _ in 0..<max(count, 1) {
            guard let gp = believer, !candidates.isEmpty else {
                let point = randomUnseen()
                proposed.insert(point)
                batch.append(point)
                continue
            }
            let (means, variances) = gp.posterior(encoded)
            let incumbent = gp.targets.prefix(points.count).min() ?? 0
            var bestIndex = 0, bestValue = -Double.infinity
            for j in candidates.indices {
                let value = settings.int("acquisition") == 1
                    ? GaussianProcess.upperConfidence(mean: means[j], variance: variances[j], kappa: settings["kappa"])
                    : GaussianProcess.expectedImprovement(mean: means[j], variance: variances[j],
                                                          best: incumbent, xi: settings["xi"])
                if value > bestValue { bestValue = value; bestIndex = j }
            }
            let point = candidates.remove(at: bestIndex)
            let input = encoded.remove(at: bestIndex)
            proposed.insert(point)
            batch.append(point)
            if count > 1 && !believer!.append(input: input, target: means[bestIndex]) { believer = nil }
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
