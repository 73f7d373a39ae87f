import ArcadeCore
import Testing
@testable import ArcadeExplore

/// The shipped FPGA design spaces: they load although their largest corners (and some single knob
/// values on the base design) do not fit the board, and those corners come back as infeasible points
/// whose reason names the resource; feasible points report their objectives.
@Suite struct FPGASpaceTests {
    static func evaluator(_ name: String) throws -> DesignSpaceEvaluator {
        try DesignSpaceEvaluator(path: DesignSpaceFixture.spacesDirectory + "/\(name).yaml", parallelism: 2)
    }

    @Test("every shipped FPGA space loads; its top corner is infeasible naming the resource, a small point runs",
          arguments: ["fpga-swat-u280", "fpga-swat-boards", "fpga-ubimoe-u280", "fpga-attention-scaling"])
    func shippedSpaces(name: String) throws {
        let evaluator = try Self.evaluator(name)
        let counts = evaluator.space.counts
        let top = counts.map { $0 - 1 }
        // Index 1 of every knob: small, but not the slowest corner.
        let small = counts.map { min(1, $0 - 1) }
        let results = evaluator.evaluate([top, small])
        if name != "fpga-attention-scaling" {
            let reason = try #require(results[0].failure, "\(name): the largest corner fits")
            #expect(reason.contains("field 'resources."), "\(name): \(reason)")
            #expect(reason.contains("more than the") && reason.contains("available"), "\(name): \(reason)")
            #expect(!results[0].evaluation.feasible)
        }
        #expect(results[1].failure == nil, "\(name): \(results[1].failure ?? "")")
        #expect(results[1].evaluation.feasible && results[1].evaluation.objectives.allSatisfy { $0 > 0 && $0.isFinite })
    }

    /// On the boards space the same engine (4 lanes of 16 PEs × 32-wide FP16 vectors, 8,192 DSPs for
    /// the MACs) fits the U250's 11,059 DSPs but not the U280's 8,121.
    @Test func theBoardDecidesWhatFits() throws {
        let evaluator = try Self.evaluator("fpga-swat-boards")
        #expect(evaluator.parameterNames.first == "device")
        // device, heads_parallel = 4, pes = 16, vector_width = 32, buffer, uram.
        let u280 = [0, 3, 1, 2, 0, 0], u250 = [2, 3, 1, 2, 0, 0]
        let results = evaluator.evaluate([u280, u250])
        #expect(results[0].failure?.contains("field 'resources.dsp'") == true, "\(results[0].failure ?? "fits")")
        #expect(results[0].failure?.contains("8,121 available on alveo-u280") == true, "\(results[0].failure ?? "fits")")
        #expect(results[1].failure == nil && results[1].evaluation.feasible)
    }
}
