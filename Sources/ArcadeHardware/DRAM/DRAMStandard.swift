/// One JEDEC standard and speed bin as data: organisation, timings, and the current (IDD) values
/// the energy estimate needs. Adding a standard = one `DRAMStandard+Name.swift` file defining a
/// static preset, plus one line in `DRAMStandards.all`.
public struct DRAMStandard: Sendable {
    /// Preset name used by `standard:` in architecture files, e.g. `DDR4-2400`.
    public var name: String
    /// Where the numbers come from (JEDEC document, datasheet, the peer's file).
    public var source: String
    public var organization: DRAMOrganization
    public var timing: DRAMTiming
    public var power: DRAMPowerSpec
    /// Whether per-bank refresh (`refresh: per-bank`) is defined by the standard.
    public var supportsPerBankRefresh: Bool { timing.hasPerBankRefresh }
}

/// Supply voltage and IDD currents (mA, per device) of one device, as in a datasheet's IDD table.
/// `isEstimate` marks values not taken from a cited datasheet.
public struct DRAMPowerSpec: Equatable, Sendable {
    public var vdd: Double
    public var idd0: Double
    public var idd2n: Double
    public var idd3n: Double
    public var idd4r: Double
    public var idd4w: Double
    public var idd5: Double
    /// Per-bank refresh current (IDD5PB); estimated from IDD5 when the datasheet lacks it.
    public var idd5pb: Double
    public var isEstimate: Bool
}

/// The list of presets Arcade knows. One line per standard.
public enum DRAMStandards {
    public static let all: [DRAMStandard] = [
        .ddr4_2400,
        .ddr4_3200,
        .ddr5_4800,
        .lpddr5_6400,
        .hbm2_2Gbps,
        .hbm3_6400,
        .gddr6_14000,
    ]

    public static func named(_ name: String) -> DRAMStandard? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }
}
