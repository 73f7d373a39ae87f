import ArcadeCore
import Testing
@testable import ArcadeExplore

/// The shipped dataflow design spaces: a graph chosen by a knob (`graph:` includes), N swept
/// through `workload_overrides`, and deadlocked FIFO sizes recorded as failed with the reason.
@Suite struct DataflowSpaceTests {
    static func evaluator(_ name: String) throws -> DesignSpaceEvaluator {
        try DesignSpaceEvaluator(path: DesignSpaceFixture.spacesDirectory + "/\(name).yaml", parallelism: 2)
    }

    /// graph = [naive, reordered], N = 64 … 4096 (powers of two): the smallest N of each graph.
    @Test func scalingSpaceSwitchesGraphsAndSizes() throws {
        let evaluator = try Self.evaluator("dataflow-sdpa-scaling")
        #expect(evaluator.parameterNames == ["graph", "workload_overrides.sequence_length"])
        #expect(evaluator.space.counts == [2, 7])
        // The load-time dry run took the quickest end for dataflow: the smallest sizes.
        #expect(try DesignSpaceFile.firstFeasiblePoint(evaluator.designSpace, line: nil) == [0, 0])
        let naive = try evaluator.designSpace.simulate([0, 0]), reordered = try evaluator.designSpace.simulate([1, 0])
        #expect(naive.total("peak_fifo_occupancy") == .int(65))
        #expect(reordered.total("peak_fifo_occupancy") == .int(12))
        let n: Int64 = 64, log2D: Int64 = 4
        let reorderedCycles = n * n + 5 + log2D
        let naiveCycles = n * n + 2 * n + 7 + log2D + (n - 1)              // depth N + 1: full rate + (N − 1)
        #expect(reordered.total("cycles") == .int(reorderedCycles))
        #expect(naive.total("cycles") == .int(naiveCycles))
    }

    /// Bypass FIFOs of 56 (below N − 2 = 62) deadlock: a failed point whose reason names the
    /// blocked units; 62 runs.
    @Test func deadlockedSizesFailWithTheReason() throws {
        let evaluator = try Self.evaluator("dataflow-sdpa-fifos")
        let results = evaluator.evaluate([[0, 0, 0, 3, 3], [3, 3, 0, 3, 3]])
        let reason = try #require(results[0].failure)
        #expect(reason.hasPrefix("deadlock at") && reason.contains("fork_scores (waiting to send on scores_long"), "\(reason)")
        #expect(!results[0].evaluation.feasible)
        #expect(results[1].failure == nil && results[1].evaluation.feasible)
        #expect(evaluator.decode([3, 3, 0, 3, 3]) == ["62", "62", "2", "8", "8"])
    }
}
