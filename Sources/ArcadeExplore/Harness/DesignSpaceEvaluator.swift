import ArcadeKernel
import ArcadeCore
import Foundation

/// Scores design points of a `DesignSpace` by simulating them: the bridge between agents (which
/// see only indices) and the simulator.
///
/// - Constraint violations come back infeasible with the violated constraint as the reason, without
///   simulating; points outside the encoding likewise.
/// - A point the simulator rejects (`InputError`) comes back infeasible with the message.
/// - Every simulated point is cached by (point, `ArcadeVersion.current`): asking again costs a
///   dictionary lookup, within a batch, across batches, and across agents sharing this evaluator.
/// - A batch runs on all cores (`DispatchQueue.concurrentPerform`); results come back in input
///   order and do not depend on scheduling (each simulation is a pure function of its point).
///
/// ```swift
/// let evaluator = try DesignSpaceEvaluator(path: "Workloads/spaces/systolic-tiny.yaml")
/// let results = evaluator.evaluate([[0, 1, 2], [3, 0, 1]])
/// print(results[0].evaluation.objectives, evaluator.simulationsRun)
/// ```
public final class DesignSpaceEvaluator: PointEvaluator {
    public let designSpace: DesignSpace
    public let cache: DesignSpaceEvaluationCache
    /// Parallel simulations per batch (default: all cores).
    public let parallelism: Int

    public init(space: DesignSpace, cache: DesignSpaceEvaluationCache = DesignSpaceEvaluationCache(),
                parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.designSpace = space
        self.cache = cache
        self.parallelism = max(1, parallelism)
    }

    public convenience init(path: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        self.init(space: try DesignSpaceFile.load(path: path), parallelism: parallelism)
    }

    public var space: MultiDiscreteSpace { designSpace.encoding }
    public var objectiveNames: [String] { designSpace.objectiveNames }
    public var ordered: [Bool] { designSpace.ordered }
    public var parameterNames: [String] { designSpace.parameterNames }
    public func decode(_ point: [Int]) -> [String] { designSpace.decode(point) }
    public var parameterValues: [[String]] { designSpace.parameters.map(\.values) }
    public var objectiveUnits: [String] { designSpace.objectiveUnits }
    public var metricNames: [String] { designSpace.metrics.map(\.name) }
    public var metricUnits: [String] { designSpace.metrics.map(\.unit) }

    public var simulationsRun: Int { cache.simulationsRun }
    public var cacheHits: Int { cache.cacheHits }

    public func evaluate(_ points: [[Int]]) -> [(evaluation: Evaluation, failure: String?)] {
        var results = [DesignSpaceEvaluationCache.Entry?](repeating: nil, count: points.count)
        // Points to simulate: first occurrence of each uncached feasible point; repeats wait for it.
        var pending: [Int] = []
        var firstIndex: [[Int]: Int] = [:]
        for (index, point) in points.enumerated() {
            if let reason = infeasibility(point) {
                results[index] = (Evaluation(point: point, objectives: [], feasible: false), reason)
            } else if let cached = cache.lookup(point) {
                results[index] = cached
            } else if firstIndex[point] == nil {
                firstIndex[point] = index
                pending.append(index)
            }
        }
        let simulated = simulateInParallel(pending.map { points[$0] })
        for (slot, index) in pending.enumerated() {
            results[index] = simulated[slot]
            cache.store(simulated[slot], for: points[index], simulated: true)
        }
        for (index, point) in points.enumerated() where results[index] == nil {
            results[index] = results[firstIndex[point]!]
            cache.countHit()
        }
        return results.map { $0! }
    }

    /// Why `point` cannot be evaluated without simulating, or nil.
    func infeasibility(_ point: [Int]) -> String? {
        guard designSpace.encoding.contains(point) else {
            return "point \(point) is outside the space (counts \(designSpace.encoding.counts))"
        }
        guard let violated = designSpace.violatedConstraint(point) else { return nil }
        return "violates constraint '\(violated.text)'" + (violated.line.map { " (line \($0))" } ?? "")
    }

    func simulateInParallel(_ points: [[Int]]) -> [DesignSpaceEvaluationCache.Entry] {
        guard points.count > 1, parallelism > 1 else { return points.map(simulateOne) }
        let output = ResultSlots(count: points.count)
        // Strided chunks: one worker per core, each taking every parallelism-th point, so a batch
        // of slow (small-SRAM) points spreads across workers.
        let workers = min(parallelism, points.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: points.count, by: workers) {
                output.set(index, simulateOne(points[index]))
            }
        }
        return output.values()
    }

    func simulateOne(_ point: [Int]) -> DesignSpaceEvaluationCache.Entry {
        do {
            let report = try designSpace.simulate(point)
            let objectives = try designSpace.objectiveValues(from: report)
            return (Evaluation(point: point, objectives: objectives, feasible: true,
                               metrics: designSpace.metricValues(from: report)), nil)
        } catch {
            return (Evaluation(point: point, objectives: [], feasible: false), Self.failureReason(error))
        }
    }

    /// The reason recorded with a failed point: the input error's message, or — for a point whose
    /// chip deadlocked — the deadlock report (blocked components, full and empty channels).
    static func failureReason(_ error: any Error) -> String {
        switch error {
        case let error as InputError: return error.description
        case let deadlock as DeadlockReport: return deadlock.description
        default: return "\(error)"
        }
    }
}

/// Disjoint slots written by concurrent workers (each index by exactly one), read after they join.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [DesignSpaceEvaluationCache.Entry?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ entry: DesignSpaceEvaluationCache.Entry) { lock.withLock { slots[index] = entry } }

    func values() -> [DesignSpaceEvaluationCache.Entry] { lock.withLock { slots.map { $0! } } }
}
