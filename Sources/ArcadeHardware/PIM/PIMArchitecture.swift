import ArcadeCore

/// A `family: pim` architecture file: the DRAM (the DRAM family's keys under `memory:`), the PIM
/// units beside its banks, the controller that drives them, the host/ASIC, and the baselines run
/// beside it.
///
/// ```yaml
/// family: pim
/// name: hbm2-pim-pimsimulator
/// memory:                      # a family: dram file's keys (standard, organization, timing, controller, frontend)
///   standard: HBM2
///   organization: {channels: 64, ranks: 1, bus_width: 64, …}
/// pim:
///   standard: HBM-PIM          # HBM-PIM (Samsung) | AiM (SK hynix) | all-bank (PIM-GPT style): PIMStandard
///   scope: all-bank            # all-bank | bank-group | single-bank: the units one compute command drives
///   banks_per_unit: 2          # 1 | 2
///   lanes: 16                  # SIMD lanes; lanes × element bytes ≤ one column access
///   data_type: fp16            # fp16 | bf16 | int8
///   grf_a: 8                   # input registers (bursts)
///   grf_b: 8                   # accumulator registers (output rows per unit at a time)
///   mac_pj: 1.5                # energy of one lane MAC
///   bank_access_pj: 0          # energy of an in-bank burst read by a PIM step; 0 = the DRAM read's / 4
/// controller:
///   queue_depth: 64            # command-queue entries per channel
///   first_refresh_cycle: 1950  # when the first all-bank refresh falls due (default nREFI)
///   read_results: true         # GEMV results read back to the host (PIMSimulator's benchmark: no)
///   split_inputs: true         # a GEMV with rows for less than one tile cuts its inputs into slices
/// host: {clock_ghz: 1, elements_per_cycle: 16, macs_per_cycle: 256, op_overhead_cycles: 10, power_w: 0.5}
/// baselines:
///   no_pim: host               # oracle (PIMSimulator's sequential-read bound) | host (host reads and computes)
///   gpu: {name: T4, peak_tflops: 65, bandwidth_gb_per_s: 320, bandwidth_efficiency: 0.7, launch_us: 5, power_w: 70}
///   cpu: {name: Xeon Gold 6154, peak_tflops: 3.46, bandwidth_gb_per_s: 128, bandwidth_efficiency: 0.7, launch_us: 1, power_w: 200}
/// ```
public struct PIMArchitecture: Sendable {
    public var name: String
    public var memory: DRAMSystemConfig
    public var units: PIMUnitConfig
    public var queueDepth: Int
    public var firstRefreshCycle: Int64
    public var readResults: Bool
    /// Whether a GEMV with too few rows for one output tile cuts its inputs into slices (host reduces).
    public var splitInputs: Bool
    /// JEDEC: REF waits nRP after the last PRE; false: at once (DRAMSim2's `isIssuable`).
    public var refreshWaitsForPrecharge: Bool
    /// Whether ACTs continue while a refresh waits for its banks (DRAMSim2; bounded to nREFI / 8).
    public var activatesWhileRefreshWaits: Bool
    /// Read-to-write turnaround on the rank, cycles; nil: the DRAM table's nCL + nBL + 2 − nCWL.
    public var readToWriteCycles: Int?
    public var host: PIMHostConfig
    public var noPIM: PIMNoPIMBaseline
    public var gpu: RooflineDevice
    public var cpu: RooflineDevice

    static let keys = ["family", "name", "memory", "pim", "controller", "host", "baselines"]

