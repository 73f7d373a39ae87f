import ArcadeKernel
import ArcadeCore

/// Which operand stays in the PEs while the others stream through (SCALE-Sim's three dataflows).
public enum Dataflow: String, CaseIterable, Sendable {
    /// Output stationary: each PE accumulates one output element.
    case outputStationary = "os"
    /// Weight stationary: each PE holds one filter element.
    case weightStationary = "ws"
    /// Input stationary: each PE holds one ifmap element.
    case inputStationary = "is"
}

/// A systolic-array accelerator: R×C PEs, three double-buffered SRAMs and a DRAM interface.
/// Field names follow SCALE-Sim's config (`ArrayHeight` = rows, `ArrayWidth` = columns, SRAM sizes
/// in KiB of words) with units spelled out.
public struct SystolicArrayConfig: Equatable, Sendable {
    public var name: String
    public var rows: Int
    public var columns: Int
    public var dataflow: Dataflow
    public var ifmapSRAMKiB: Int
    public var filterSRAMKiB: Int
    public var ofmapSRAMKiB: Int
    /// Bytes per operand word; SCALE-Sim counts accesses in words of 1 byte.
    public var wordBytes: Int
    /// The array's clock (exact: a 700 MHz clock is 10⁶/700 ps, not 1429 ps).
    public var clock: ClockDomain
    /// Words per cycle between DRAM and the SRAMs; nil = unlimited (SCALE-Sim's CALC mode, no stalls).
    public var dramBandwidthWordsPerCycle: Int?
    /// Base addresses of the three operands in the SCALE-Sim address space.
    public var ifmapOffset: Int
    public var filterOffset: Int
    public var ofmapOffset: Int
    /// Words per DRAM read line of the ifmap and filter SRAMs in bandwidth-limited mode (SCALE-Sim
    /// takes these from `[layout] IfmapSRAMBankBandwidth` / `FilterSRAMBankBandwidth`, not from
    /// `Bandwidth`, which only feeds the ofmap writes; `single_layer_sim.py:252–254`).
    public var ifmapReadLineWords: Int = 10
    public var filterReadLineWords: Int = 10

    public init(name: String = "systolic", rows: Int, columns: Int, dataflow: Dataflow,
                ifmapSRAMKiB: Int = 64, filterSRAMKiB: Int = 64, ofmapSRAMKiB: Int = 64,
                wordBytes: Int = 1, clockPeriodPicoseconds: Picoseconds = 1000, clock: ClockDomain? = nil,
                dramBandwidthWordsPerCycle: Int? = nil,
                ifmapOffset: Int = 0, filterOffset: Int = 10_000_000, ofmapOffset: Int = 20_000_000) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.dataflow = dataflow
        self.ifmapSRAMKiB = ifmapSRAMKiB
        self.filterSRAMKiB = filterSRAMKiB
        self.ofmapSRAMKiB = ofmapSRAMKiB
        self.wordBytes = wordBytes
        self.clock = clock ?? ClockDomain(periodPicoseconds: clockPeriodPicoseconds)
        self.dramBandwidthWordsPerCycle = dramBandwidthWordsPerCycle
        self.ifmapOffset = ifmapOffset
        self.filterOffset = filterOffset
        self.ofmapOffset = ofmapOffset
    }
}
