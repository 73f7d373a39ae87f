import Foundation
import Testing
import ArcadeWorkloads
@testable import ArcadeHardware

/// `.native` numbers against `.scaleSim` ones: only the documented differences, and speed.
struct ScaleSimNativeTests {
    static let resnet18 = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Workloads/conv/resnet18.csv").standardized.path

    @Test("native differs from SCALE-Sim only where documented", arguments: Dataflow.allCases)
    func nativeDifferences(_ dataflow: Dataflow) {
        let config = SystolicArrayConfig(rows: 8, columns: 16, dataflow: dataflow)
        let layers: [WorkloadLayer] = [
            .conv(ConvLayer(name: "c", ifmapHeight: 12, ifmapWidth: 10, filterHeight: 3, filterWidth: 3,
                            channels: 7, filterCount: 21, stride: 2)),
            .gemm(GEMMLayer(name: "g", m: 37, n: 19, k: 53)),
        ]
        for layer in layers {
            let scale = SystolicLayerSimulation.simulate(layer, config: config, mode: .scaleSim)
            let native = SystolicLayerSimulation.simulate(layer, config: config, mode: .native)
            let gemm = LayerGEMM(layer)
            let fold = FoldModel(gemm: gemm, rows: 8, columns: 16, dataflow: dataflow)
            #expect(native.cycles == fold.computeCycles)
            #expect(scale.cycles == fold.computeCycles - 1)
            #expect(native.sramWritesOfmap == gemm.m * gemm.n)
            #expect(native.dramWritesOfmap == gemm.m * gemm.n)
            #expect(native.sramReadsIfmap == scale.sramReadsIfmap)
            #expect(native.dramReadsIfmap == scale.dramReadsIfmap)
            #expect(native.dramReadsFilter == scale.dramReadsFilter)
            #expect(abs(native.mappingEfficiency - fold.mappingEfficiency * 100) < 1e-9)
            #expect(abs(native.computeUtilization
                        - Double(gemm.macs) * 100 / Double(fold.computeCycles * 128)) < 1e-9)
        }
    }

    @Test("a depthwise layer reports the sum of SCALE-Sim's per-channel rows")
    func depthwiseSumsChannels() {
        let config = SystolicArrayConfig(rows: 8, columns: 8, dataflow: .outputStationary)
        let layer = WorkloadLayer.conv(ConvLayer(name: "DPconv", ifmapHeight: 8, ifmapWidth: 8, filterHeight: 3,
                                                 filterWidth: 3, channels: 5, filterCount: 4, stride: 1,
                                                 isDepthwise: true))
        let rows = SystolicLayerSimulation.scaleSimLayers(layer)
        #expect(rows.map(\.name) == (0..<5).map { "DPconvChannel_\($0)" })
        let one = SystolicLayerSimulation.simulate(rows[0], config: config, mode: .scaleSim)
        let all = SystolicLayerSimulation.simulate(layer, config: config, mode: .scaleSim)
        #expect(all.cycles == 5 * one.cycles)
        #expect(all.dramReadsIfmap == 5 * one.dramReadsIfmap)
        #expect(all.computeUtilization == one.computeUtilization)
    }

    /// SCALE-Sim needs 6–9 minutes for ResNet-18; the target is ≥ 1000× faster.
    @Test("all of ResNet-18, three dataflows, in well under a second")
    func resnet18IsFast() throws {
        guard FileManager.default.fileExists(atPath: Self.resnet18) else { return }
        let topology = try TopologyReader.read(path: Self.resnet18)
        let clock = ContinuousClock()
        var cycles = 0
        let elapsed = clock.measure {
            for dataflow in Dataflow.allCases {
                let config = SystolicArrayConfig(rows: 32, columns: 32, dataflow: dataflow,
                                                 ifmapSRAMKiB: 6144, filterSRAMKiB: 6144, ofmapSRAMKiB: 2048)
                for layer in topology.layers {
                    cycles += SystolicLayerSimulation.simulate(layer, config: config, mode: .scaleSim).cycles
                }
            }
        }
        #expect(cycles > 0)
        #expect(elapsed < .milliseconds(900), "ResNet-18 × 3 dataflows took \(elapsed)")
    }
}
