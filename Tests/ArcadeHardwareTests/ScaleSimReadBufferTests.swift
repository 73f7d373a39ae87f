import Testing
import ArcadeWorkloads
@testable import ArcadeHardware

/// The fold-granular CALC-mode read window (`SystolicLayerSimulation.foldWindowMisses`) against the
/// element-by-element walk of SCALE-Sim's demand stream (`referenceWalkIfmap` / `referenceWalkFilter`),
/// on seeded random layers, arrays and window capacities — most of them small enough that the
/// window evicts many times, inside folds as well as on fold boundaries.
struct ScaleSimReadBufferTests {
    /// SplitMix64: a fixed, portable sequence, so a failure reproduces from its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomLayer(_ rng: inout SeededGenerator) -> WorkloadLayer {
        if Int.random(in: 0..<4, using: &rng) == 0 {
            return .gemm(GEMMLayer(name: "g", m: .random(in: 1...40, using: &rng),
                                   n: .random(in: 1...40, using: &rng), k: .random(in: 1...40, using: &rng)))
        }
        let filterHeight = Int.random(in: 1...4, using: &rng), filterWidth = Int.random(in: 1...4, using: &rng)
        return .conv(ConvLayer(name: "c", ifmapHeight: filterHeight + .random(in: 0...9, using: &rng),
                               ifmapWidth: filterWidth + .random(in: 0...9, using: &rng),
                               filterHeight: filterHeight, filterWidth: filterWidth,
                               channels: .random(in: 1...6, using: &rng), filterCount: .random(in: 1...20, using: &rng),
                               stride: .random(in: 1...3, using: &rng)))
    }

    @Test("fold-granular window equals the element walk on random layers", arguments: Dataflow.allCases)
    func foldWindowMatchesWalk(_ dataflow: Dataflow) {
        var rng = SeededGenerator(state: 0x5CA1E_0000 + UInt64(Dataflow.allCases.firstIndex(of: dataflow)!))
        var injectiveCases = 0
        defer { #expect(injectiveCases > 50, "too few layers without overlapping windows: \(injectiveCases)") }
        for trial in 0..<200 {
            let layer = Self.randomLayer(&rng)
            let geometry = Im2ColGeometry(layer)
            let (rows, columns) = (Int.random(in: 1...9, using: &rng), Int.random(in: 1...9, using: &rng))
            let grid = FoldGrid(mapping: FoldMapping(LayerGEMM(m: geometry.m, n: geometry.filters, k: geometry.k),
                                                     dataflow: dataflow), rows: rows, columns: columns)
            for capacity in [Int.random(in: 1...6, using: &rng), Int.random(in: 7...60, using: &rng),
                             Int.random(in: 61...400, using: &rng)] {
                let label = "trial \(trial) \(layer) \(rows)x\(columns) capacity \(capacity)"
                let ifmapWalk = SystolicLayerSimulation.referenceWalkIfmap(
                    geometry: geometry, grid: grid, dataflow: dataflow, capacity: capacity)
                let ifmapFast = SystolicLayerSimulation.foldWindowMisses(
                    ifmap: true, geometry: geometry, grid: grid, dataflow: dataflow, capacity: capacity)
                #expect(ifmapFast == ifmapWalk, "ifmap \(label)")
                if geometry.ifmapIsInjective {
                    let closed = ScaleSimDistinctReads.injectiveIfmapMisses(
                        geometry: geometry, grid: grid, dataflow: dataflow, capacity: capacity)
                    #expect(closed == ifmapWalk, "ifmap closed form \(label)")
                    injectiveCases += 1
                }
                let filterWalk = SystolicLayerSimulation.referenceWalkFilter(
                    geometry: geometry, grid: grid, dataflow: dataflow, capacity: capacity)
                let filterFast = SystolicLayerSimulation.foldWindowMisses(
                    ifmap: false, geometry: geometry, grid: grid, dataflow: dataflow, capacity: capacity)
                #expect(filterFast == filterWalk, "filter \(label)")
                let filterClosed = ScaleSimDistinctReads.filterMisses(
                    geometry: geometry, grid: grid, dataflow: dataflow, capacity: capacity)
                #expect(filterClosed == filterWalk, "filter closed form \(label)")
            }
        }
    }

    @Test("write buffer: outputs before a line in closed form equal the column-by-column sum")
    func foldOutputsClosedForm() {
        for firstRow in [0, 1, 7, 31] {
            for rowsValid in [1, 2, 5, 16, 64] {
                for columnsValid in [0, 1, 3, 8, 33] {
                    let fold = OfmapWriteBufferModel.FoldOutputs(firstRow: firstRow, rowsValid: rowsValid,
                                                                 columnsValid: columnsValid)
                    for line in -2...(firstRow + rowsValid + columnsValid + 2) {
                        #expect(fold.outputs(beforeLine: line) == fold.referenceOutputs(beforeLine: line),
                                "firstRow \(firstRow) rows \(rowsValid) columns \(columnsValid) line \(line)")
                    }
                }
            }
        }
    }

    /// Whole layers through `simulate` with SRAMs of 1–3 KiB (windows of 500–1500 words, the
    /// smallest SCALE-Sim allows), on layers large enough to evict: DRAM reads equal the walk's.
    @Test("simulate uses the fold-granular window with SCALE-Sim's capacities", arguments: Dataflow.allCases)
    func simulateMatchesWalk(_ dataflow: Dataflow) {
        var rng = SeededGenerator(state: 0xA4CADE + UInt64(Dataflow.allCases.firstIndex(of: dataflow)!))
        for _ in 0..<12 {
            let filterSize = Int.random(in: 1...3, using: &rng)
            let layer = WorkloadLayer.conv(ConvLayer(
                name: "c", ifmapHeight: .random(in: 8...24, using: &rng), ifmapWidth: .random(in: 8...24, using: &rng),
                filterHeight: filterSize, filterWidth: filterSize, channels: .random(in: 4...24, using: &rng),
                filterCount: .random(in: 8...48, using: &rng), stride: .random(in: 1...2, using: &rng)))
            let config = SystolicArrayConfig(rows: .random(in: 4...16, using: &rng), columns: .random(in: 4...16, using: &rng),
                                             dataflow: dataflow, ifmapSRAMKiB: .random(in: 1...3, using: &rng),
                                             filterSRAMKiB: .random(in: 1...3, using: &rng))
            let geometry = Im2ColGeometry(layer)
            let grid = FoldGrid(mapping: FoldMapping(LayerGEMM(m: geometry.m, n: geometry.filters, k: geometry.k),
                                                     dataflow: dataflow), rows: config.rows, columns: config.columns)
            let result = SystolicLayerSimulation.simulate(layer, config: config, mode: .scaleSim)
            let ifmapCapacity = EstimateReadBuffer(sramKiB: config.ifmapSRAMKiB).capacity!
            let filterCapacity = EstimateReadBuffer(sramKiB: config.filterSRAMKiB).capacity!
            let ifmapWalk = SystolicLayerSimulation.referenceWalkIfmap(
                geometry: geometry, grid: grid, dataflow: dataflow, capacity: ifmapCapacity)
            let filterWalk = SystolicLayerSimulation.referenceWalkFilter(
                geometry: geometry, grid: grid, dataflow: dataflow, capacity: filterCapacity)
            #expect(result.dramReadsIfmap == ifmapWalk, "\(layer) \(config.rows)x\(config.columns)")
            #expect(result.dramReadsFilter == filterWalk, "\(layer) \(config.rows)x\(config.columns)")
        }
    }
}
