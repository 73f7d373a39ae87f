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

    /// Speed is measured by bench/scalesim_vs_arcade.sh, not here; this checks the shipped network's
    /// cycles against the fold model in both modes (compat is SCALE-Sim's one-short count per layer).
    @Test("ResNet-18, three dataflows: cycles are the fold model's, compat one less per layer")
    func resnet18CyclesFollowTheFoldModel() throws {
        let topology = try TopologyReader.read(path: Self.resnet18)
        for dataflow in Dataflow.allCases {
            let config = SystolicArrayConfig(rows: 32, columns: 32, dataflow: dataflow,
                                             ifmapSRAMKiB: 6144, filterSRAMKiB: 6144, ofmapSRAMKiB: 2048)
            for layer in topology.layers {
                let fold = FoldModel(gemm: LayerGEMM(layer), rows: 32, columns: 32, dataflow: dataflow)
                let native = SystolicLayerSimulation.simulate(layer, config: config, mode: .native)
                let compat = SystolicLayerSimulation.simulate(layer, config: config, mode: .scaleSim)
                #expect(native.cycles == fold.computeCycles, "\(layer.name) \(dataflow)")
                #expect(compat.cycles == fold.computeCycles - 1, "\(layer.name) \(dataflow)")
                #expect(native.macs == LayerGEMM(layer).macs)
            }
        }
    }
}
