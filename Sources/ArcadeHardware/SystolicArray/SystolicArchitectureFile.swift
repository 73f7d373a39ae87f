import ArcadeKernel
import Foundation
import ArcadeCore

/// Reads the `family: systolic` architecture YAML.
///
/// ```yaml
/// family: systolic
/// name: scalesim-32x32-os
/// rows: 32                 # PE rows (SCALE-Sim ArrayHeight)
/// columns: 32              # PE columns (ArrayWidth)
/// dataflow: os             # os | ws | is
/// ifmap_sram_kib: 64       # per operand, double-buffered
/// filter_sram_kib: 64
/// ofmap_sram_kib: 64
/// word_bytes: 1
/// clock_mhz: 1000
/// dram_bandwidth_words_per_cycle: unlimited   # or a whole number (SCALE-Sim USER mode)
/// memory: ../dram/ddr4-2400.yaml              # or: operand traffic through the DRAM model
/// ```
enum SystolicArchitectureFile {
    /// The `memory:` key: a `family: dram` architecture file, relative to this file (for a design
    /// point: to the space's base architecture file, also when a knob sets `memory:`), whose
    /// cycle-level model then times the array's DRAM traffic (`SystolicMemoryCoupling`).
    static func memory(from document: ConfigSection) throws -> SystolicMemoryCoupling? {
        guard let relative = try document.optionalString("memory") else { return nil }
        if document.has("dram_bandwidth_words_per_cycle") {
            throw document.error("memory", "give either 'memory' (a DRAM model) or 'dram_bandwidth_words_per_cycle' "
                                     + "(a fixed bandwidth), not both")
        }
        // Relative to the architecture file itself (its `pathAnchor`), not to the working directory
        // nor to the label of a design point's in-memory copy.
        let dram = try ArchitectureReferences.dram(relative, key: "memory", from: document)
        return SystolicMemoryCoupling(memory: dram.config, sourceText: dram.sourceText)
    }

    static let maxArrayDimension = 65_536
    /// The same bound as a SCALE-Sim `.cfg`'s `Bandwidth` (`ScaleSimConfigReader`): a million words
    /// per cycle is beyond any real DRAM interface, and keeps the write buffer's line arithmetic
    /// (lines · bandwidth, SRAM words + bandwidth) far from overflow.
    static let maxBandwidthWordsPerCycle = 1 << 20

    static func config(from document: ConfigSection) throws -> SystolicArrayConfig {
        let name = try document.string("name", default: "systolic")
        let rows = try document.int("rows", range: 1...maxArrayDimension)
        let columns = try document.int("columns", range: 1...maxArrayDimension)
        let dataflowText = try document.choice("dataflow", Dataflow.allCases.map(\.rawValue))
        let ifmap = try document.int("ifmap_sram_kib", default: 64, range: 1...(1 << 24))
        let filter = try document.int("filter_sram_kib", default: 64, range: 1...(1 << 24))
        let ofmap = try document.int("ofmap_sram_kib", default: 64, range: 1...(1 << 24))
        let wordBytes = try document.int("word_bytes", default: 1, range: 1...16)
        let clockMHz = try document.double("clock_mhz", default: 1000, range: 1...100_000)
        var bandwidth: Int? = nil
        if let text = try document.optionalString("dram_bandwidth_words_per_cycle"), text.lowercased() != "unlimited" {
            guard let value = Int(text.replacingOccurrences(of: "_", with: "")),
                  (1...maxBandwidthWordsPerCycle).contains(value) else {
                throw document.error("dram_bandwidth_words_per_cycle",
                                     "'\(text)' is not allowed; expected a whole number in 1...\(maxBandwidthWordsPerCycle) "
                                         + "(2^20) or 'unlimited'")
            }
            bandwidth = value
        }
        try document.finish(allowedHint: ["family", "name", "rows", "columns", "dataflow", "ifmap_sram_kib",
                                          "filter_sram_kib", "ofmap_sram_kib", "word_bytes", "clock_mhz",
                                          "dram_bandwidth_words_per_cycle", "memory"])
        return SystolicArrayConfig(name: name, rows: rows, columns: columns, dataflow: Dataflow(rawValue: dataflowText)!,
                                   ifmapSRAMKiB: ifmap, filterSRAMKiB: filter, ofmapSRAMKiB: ofmap,
                                   wordBytes: wordBytes,
                                   clock: ClockDomain(frequencyKilohertz: UInt64((clockMHz * 1_000).rounded())),
                                   dramBandwidthWordsPerCycle: bandwidth)
    }
}
