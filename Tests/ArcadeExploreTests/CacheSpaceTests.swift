import ArcadeCore
import Testing
@testable import ArcadeExplore

/// The shipped cache capacity study: knobs that reach into the `levels` list by name, a gzip'd
/// (binary) trace as the space's workload, and the last level sized by its stacked layers.
@Suite struct CacheSpaceTests {
    @Test func capacityStudySizesTheStackedLevel() throws {
        let evaluator = try DesignSpaceEvaluator(path: DesignSpaceFixture.spacesDirectory + "/cache-stacked-capacity.yaml",
                                                 parallelism: 2)
        #expect(evaluator.parameterNames == ["levels.L3.stacked.layers", "levels.L3.stacked.layer_kib",
                                             "levels.L3.stacked.vertical_latency_cycles"])
        #expect(evaluator.space.counts == [9, 3, 2])
        // 2 layers of 64 KiB over the 32 KiB base die: L3 160 KiB, + 16 KiB L1 + 32 KiB L2.
        let point = try evaluator.designSpace.simulate([2, 1, 0])
        #expect(point.total("capacity_bytes") == .int(212_992))
        #expect(point.total("stacked_layers") == .int(2))
        #expect(point.total("memory_reads") == .int(67_288))    // the README's study table
    }
}
