import ArcadeKernel

/// UbiMoE's two-stage search (Dong et al., ISCAS 2025; DJ000011/UbiMoE): a genetic algorithm first
/// finds a good balance of the knobs (how parallelism is shared between the kernels), then a binary
/// search scales the best design up, knob by knob, to the largest value that still fits the device
/// and scores no worse — the resource limit is where feasibility ends, so bisection finds it in
/// log₂(values) evaluations instead of a walk.
///
/// Stage 1 is `ga` with its own hyperparameters for `ga_share` of the budget. Stage 2 takes each
/// ordered knob of the best feasible design in turn and bisects its index between the current value
/// and the largest: a probe that is feasible and no worse becomes the best and the lower bound, any
/// other probe the upper bound. Passes over the knobs repeat while one improved the best; then the
/// GA resumes for what is left of the budget. Unordered knobs (categories) are the GA's alone.
public struct GABisect: SearchAgent {
    public static let name = "ga-bisect"
    public static let summary = "UbiMoE's two-stage search: a genetic algorithm, then a binary search of each ordered knob "
        + "of the best design up to the device's limit"
    public static let hyperparameters: [HyperparameterSpec] = GeneticAlgorithm.hyperparameters + [
        HyperparameterSpec("ga_share", default: 0.6, range: 0.05...1,
                           help: "share of the budget the GA spends before the binary search; the rest bisects, then the GA goes on"),
    ]

    var ga: GeneticAlgorithm
    let counts: [Int]
    let ordered: [Bool]
    let gaBudget: Int
    var observed = 0
    var best: Evaluation?
    var bisecting = false
    var finished = false
    /// The knob being bisected and its index interval [low, high] (low: known feasible, no worse).
    var dimension = -1
    var low = 0, high = 0
    var probe: [Int]?
    var improvedThisPass = false

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        ga = try GeneticAlgorithm(problem: problem, hyperparameters: hyperparameters, seed: seed)
        counts = problem.space.counts
        ordered = problem.ordered
        gaBudget = max(1, Int((Double(problem.budget) * hyperparameters["ga_share"]).rounded()))
    }

    public mutating func propose(count: Int) -> [[Int]] {
        if !bisecting && !finished && observed >= gaBudget && best != nil { bisecting = true }
        if bisecting, let next = nextProbe() {
            probe = next
            return [next]
        }
        return ga.propose(count: bisecting || finished ? count : max(1, min(count, gaBudget - observed)))
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        observed += evaluations.count
        if let probe, evaluations.count == 1, evaluations[0].point == probe {
            self.probe = nil
            let evaluation = evaluations[0]
            if let current = best, evaluation.feasible, evaluation.score <= current.score {
                if evaluation.score < current.score { improvedThisPass = true }
                best = evaluation
                low = probe[dimension]
            } else {
                high = probe[dimension] - 1
            }
            return
        }
        ga.observe(evaluations)
        for evaluation in evaluations where evaluation.feasible && evaluation.score < (best?.score ?? .infinity) {
            best = evaluation
        }
    }

    /// The next bisection probe: the midpoint (rounded up) of the current knob's interval, moving
    /// to the next ordered knob when it is closed; nil when a pass improved nothing (stage 2 ends).
    mutating func nextProbe() -> [Int]? {
        guard let best else { return nil }
        while true {
            if dimension >= 0 && low < high {
                var point = best.point
                point[dimension] = (low + high + 1) / 2
                return point
            }
            dimension += 1
            if dimension == counts.count {
                guard improvedThisPass else {
                    bisecting = false
                    finished = true
                    return nil
                }
                improvedThisPass = false
                dimension = 0
            }
            if ordered[dimension] {
                low = best.point[dimension]
                high = counts[dimension] - 1
            } else {
                low = 0
                high = 0
            }
        }
    }
}
