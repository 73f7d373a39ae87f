import Testing
@testable import ArcadeHardware

@Suite struct SystolicCostModelTests {
    @Test func areaByHand() {
        let config = SystolicArrayConfig(rows: 8, columns: 8, dataflow: .outputStationary,
                                         ifmapSRAMKiB: 64, filterSRAMKiB: 64, ofmapSRAMKiB: 64)
        // PE: (282 + 36) µm² × 1.5 = 477 µm², × 64 PEs = 30,528 µm².
        // SRAM: 192 KiB = 1,572,864 bits × 0.346 µm² × 1.5 = 816,316.4 µm².
        let sramSquareMicrons: Double = 1_572_864 * 0.346 * 1.5
        let expected = (30_528 + sramSquareMicrons) / 1_000_000
        #expect(abs(SystolicCostModel(config: config).areaSquareMillimeters - expected) < 1e-12)
    }

    @Test func energyByHand() {
        let config = SystolicArrayConfig(rows: 4, columns: 4, dataflow: .weightStationary,
                                         ifmapSRAMKiB: 8, filterSRAMKiB: 32, ofmapSRAMKiB: 8, wordBytes: 2)
        let layer = SystolicLayerResult(name: "x", cycles: 10, stallCycles: 0, macs: 1000, folds: 1,
                                        computeUtilization: 0, overallUtilization: 0, mappingEfficiency: 0,
                                        sramReadsIfmap: 100, sramReadsFilter: 10, sramWritesOfmap: 20,
                                        dramReadsIfmap: 5, dramReadsFilter: 6, dramWritesOfmap: 7)
        // MAC at 2 bytes: 0.2·4 + 0.03·2 = 0.86 pJ. SRAM per byte: 8 KiB 1.25 pJ, 32 KiB 2.5 pJ; words are 2 bytes.
        let macs: Double = 1000 * 0.86
        let sram: Double = 100 * 2 * 1.25 + 10 * 2 * 2.5 + 20 * 2 * 1.25
        let dram: Double = 18 * 2 * 162.5
        let picojoules = macs + sram + dram
        #expect(abs(SystolicCostModel(config: config).energyMicrojoules([layer]) - picojoules / 1e6) < 1e-12)
    }

    @Test func biggerArraysCostMoreArea() {
        let small = SystolicArrayConfig(rows: 16, columns: 16, dataflow: .outputStationary)
        let large = SystolicArrayConfig(rows: 32, columns: 16, dataflow: .outputStationary)
        #expect(SystolicCostModel(config: large).areaSquareMillimeters > SystolicCostModel(config: small).areaSquareMillimeters)
    }
}
