import ArcadeCore
import ArcadeKernel
import ArcadeWorkloads
import Foundation
import Testing
@testable import ArcadeHardware

/// The systolic array as a component over a memory port.
@Suite struct SystolicComponentTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]

    func plans(_ layers: [WorkloadLayer], _ config: SystolicArrayConfig, lineBytes: Int) -> ([[SystolicFoldTraffic]], [SystolicLayerResult]) {
        let model = SystolicArrayModel(config: config, sourceText: "")
        let topology = Topology(name: "t", kind: .gemm, layers: layers)
        let results = model.simulate(topology, mode: .native)
        return (model.foldPlans(topology, results: results, lineBytes: lineBytes), results)
    }

    func cycles(_ layers: [WorkloadLayer], _ config: SystolicArrayConfig, latency: UInt64, bytesPerCycle: Int?,
                lineBytes: Int = 64) throws -> (timed: [Int], closedForm: [SystolicLayerResult]) {
        let (plans, results) = plans(layers, config, lineBytes: lineBytes)
        let memory = FixedLatencyMemory(clock: config.clock,
                                        latencyCycles: latency, bytesPerCycle: bytesPerCycle)
        return (try SystolicMemoryCoupling.layerCycles(plans, config: config, memory: memory, lineBytes: lineBytes,
                                                        capacityBytes: 1 << 40), results)
    }

    /// An ideal memory (answers at once): no fold waits, so every layer takes exactly the closed
    /// form's cycles — over every dataflow, array shapes that fold both ways, and many layers.
    @Test("ideal memory = closed form", arguments: Dataflow.allCases)
    func idealMemoryEqualsClosedForm(_ dataflow: Dataflow) throws {
        let layers: [WorkloadLayer] = [
            .gemm(GEMMLayer(name: "a", m: 37, n: 19, k: 23)), .gemm(GEMMLayer(name: "b", m: 1, n: 64, k: 3)),
            .gemm(GEMMLayer(name: "c", m: 128, n: 8, k: 200)), .gemm(GEMMLayer(name: "d", m: 5, n: 5, k: 5)),
        ]
        for (rows, columns) in [(4, 4), (8, 3), (2, 16), (1, 1)] {
            let config = SystolicArrayConfig(rows: rows, columns: columns, dataflow: dataflow, ifmapSRAMKiB: 1,
                                             filterSRAMKiB: 1, ofmapSRAMKiB: 1)
            let (timed, closed) = try cycles(layers, config, latency: 0, bytesPerCycle: nil)
            #expect(timed == closed.map(\.cycles), "\(rows)x\(columns) \(dataflow)")
        }
    }

    /// Worked by hand: a 2×2 OS array, one 2×2×2 GEMM (one fold of T + R + C − 2 = 4 cycles),
    /// 1-byte words, 4-byte lines: one ifmap line, one filter line, one ofmap line. The memory
    /// moves 4 bytes per cycle and answers 10 cycles after a transfer: the ifmap line occupies
    /// cycle 0 (response at 11), the filter line cycle 1 (response at 12); the fold runs 12–16;
    /// its write occupies cycle 16 and completes at 27. 27 cycles, 23 of them stalls.
    @Test func handComputedFixedLatencyCase() throws {
        let config = SystolicArrayConfig(rows: 2, columns: 2, dataflow: .outputStationary)
        let layers: [WorkloadLayer] = [.gemm(GEMMLayer(name: "g", m: 2, n: 2, k: 2))]
        let (plans, _) = plans(layers, config, lineBytes: 4)
        #expect(plans[0][0].ifmapLines == [1] && plans[0][0].filterLines == [1] && plans[0][0].writeLines == [1])
        #expect(plans[0][0].cyclesPerFold == 4)
        let (timed, closed) = try cycles(layers, config, latency: 10, bytesPerCycle: 4, lineBytes: 4)
        #expect(closed[0].cycles == 4)
        #expect(timed == [27])
    }

    /// Per-fold bursts only add time: on DDR4 and HBM2 a network takes at least the layer-paced
    /// coupling's cycles (a fresh DRAM per layer, traffic paced evenly over the compute time).
    @Test("DRAM-backed network ≥ layer-paced bound", arguments: ["ddr4-2400.yaml", "hbm2.yaml"])
    func neverBelowLayerPacedBound(_ memoryFile: String) throws {
        let dram = try #require(try HardwareRegistry.loadArchitecture(path: "\(Self.root)/Architectures/dram/\(memoryFile)") as? DRAMModel)
        let coupling = SystolicMemoryCoupling(memory: dram.config, sourceText: "")
        let config = SystolicArrayConfig(rows: 16, columns: 16, dataflow: .weightStationary, ifmapSRAMKiB: 16,
                                         filterSRAMKiB: 16, ofmapSRAMKiB: 16)
        let model = SystolicArrayModel(config: config, sourceText: "", memory: coupling)
        let topology = try TopologyReader.read(path: "\(Self.root)/Workloads/gemm/mlp_small.csv")
        let closed = model.simulate(topology, mode: .native)
        let outcome = try coupling.run(model.foldPlans(topology, results: closed, lineBytes: dram.config.organization.accessBytes),
                                       config: config)
        var bound = 0
        for layer in closed { bound += layer.cycles + (try coupling.layerPacedStallCycles(for: layer, config: config)).stalls }
        let total = outcome.layerCycles.reduce(0, +)
        #expect(total >= bound, "\(memoryFile): \(total) < layer-paced \(bound)")
        #expect(total > closed.reduce(0) { $0 + $1.cycles }, "a real DRAM must cost some stall")
        #expect(outcome.dramRequests > 0 && outcome.dramEnergyNanojoules > 0)
    }

    /// The DRAM's own energy replaces the fixed per-byte estimate: DDR4, HBM2 and no memory give
    /// three different energies (they were all equal with the layer-paced coupling).
    @Test func energyIncludesTheDRAMModel() throws {
        func energy(_ file: String) throws -> Double {
            let model = try HardwareRegistry.loadArchitecture(path: "\(Self.root)/Architectures/systolic/\(file)")
            let report = try model.simulate(workloadPath: "\(Self.root)/Workloads/gemm/mlp_small.csv", options: SimulationOptions())
            guard case .double(let value) = report.totals.first(where: { $0.key == "energy_uj" })!.value else { return -1 }
            return value
        }
        let plain = try energy("tpu-like-128x128-ws.yaml")
        let ddr4 = try energy("tpu-like-128x128-ws-ddr4.yaml")
        let hbm2 = try energy("tpu-like-128x128-ws-hbm2.yaml")
        #expect(Set([plain, ddr4, hbm2]).count == 3)
        #expect(ddr4 > hbm2)
    }
}
