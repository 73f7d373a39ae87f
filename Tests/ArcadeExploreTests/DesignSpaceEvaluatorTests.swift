import ArcadeCore
import Testing
@testable import ArcadeExplore

@Suite struct DesignSpaceEvaluatorTests {
    static let tinyPath = DesignSpaceFixture.spacesDirectory + "/systolic-tiny.yaml"

    func tiny(parallelism: Int = 2) throws -> DesignSpaceEvaluator {
        try DesignSpaceEvaluator(path: Self.tinyPath, parallelism: parallelism)
    }

    @Test func evaluatesAndExposesTheEncoding() throws {
        let evaluator = try tiny()
        #expect(evaluator.parameterNames == ["rows", "columns", "dataflow", "ifmap_sram_kib"])
        #expect(evaluator.space.counts == [5, 5, 3, 3])
        #expect(evaluator.ordered == [true, true, false, true])
        #expect(evaluator.objectiveNames == ["cycles"])
        let result = evaluator.evaluate([[3, 3, 0, 2]])[0]
        #expect(result.failure == nil)
        #expect(result.evaluation.feasible)
        // Same number the simulator reports for that architecture text.
        let report = try evaluator.designSpace.simulate([3, 3, 0, 2])
        #expect(result.evaluation.objectives == [report.total("cycles")!.doubleValue!])
        #expect(evaluator.decode([3, 3, 0, 2]) == ["32", "32", "os", "16"])
    }

    @Test func cacheRunsEachPointOnce() throws {
        let evaluator = try tiny()
        let first = evaluator.evaluate([[1, 1, 1, 1], [2, 2, 2, 2], [1, 1, 1, 1]])
        #expect(evaluator.simulationsRun == 2, "the repeat inside the batch is not simulated")
        #expect(evaluator.cacheHits == 1)
        #expect(first[0].evaluation == first[2].evaluation)
        let second = evaluator.evaluate([[2, 2, 2, 2], [1, 1, 1, 1]])
        #expect(evaluator.simulationsRun == 2, "a second evaluation of a point runs no simulation")
        #expect(evaluator.cacheHits == 3)
        #expect(second[0].evaluation == first[1].evaluation)
    }

    @Test func cacheIsSharedAndKeyedByVersion() throws {
        let space = try DesignSpaceFile.load(path: Self.tinyPath)
        let shared = DesignSpaceEvaluationCache()
        _ = DesignSpaceEvaluator(space: space, cache: shared).evaluate([[0, 0, 0, 0]])
        _ = DesignSpaceEvaluator(space: space, cache: shared).evaluate([[0, 0, 0, 0]])
        #expect(shared.simulationsRun == 1)
        #expect(shared.cacheHits == 1)
        let otherVersion = DesignSpaceEvaluationCache(simulatorVersion: "0.0.0-test")
        _ = DesignSpaceEvaluator(space: space, cache: otherVersion).evaluate([[0, 0, 0, 0]])
        #expect(otherVersion.simulationsRun == 1)
        #expect(shared.simulatorVersion == ArcadeVersion.current)
    }

    @Test func constraintViolationsAreNotSimulated() throws {
        let evaluator = try tiny()
        // rows 64 × columns 64 = 4096 > 2048
        let result = evaluator.evaluate([[4, 4, 0, 0]])[0]
        #expect(!result.evaluation.feasible)
        #expect(result.evaluation.objectives.isEmpty)
        #expect(result.evaluation.score == .infinity)
        #expect(result.failure?.contains("violates constraint 'rows * columns <= 2048'") == true)
        #expect(evaluator.simulationsRun == 0)
        let outside = evaluator.evaluate([[9, 0, 0, 0]])[0]
        #expect(!outside.evaluation.feasible)
        #expect(outside.failure?.contains("outside the space") == true)
    }

    @Test func simulatorRejectionIsInfeasibleWithTheMessage() throws {
        // A workload the simulator rejects when run (not at parse time of the space).
        let folder = DesignSpaceFixture.folder
        try "Layer Name, M, N, K,\nbad, 0, 4, 4,\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        let good = try DesignSpaceFixture.load(DesignSpaceFixture.basic)
        var space = good
        space.workloadPath = folder + "/bad.csv"
        let evaluator = DesignSpaceEvaluator(space: space)
        let result = evaluator.evaluate([[0, 0, 0, 0]])[0]
        #expect(!result.evaluation.feasible)
        #expect(result.failure?.contains("bad.csv") == true)
        #expect(evaluator.simulationsRun == 1, "a rejected point is cached too")
    }

    @Test func parallelEqualsSerialInInputOrder() throws {
        let serial = try tiny(parallelism: 1)
        let parallel = try tiny(parallelism: 4)
        let points = (0..<40).map { serial.space.point(rank: ($0 * 37) % serial.space.cardinality) }
        let serialResults = serial.evaluate(points)
        let parallelResults = parallel.evaluate(points)
        #expect(serialResults.map(\.evaluation) == parallelResults.map(\.evaluation))
        #expect(serialResults.map(\.failure) == parallelResults.map(\.failure))
        #expect(parallelResults.map(\.evaluation.point) == points)
    }
}
