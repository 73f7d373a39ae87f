import ArcadeExplore
import Foundation

/// Shared by the Exploration/Comparison/SVGPlot tests: small synthetic spaces with known optima,
/// an evaluator that records what it was asked, and agents that propose a fixed script.

/// f(x, y) = (x − 7)² + (y − 3)² + 1 on 20 × 15 points: unique optimum 1 at x = 7, y = 3.
/// Points with x + y > 30 are infeasible, so failure handling is exercised.
func bowlEvaluator() -> SyntheticEvaluator {
    SyntheticEvaluator(parameters: [.init(name: "x", values: (0..<20).map { "x\($0)" }),
                                    .init(name: "y", values: (0..<15).map { "y\($0)" })],
                       objectiveNames: ["cost"]) { point in
        let (x, y) = (Double(point[0]), Double(point[1]))
        if point[0] + point[1] > 30 { return .infeasible("x + y > 30") }
        return .feasible([(x - 7) * (x - 7) + (y - 3) * (y - 3) + 1])
    }
}

/// Two conflicting objectives on 12 × 12 points: latency falls and area grows with `size`;
/// `waste` only makes both worse, so the exact front is the 12 points with waste = 0.
func tradeoffEvaluator() -> SyntheticEvaluator {
    SyntheticEvaluator(parameters: [.init(name: "size", values: (0..<12).map { String(1 << $0) }),
                                    .init(name: "waste", values: (0..<12).map(String.init))],
                       objectiveNames: ["latency", "area"]) { point in
        let size = Double(1 << point[0]), waste = 1 + Double(point[1]) / 4
        return .feasible([1000 / size * waste, (size + 10) * waste])
    }
}

/// Wraps an evaluator and records every batch it was asked to score.
final class RecordingEvaluator<Base: PointEvaluator>: PointEvaluator, @unchecked Sendable {
    let base: Base
    /// Seconds to sleep per evaluated point (to make evaluation time visible).
    let delayPerPoint: Double
    private let lock = NSLock()
    private var recorded: [[[Int]]] = []

    init(_ base: Base, delayPerPoint: Double = 0) {
        self.base = base
        self.delayPerPoint = delayPerPoint
    }

    var batches: [[[Int]]] { lock.withLock { recorded } }
    var evaluatedPoints: [[Int]] { batches.flatMap { $0 } }

    var space: MultiDiscreteSpace { base.space }
    var objectiveNames: [String] { base.objectiveNames }
    var ordered: [Bool] { base.ordered }
    var parameterNames: [String] { base.parameterNames }
    func decode(_ point: [Int]) -> [String] { base.decode(point) }

    func evaluate(_ points: [[Int]]) -> [(evaluation: Evaluation, failure: String?)] {
        lock.withLock { recorded.append(points) }
        if delayPerPoint > 0 { Thread.sleep(forTimeInterval: delayPerPoint * Double(points.count)) }
        return base.evaluate(points)
    }
}

/// Proposes a fixed script of batches (then repeats the last batch), records what it observed,
/// and optionally burns time in propose to look like an expensive optimiser.
struct ScriptedAgent: SearchAgent {
    static let name = "scripted"
    static let summary = "test agent"
    static let hyperparameters: [HyperparameterSpec] = []

    var script: [[[Int]]] = []
    var step = 0
    var secondsPerPropose = 0.0
    var observed: [Evaluation] = []

    init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {}

    init(script: [[[Int]]], secondsPerPropose: Double = 0) {
        self.script = script
        self.secondsPerPropose = secondsPerPropose
    }

    mutating func propose(count: Int) -> [[Int]] {
        if secondsPerPropose > 0 { Thread.sleep(forTimeInterval: secondsPerPropose) }
        defer { step += 1 }
        return script[min(step, script.count - 1)]
    }

    mutating func observe(_ evaluations: [Evaluation]) { observed += evaluations }
}

func runScripted(_ script: [[[Int]]], evaluator: some PointEvaluator, budget: Int, batch: Int = 1,
                 secondsPerPropose: Double = 0, cache: EvaluationCache? = nil) -> (ExplorationRun, ScriptedAgent) {
    var agent: any SearchAgent = ScriptedAgent(script: script, secondsPerPropose: secondsPerPropose)
    let hyperparameters = try! Hyperparameters(specs: [], agent: "scripted")
    let run = Exploration.run(&agent, name: "scripted", hyperparameters: hyperparameters, seed: 0,
                              evaluator: evaluator, budget: budget, batch: batch, cache: cache)
    return (run, agent as! ScriptedAgent)
}
