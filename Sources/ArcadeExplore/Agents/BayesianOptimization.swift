import Foundation
import ArcadeKernel

/// Gaussian-process Bayesian optimisation over the encoded discrete space (Jones et al. 1998;
/// Snoek et al. 2012): a Matérn 5/2 GP (`GaussianProcess`) on the points seen so far, and the
/// next point is the one maximising expected improvement (or GP-UCB) over the unevaluated points.
///
/// - Encoding: ordered dimension d → index/(count−1) ∈ [0, 1]; categorical → its index under a
///   Hamming kernel term. Objective: log of the score when all feasible scores are positive
///   (latency×area spans decades; a GP on the raw value is dominated by the worst points; output
///   warping as in Snoek et al. 2014), then standardised.
/// - Infeasible points (violated constraint, simulator error): with `constraints` = 1 the objective
///   GP sees only feasible points and a second GP regresses the feasibility indicator (1/0) over
///   all points; the acquisition is multiplied by its mean clipped to [0, 1], an estimate of the
///   probability of feasibility — constrained EI (Gardner et al. 2014, "Bayesian Optimization with
///   Inequality Constraints"; Gelbart, Snoek & Adams 2014), with the classifier done as
///   least-squares GP classification (Rasmussen & Williams 2006, §6.5). Optima often lie on a
///   constraint boundary; giving infeasible points a made-up bad value instead (`constraints` = 0)
///   makes the GP predict bad values right next to it.
/// - Kernel fit: maximise the log marginal likelihood (grid over one length scale × two noise
///   levels, then a ½/2× sweep per dimension) after max(`refit`, n/10) new observations; in between
///   new points enter by an O(n²) Cholesky row append. That amortisation is what keeps 200
///   observations within the 20 ms/suggestion target (a fit is 16–25 factorisations).
/// - Acquisition optimisation (SMAC's, Hutter, Hoos & Leyton-Brown 2011): `candidates` uniform
///   random points plus a best-improvement local search on the acquisition (`DiscreteLocalSearch`:
///   ±1/±2 index steps, every other category) from each of the `starts` best points seen; the best
///   unevaluated point of all those scored is proposed (no repeated evaluation).
/// - Final exploitation: when the budget is known, the last `exploit` share of it goes to the
///   unevaluated one-coordinate neighbour of the best point seen (of the next best when all its
///   neighbours are evaluated) with the lowest posterior mean among those predicted feasible — a
///   model-guided descent that turns "close to the optimum" into "at it" (exploitation is what
///   the finite-horizon analysis of BO prescribes near the end of the budget: González, Osborne &
///   Lawrence 2016, "GLASSES"; Lam, Willcox & Wolpert 2016).
/// - Batches: kriging believer — the chosen point is added with its posterior mean as a fantasy
///   observation before choosing the next (Ginsbourger et al. 2010).
public struct BayesianOptimization: SearchAgent {
    public static let name = "bo"
    public static let summary = "Gaussian-process Bayesian optimisation (Matérn 5/2, expected improvement or UCB)"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("initial", default: 10, range: 1...100_000, integer: true,
                           help: "random points before the GP is used (≈ 2 per dimension gives the kernel fit something to fit)"),
        HyperparameterSpec("candidates", default: 500, range: 0...1_000_000, integer: true,
                           help: "uniform random candidates per suggestion, scored beside the local searches"),
        HyperparameterSpec("starts", default: 10, range: 0...1000, integer: true,
                           help: "best points seen from which a local search on the acquisition starts (SMAC: 10)"),
        HyperparameterSpec("acquisition", default: 0, range: 0...1, integer: true,
                           help: "0 = expected improvement (no tuning needed), 1 = UCB with kappa"),
        HyperparameterSpec("kappa", default: 2, range: 0...100,
                           help: "UCB exploration weight in standard deviations (2 ≈ a 97.7% bound)"),
        HyperparameterSpec("xi", default: 0.01, range: 0...10,
                           help: "EI margin in standardised units (small: the objective is deterministic)"),
        HyperparameterSpec("log", default: 1, range: 0...1, integer: true,
                           help: "1 = model log(score) when all feasible scores are positive (scores span decades)"),
        HyperparameterSpec("constraints", default: 1, range: 0...1, integer: true,
                           help: "1 = feasibility GP × acquisition (constrained EI), 0 = infeasible points get worst + 10% of the range"),
        HyperparameterSpec("exploit", default: 0.15, range: 0...1,
                           help: "share of the budget, at the end, spent descending from the best point by the model's mean (0 = off)"),
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
    /// Objective GP: on the feasible observations (all, with `constraints` = 0), in order.
    var model: GaussianProcess?
    var modelRows: [Int] = []                // indices into `points` of the model's observations
    /// Feasibility GP on all observations (nil until something infeasible was seen).
    var feasibility: GaussianProcess?
    var observationsAtFit = 0

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.settings = hyperparameters
        self.generator = SplitMix64(seed: seed)
    }

    var separateConstraints: Bool { settings.int("constraints") == 1 }

    /// The GP's input for a point.
    func encode(_ point: [Int]) -> [Double] {
        point.indices.map { d in
            let count = problem.space.counts[d]
            if !problem.ordered[d] { return Double(point[d]) }
            return count > 1 ? Double(point[d]) / Double(count - 1) : 0.5
        }
    }

    /// Observations the objective GP is trained on: feasible ones, or all with `constraints` = 0.
    func objectiveRows() -> [Int] {
        separateConstraints ? scores.indices.filter { scores[$0].isFinite } : Array(scores.indices)
    }

    /// Model-space targets for `rows`: log (when allowed), infeasible → worst + margin, standardised.
    func modelTargets(_ rows: [Int]) -> [Double] {
        let feasible = scores.filter { $0.isFinite }
        let useLog = settings.int("log") == 1 && !feasible.isEmpty && feasible.allSatisfy { $0 > 0 }
        let transformed = rows.map { scores[$0].isFinite ? (useLog ? log(scores[$0]) : scores[$0]) : Double.nan }
        let finite = transformed.filter { !$0.isNaN }
        guard let low = finite.min(), let high = finite.max() else { return rows.map { _ in 0 } }
        let worst = high + 0.1 * max(high - low, 1e-9)
        let values = transformed.map { $0.isNaN ? worst : $0 }
        // Standardise so the grid of noise levels and xi mean the same thing on every objective.
        let mean = values.reduce(0, +) / Double(values.count)
        let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        return values.map { ($0 - mean) / max(spread, 1e-12) }
    }

    /// Brings `current` up to `inputs`/`targets` (the first rows unchanged, new rows appended) by
    /// a refit when `refit` is set or the append fails, else by O(n²) appends and a target swap.
    static func update(_ current: GaussianProcess?, inputs: [[Double]], targets: [Double], categorical: [Bool],
                       noise: Double, refit: Bool) -> GaussianProcess? {
        let noises = [noise, min(noise * 1000, 1)]
        guard var model = current, !refit else {
            return GaussianProcess.fit(inputs: inputs, targets: targets, categorical: categorical,
                                       noises: noises, start: current?.kernel)
        }
        var ok = true
        for i in model.inputs.count..<inputs.count where ok { ok = model.append(input: inputs[i], target: targets[i]) }
        guard ok else {
            return GaussianProcess.fit(inputs: inputs, targets: targets, categorical: categorical,
                                       noises: noises, start: model.kernel)
        }
        model.replaceTargets(targets)   // targets move when the standardisation does
        return model
    }

    /// Refits both models when due; otherwise grows them with the old kernels.
    mutating func updateModels() {
        let categorical = problem.ordered.map { !$0 }
        let noise = settings["noise"]
        let refit = model == nil || points.count - observationsAtFit >= max(settings.int("refit"), points.count / 10)
        if refit { observationsAtFit = points.count }
        modelRows = objectiveRows()
        model = Self.update(model, inputs: modelRows.map { encode(points[$0]) }, targets: modelTargets(modelRows),
                            categorical: categorical, noise: noise, refit: refit)
        if separateConstraints && scores.contains(where: { !$0.isFinite }) {
            let labels = scores.map { $0.isFinite ? 1.0 : 0.0 }
            feasibility = Self.update(feasibility, inputs: points.map(encode), targets: labels,
                                      categorical: categorical, noise: noise, refit: refit || feasibility == nil)
        } else {
            feasibility = nil
        }
    }

    /// Estimated probability that each encoded candidate is feasible (1 without a feasibility model).
    func feasibilityProbability(_ encoded: [[Double]]) -> [Double] {
        guard let feasibility else { return encoded.map { _ in 1 } }
        return feasibility.posteriorMean(encoded).map { min(max($0, 0), 1) }
    }

    /// Acquisition values (larger is better) of encoded candidates under `gp`.
    func acquisition(_ encoded: [[Double]], gp: GaussianProcess, incumbent: Double) -> [Double] {
        guard !encoded.isEmpty else { return [] }
        let (means, variances) = gp.posterior(encoded)
        let useUCB = settings.int("acquisition") == 1
        let probability = feasibilityProbability(encoded)
        return encoded.indices.map { j in
            if useUCB {
                // UCB can be negative, so it is not weighted: points predicted infeasible (p < ½)
                // rank below every other (a chance constraint, Gelbart et al. 2014).
                return GaussianProcess.upperConfidence(mean: means[j], variance: variances[j], kappa: settings["kappa"])
                    - (probability[j] < 0.5 ? 1e6 : 0)
            }
            return probability[j] * GaussianProcess.expectedImprovement(mean: means[j], variance: variances[j],
                                                                        best: incumbent, xi: settings["xi"])
        }
    }

    /// Candidates: uniform random unseen points, then every point the local searches scored;
    /// deduplicated, in generation order (deterministic).
    mutating func candidateSet(gp: GaussianProcess, incumbent: Double) -> [[Int]] {
        var candidates: [[Int]] = []
        var taken = Set<[Int]>()
        for _ in 0..<settings.int("candidates") {
            let point = problem.space.sample(using: &generator)
            if !proposed.contains(point) && taken.insert(point).inserted { candidates.append(point) }
        }
        let order = modelRows.sorted { (scores[$0], $0) < (scores[$1], $1) }
        let starts = order.prefix(settings.int("starts")).filter { scores[$0].isFinite }.map { points[$0] }
        let proposed = self.proposed
        let search = DiscreteLocalSearch.climb(from: starts, counts: problem.space.counts, ordered: problem.ordered,
                                               allowed: { !proposed.contains($0) }) { batch in
            acquisition(batch.map(encode), gp: gp, incumbent: incumbent)
        }
        for point in search.scored where taken.insert(point).inserted { candidates.append(point) }
        return candidates
    }

    /// Final exploitation: unevaluated one-coordinate neighbours of the best points, best first,
    /// ordered by posterior mean (those predicted infeasible last); up to `count` of them.
    func exploitationPoints(count: Int, gp: GaussianProcess) -> [[Int]] {
        DiscreteLocalSearch.neighboursOfBest(points: points, scores: scores, counts: problem.space.counts,
                                             ordered: problem.ordered, count: count,
                                             excluded: { proposed.contains($0) }) { fresh in
            let encoded = fresh.map(encode)
            let means = gp.posterior(encoded).mean
            let probability = feasibilityProbability(encoded)
            return fresh.indices.sorted { a, b in
                let (fa, fb) = (probability[a] >= 0.5, probability[b] >= 0.5)
                return fa != fb ? fa : (means[a], a) < (means[b], b)
            }
        }
    }

    mutating func randomUnseen() -> [Int] {
        for _ in 0..<256 {
            let point = problem.space.sample(using: &generator)
            if !proposed.contains(point) { return point }
        }
        return problem.space.sample(using: &generator)
    }

    /// True once the remaining budget is within the final exploitation share.
    var exploiting: Bool {
        DiscreteLocalSearch.inFinalShare(evaluated: points.count, budget: problem.budget, share: settings["exploit"])
    }

    public mutating func propose(count: Int) -> [[Int]] {
        let count = max(count, 1)
        var batch: [[Int]] = []
        let feasibleCount = scores.filter { $0.isFinite }.count
        let ready = points.count >= max(settings.int("initial"), 2) && feasibleCount >= 2
        if ready { updateModels() }
        if ready, exploiting, let gp = model {
            batch = exploitationPoints(count: count, gp: gp)
            for point in batch { proposed.insert(point) }
        }
        var believer = ready && batch.count < count ? model : nil
        let incumbent = believer.map { gp in modelRows.indices.filter { scores[modelRows[$0]].isFinite }
                                                .map { gp.targets[$0] }.min() ?? 0 } ?? 0
        var candidates = believer.map { candidateSet(gp: $0, incumbent: incumbent) } ?? []
        var encoded = candidates.map(encode)
        while batch.count < count {
            guard let gp = believer, !candidates.isEmpty else {
                let point = randomUnseen()
                proposed.insert(point)
                batch.append(point)
                continue
            }
            let values = acquisition(encoded, gp: gp, incumbent: incumbent)
            var bestIndex = 0
            for j in values.indices where values[j] > values[bestIndex] { bestIndex = j }
            let point = candidates.remove(at: bestIndex)
            let input = encoded.remove(at: bestIndex)
            proposed.insert(point)
            batch.append(point)
            if batch.count < count {
                let mean = gp.posterior([input]).mean[0]
                if !believer!.append(input: input, target: mean) { believer = nil }
            }
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