    static func parse(_ document: ConfigSection) throws -> PIMArchitecture {
        guard let memorySection = try document.section("memory") else {
            throw document.error("memory", "missing: the DRAM the PIM units sit in (a family: dram file's keys: "
                                 + "standard, organization, timing, controller, frontend)")
        }
        let memory = try DRAMArchitectureFile.config(from: memorySection)
        let organization = memory.organization
        if organization.ranks != 1 || organization.pseudoChannels != 1 {
            throw memorySection.error("organization", "the PIM family drives one rank per channel; found ranks "
                                      + "\(organization.ranks), pseudo_channels \(organization.pseudoChannels); allowed: "
                                      + "ranks: 1, pseudo_channels: 1 (model pseudo-channels as channels)")
        }
        guard let pimSection = try document.section("pim") else {
            throw document.error("pim", "missing: the PIM units (protocol, banks_per_unit, lanes, data_type, grf_a, grf_b)")
        }
        let units = try PIMUnitConfig.parse(pimSection, memory: memory)
        var queueDepth = 64, firstRefresh = Int64(memory.timing.nREFI), readResults = true, refreshWaits = true
        var readToWrite: Int?
        var activatesWhileWaiting = false, splitInputs = true
        if let section = try document.section("controller") {
            queueDepth = try section.int("queue_depth", default: 64, range: 1...4_096)
            firstRefresh = Int64(try section.int("first_refresh_cycle", default: memory.timing.nREFI, range: 1...100_000_000))
            readResults = try section.bool("read_results", default: true)
            refreshWaits = try section.bool("refresh_waits_for_precharge", default: true)
            activatesWhileWaiting = try section.bool("activates_while_refresh_waits", default: false)
            splitInputs = try section.bool("split_inputs", default: true)
            if section.has("read_to_write_cycles") { readToWrite = try section.int("read_to_write_cycles", range: 1...10_000) }
            try section.finish(allowedHint: ["queue_depth", "first_refresh_cycle", "read_results", "refresh_waits_for_precharge",
                                             "activates_while_refresh_waits", "read_to_write_cycles", "split_inputs"])
        }
        let host = try PIMHostConfig.parse(try document.section("host"), in: document)
        var noPIM = PIMNoPIMBaseline.host
        var gpu = RooflineDevice.t4, cpu = RooflineDevice.xeonGold6154
        if let section = try document.section("baselines") {
            noPIM = PIMNoPIMBaseline(rawValue: try section.choice("no_pim", PIMNoPIMBaseline.allCases.map(\.rawValue),
                                                                  default: "host"))!
            if let device = try section.section("gpu") { gpu = try RooflineDevice.parse(device, defaults: .t4) }
            if let device = try section.section("cpu") { cpu = try RooflineDevice.parse(device, defaults: .xeonGold6154) }
            try section.finish(allowedHint: ["no_pim", "gpu", "cpu"])
        }
        let name = try document.string("name", default: "pim")
        document.markRead("family")
        try document.finish(allowedHint: keys)
        return PIMArchitecture(name: name, memory: memory, units: units, queueDepth: queueDepth,
                               firstRefreshCycle: firstRefresh, readResults: readResults, splitInputs: splitInputs,
                               refreshWaitsForPrecharge: refreshWaits, activatesWhileRefreshWaits: activatesWhileWaiting,
                               readToWriteCycles: readToWrite, host: host, noPIM: noPIM,
                               gpu: gpu, cpu: cpu)
    }

    public var channels: Int { memory.organization.channels }

    /// The DRAM's constraint table with `readToWriteCycles` in place of its read-to-write turnaround.
    var constraints: [DRAMTimingConstraint] {
        var table = memory.constraints
        if let readToWrite = readToWriteCycles {
            for i in table.indices where table[i].scope == .rank && table[i].preceding.contains(.read)
                && table[i].following.contains(.write) {
                table[i].latency = readToWrite
            }
        }
        return table
    }
    public var unitsTotal: Int { units.unitsPerChannel(memory.organization) * channels }
    /// Memory clock period, ns.
    public var memoryCycleNanoseconds: Double { Double(memory.timing.tCKPicoseconds) / 1_000 }
    /// Bytes the memory holds.
    public var capacityBytes: Int { memory.organization.capacityBytes ?? Int.max }
}

/// What "the same DRAM without PIM" means for the baseline.
public enum PIMNoPIMBaseline: String, CaseIterable, Sendable {
    /// PIMSimulator's own baseline (src/tests/PIMBenchTestCases.h:58-71): every operand read as
    /// 32-byte transactions at sequential addresses, all offered at once, then the output written;
    /// no computation modelled.
    case oracle
    /// The host reads every weight through the controller (the same sequential stream) and computes
    /// at its own MAC rate, overlapped: per kernel the longer of the two.
    case host
}

/// The ASIC/host beside the PIM memory: what PIM does not do (softmax, layer norm, GELU, residual
/// adds, attention scaling, KV-cache bookkeeping), on its own clock.
public struct PIMHostConfig: Sendable, Equatable {
    public var clockGHz: Double
    /// Elements per host cycle of the vector ops (softmax, layer norm, GELU, add).
    public var elementsPerCycle: Int
    /// MACs per host cycle, for the no-PIM baseline that computes on the host.
    public var macsPerCycle: Int
    /// Fixed cycles per host op (dispatch, reduction tail).
    public var opOverheadCycles: Int
    /// Power while running, W (energy = power × busy time).
    public var powerWatts: Double

    static let keys = ["clock_ghz", "elements_per_cycle", "macs_per_cycle", "op_overhead_cycles", "power_w"]

    static func parse(_ section: ConfigSection?, in document: ConfigSection) throws -> PIMHostConfig {
        guard let section else { return PIMHostConfig(clockGHz: 1, elementsPerCycle: 16, macsPerCycle: 256, opOverheadCycles: 10, powerWatts: 0.5) }
        let config = PIMHostConfig(
            clockGHz: try section.double("clock_ghz", default: 1, range: 0.001...100),
            elementsPerCycle: try section.int("elements_per_cycle", default: 16, range: 1...1_000_000),
            macsPerCycle: try section.int("macs_per_cycle", default: 256, range: 1...100_000_000),
            opOverheadCycles: try section.int("op_overhead_cycles", default: 10, range: 0...1_000_000),
            powerWatts: try section.double("power_w", default: 0.5, range: 0...100_000))
        try section.finish(allowedHint: keys)
        return config
    }

    /// Picoseconds per host cycle.
    var cyclePicoseconds: Double { 1_000 / clockGHz }
}
