import ArcadeCore
import Foundation
import Testing
@testable import ArcadeHardware

@Suite struct SystolicMemoryCouplingTests {
    static let root = #filePath.components(separatedBy: "/Tests/")[0]

    func coupling(_ file: String) throws -> SystolicMemoryCoupling {
        let model = try #require(try HardwareRegistry.loadArchitecture(path: "\(Self.root)/Architectures/dram/\(file)") as? DRAMModel)
        return SystolicMemoryCoupling(memory: model.config, sourceText: model.sourceText)
    }

    func layer(computeCycles: Int, ifmapWords: Int, ofmapWords: Int = 0) -> SystolicLayerResult {
        SystolicLayerResult(name: "L", cycles: computeCycles, stallCycles: 0, macs: 1, folds: 1, computeUtilization: 1,
                            overallUtilization: 1, mappingEfficiency: 1, sramReadsIfmap: 0, sramReadsFilter: 0,
                            sramWritesOfmap: 0, dramReadsIfmap: ifmapWords, dramReadsFilter: 0, dramWritesOfmap: ofmapWords)
    }

    @Test func memoryBoundLayerStallsForTheTransferTime() throws {
        let ddr4 = try coupling("ddr4-2400.yaml")
        let config = SystolicArrayConfig(rows: 8, columns: 8, dataflow: .outputStationary, clockPeriodPicoseconds: 1000)
        // 10,000 lines of 64 B read sequentially: at DDR4-2400's peak (64 B per nBL = 4 cycles of
        // 833 ps) that is 33.3 µs = 33,320 array cycles at 1 GHz; compute takes only 100.
        let (stalls, _) = try ddr4.layerPacedStallCycles(for: layer(computeCycles: 100, ifmapWords: 640_000), config: config)
        let ideal = 10_000 * 4 * 833 / 1000 - 100
        #expect(stalls >= ideal, "stalls \(stalls) below the peak-bandwidth bound \(ideal)")
        // Streaming DDR4-2400 reaches ~75% of peak (refresh, row switches): the peers need 5.1–5.35M
        // cycles for 1M streamed requests against the ideal 4M (shared/notes/peers.md).
        #expect(Double(stalls) <= Double(ideal) * 1.4, "stalls \(stalls) far above the streaming time \(ideal)")
    }

    @Test func computeBoundLayerBarelyStalls() throws {
        let hbm = try coupling("hbm2.yaml")
        let config = SystolicArrayConfig(rows: 8, columns: 8, dataflow: .outputStationary, clockPeriodPicoseconds: 1000)
        // 100 lines spread over 1,000,000 cycles: only the last transfer's latency (< 1 µs) can stick out.
        let (stalls, _) = try hbm.layerPacedStallCycles(for: layer(computeCycles: 1_000_000, ifmapWords: 6_400), config: config)
        #expect(stalls < 1000)
    }

    @Test func moreChannelsStallLess() throws {
        let config = SystolicArrayConfig(rows: 8, columns: 8, dataflow: .outputStationary, clockPeriodPicoseconds: 1000)
        let busy = layer(computeCycles: 5_000, ifmapWords: 300_000, ofmapWords: 100_000)
        let ddr4 = try coupling("ddr4-2400.yaml").layerPacedStallCycles(for: busy, config: config).stalls
        let hbm2 = try coupling("hbm2.yaml").layerPacedStallCycles(for: busy, config: config).stalls
        #expect(ddr4 > 0 && hbm2 < ddr4)
    }

    @Test func requestsArePacedReadsAndWritesInterleaved() throws {
        let ddr4 = try coupling("ddr4-2400.yaml")
        let config = SystolicArrayConfig(rows: 8, columns: 8, dataflow: .outputStationary, clockPeriodPicoseconds: 1000)
        let requests = ddr4.requests(for: layer(computeCycles: 8_330, ifmapWords: 64 * 30, ofmapWords: 64 * 10), config: config)
        #expect(requests.count == 40)
        #expect(requests.filter { $0.kind == .write }.count == 10)
        // Every 4th request is a write (30 : 10), and arrivals span the 10,000 memory cycles of compute.
        #expect(requests.prefix(4).filter { $0.kind == .write }.count == 1)
        let arrivals = requests.compactMap(\.arrivalCycle)
        #expect(arrivals.first == 0 && arrivals.last! < 10_000 && zip(arrivals, arrivals.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func architectureFileErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let base = "family: systolic\nrows: 8\ncolumns: 8\ndataflow: os\n"
        let cases: [(String, String)] = [
            (base + "memory: \(Self.root)/Architectures/dram/ddr4-2400.yaml\ndram_bandwidth_words_per_cycle: 4\n", "not both"),
            (base + "memory: \(Self.root)/Architectures/systolic/scalesim-32x32-os.yaml\n", "expected family: dram"),
            (base + "memory: nowhere.yaml\n", "not found"),
        ]
        for (index, (text, fragment)) in cases.enumerated() {
            let path = directory.appendingPathComponent("a\(index).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: InputError.self) { try HardwareRegistry.loadArchitecture(path: path) }
            #expect(error?.field == "memory", "\(String(describing: error))")
            #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
        }
    }
}
