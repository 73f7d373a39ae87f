import ArcadeCore
import ArcadeKernel
import Testing
@testable import ArcadeHardware

/// `dram_source` units: rows read from the DRAM component through its memory port, on the same
/// kernel as the dataflow units.
@Suite("Dataflow: sources on the DRAM component")
struct DataflowDRAMTests {
    typealias S = DataflowTestSupport

    /// The same values as the on-chip graph (the data path is the same), more cycles, and every
    /// K and V row read once per query row: 2·N² transactions of one 64-byte access each.
    @Test func hbm2GraphComputesTheSameOutputs() throws {
        let onChip = try S.run(try S.shipped("sdpa-reordered"), n: 64, d: 16)
        let hbm = try S.run(try S.shipped("sdpa-reordered-hbm2"), n: 64, d: 16)
        #expect(S.double(hbm, "max_abs_error") == S.double(onChip, "max_abs_error"))
        #expect(S.int(hbm, "dram_transactions") == Int64(2 * 64 * 64))
        let fast = try #require(S.int(onChip, "cycles")), slow = try #require(S.int(hbm, "cycles"))
        #expect(slow > fast && Double(slow) < 1.2 * Double(fast), "HBM2 \(slow) vs on-chip \(fast)")
        #expect(S.double(onChip, "dram_transactions") == nil)
    }

    /// On DDR4-2400 (19.2 GB/s peak) the graph wants 128 GB/s: it runs at the memory's pace, no
    /// faster than the bytes allow and within 10% of that bound.
    @Test func ddr4BoundsTheGraphByBandwidth() throws {
        let model = try S.shipped("sdpa-reordered-hbm2", replacing: "../dram/hbm2.yaml", with: "../dram/ddr4-2400.yaml")
        let report = try S.run(model, n: 64, d: 16)
        let bytes = 2.0 * 64 * 64 * 64
        let boundCycles = bytes / 19.2          // bytes / (GB/s) = ns = cycles at 1 GHz
        let cycles = Double(try #require(S.int(report, "cycles")))
        #expect(cycles >= boundCycles && cycles <= 1.1 * boundCycles, "\(cycles) cycles, bound \(boundCycles)")
        let bandwidth = try #require(S.double(report, "dram_bandwidth_gb_per_s"))
        #expect(bandwidth > 0.9 * 19.2 && bandwidth <= 19.21)
    }

    /// A dram_source without `memory:` names what is missing.
    @Test func dramSourceNeedsMemory() throws {
        let path = FamilyConformance.absolute("Architectures/dataflow/sdpa-reordered-hbm2.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "memory: ../dram/hbm2.yaml", with: "")
        let error = try #require(throws: InputError.self) { _ = try S.graph(text, file: path) }
        #expect(error.field == "units.k" && error.message.contains("memory:"), "\(error)")
    }
}
