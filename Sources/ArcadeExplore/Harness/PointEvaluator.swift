/// Something that scores design points: a design space backed by the simulator
/// (`DesignSpaceEvaluator`), or a synthetic test function in tests. The harness and the
/// environments only talk to this, so agents can be compared on anything that conforms.
public protocol PointEvaluator: Sendable {
    /// The encoded space, objective count and orderedness the agents get (budget set by the harness).
    var space: MultiDiscreteSpace { get }
    /// Objective names in order, e.g. ["cycles", "area_mm2"]; all minimised as reported by `evaluate`.
    var objectiveNames: [String] { get }
    /// Whether each dimension's values are ordered numbers (true) or unordered categories (false).
    var ordered: [Bool] { get }
    /// Parameter names, one per dimension.
    var parameterNames: [String] { get }

    /// Every value of each parameter as text, in index order (defaulted below).
    var parameterValues: [[String]] { get }
    /// The unit of each objective ("" when none).
    var objectiveUnits: [String] { get }
    /// Every metric an evaluation reports besides the objectives (`Evaluation.metrics`), and units.
    var metricNames: [String] { get }
    var metricUnits: [String] { get }

    /// The human-readable value of each parameter at `point` (e.g. ["32", "ws", "256"]).
    func decode(_ point: [Int]) -> [String]

    /// Scores `points` (may run them in parallel). Infeasible points (constraints, simulator
    /// rejection) come back with `feasible == false` and a reason.
    func evaluate(_ points: [[Int]]) -> [(evaluation: Evaluation, failure: String?)]
}

extension PointEvaluator {
    /// Every value of each parameter as text, in index order (default: decoded one dimension at a
    /// time from the all-zero point).
    public var parameterValues: [[String]] {
        let counts = space.counts
        return counts.indices.map { dimension in
            (0..<counts[dimension]).map { index in
                var point = Array(repeating: 0, count: counts.count)
                point[dimension] = index
                return decode(point)[dimension]
            }
        }
    }
    /// The unit of each objective ("" when none; default: none).
    public var objectiveUnits: [String] { objectiveNames.map { _ in "" } }
    /// Every metric an evaluation reports besides the objectives (`Evaluation.metrics`); default none.
    public var metricNames: [String] { [] }
    public var metricUnits: [String] { metricNames.map { _ in "" } }

    public func problem(budget: Int) -> SearchProblem {
        SearchProblem(space: space, objectiveCount: objectiveNames.count, budget: budget, ordered: ordered)
    }
}
