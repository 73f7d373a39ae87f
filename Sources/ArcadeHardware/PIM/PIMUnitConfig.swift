import ArcadeCore

/// Element types the PIM units compute in.
public enum PIMDataType: String, CaseIterable, Sendable {
    case fp16, bf16, int8

    public var bytes: Int { self == .int8 ? 1 : 2 }
}

/// The compute beside the banks: how many units, how wide, their registers, the protocol that
/// drives them and what a step costs in energy. Read from the `pim:` section of a `family: pim`
/// architecture file.
public struct PIMUnitConfig: Sendable, Equatable {
    /// The command set and its timing rules.
    public var standard: PIMStandard
    /// Which units one compute command drives.
    public var scope: PIMCommandScope
    var protocolKind: PIMKernelBuilder.PIMProtocol { standard.protocolKind }
    /// Banks sharing one unit: 2 for Samsung HBM-PIM (a unit between an even and an odd bank,
    /// NUM_PIM_BLOCKS = 8 of 16 banks), 1 for AiM and PIM-GPT.
    public var banksPerUnit: Int
    /// SIMD lanes per unit: elements per MAC step.
    public var lanes: Int
    public var dataType: PIMDataType
    /// Input registers (GRF_A, or global-buffer bursts per input tile) and accumulator registers
    /// (GRF_B: output rows a unit holds at a time), each one burst of `lanes` elements.
    public var grfA: Int
    public var grfB: Int
    /// Command register file entries (HBM-PIM's CRF: 32).
    public var crfEntries: Int
    /// Whether a unit sums its lanes itself (an adder tree, PIM-GPT) so each output row comes back as
    /// one value; false: the host reduces `lanes` partial sums per row (HBM-PIM).
    public var reducesLanes: Bool
    /// Bytes of one accumulated result element.
    public var accumulatorBytes: Int { dataType == .int8 ? 4 : 2 }
    /// Energy of one multiply-accumulate in a lane, pJ.
    public var macPicojoules: Double
    /// Energy of reading one burst inside a bank for a PIM step (no I/O), pJ.
    public var bankAccessPicojoules: Double

    var grf: Int { grfA }

    public func unitsPerChannel(_ organization: DRAMOrganization) -> Int {
        organization.banksPerRank / banksPerUnit
    }

    /// Units one compute command drives.
    public func unitsPerCommand(_ organization: DRAMOrganization) -> Int {
        switch scope {
        case .allBank: return unitsPerChannel(organization)
        case .bankGroup: return organization.banksPerGroup / banksPerUnit
        case .singleBank: return 1
        }
    }

    static let keys = ["standard", "scope", "banks_per_unit", "lanes", "data_type", "grf_a", "grf_b", "crf_entries",
                       "reduces_lanes", "mac_pj", "bank_access_pj"]

    /// Reads `pim:` and checks it against the memory it sits in.
    static func parse(_ section: ConfigSection, memory: DRAMSystemConfig) throws -> PIMUnitConfig {
        let standard = PIMStandard.named(try section.choice("standard", PIMStandard.all.map(\.name), default: "all-bank"))!
        let kind = standard.protocolKind
        let scope = PIMCommandScope(rawValue: try section.choice("scope", standard.scopes.map(\.rawValue),
                                                                 default: standard.scopes[0].rawValue))!
        let organization = memory.organization
        let banksPerUnit = try section.int("banks_per_unit", default: standard.banksPerUnit, range: 1...(1 << 20))
        if banksPerUnit > organization.banksPerRank {
            throw section.error("banks_per_unit", "\(banksPerUnit) banks per unit, but a channel has only "
                                + "\(organization.banksPerRank) banks (\(organization.bankGroups) bank groups × "
                                + "\(organization.banksPerGroup)); allowed: 1 or 2")
        }
        if banksPerUnit > 2 {
            throw section.error("banks_per_unit", "\(banksPerUnit) is not supported; allowed: 1 (a unit per bank) "
                                + "or 2 (a unit per even/odd bank pair, HBM-PIM)")
        }
        if kind == .hbmPIM && banksPerUnit != 2 {
            throw section.error("banks_per_unit", "standard \(standard.name) has one unit per even/odd bank pair; "
                                + "allowed: 2 (or standard: all-bank or AiM for a unit per bank)")
        }
        let typeName = try section.choice("data_type", PIMDataType.allCases.map(\.rawValue), default: "fp16")
        let dataType = PIMDataType(rawValue: typeName)!
        let burstBytes = organization.accessBytes
        let lanes = try section.int("lanes", default: burstBytes / dataType.bytes, range: 1...4_096)
        if lanes * dataType.bytes > burstBytes {
            throw section.error("lanes", "\(lanes) lanes of \(typeName) need \(lanes * dataType.bytes) bytes per step, "
                                + "but one column access of this memory delivers \(burstBytes) bytes "
                                + "(bus_width × burst_length / 8); allowed: at most \(burstBytes / dataType.bytes)")
        }
        let config = PIMUnitConfig(
            standard: standard, scope: scope, banksPerUnit: banksPerUnit, lanes: lanes, dataType: dataType,
            grfA: try section.int("grf_a", default: standard.grfA, range: 1...1_024),
            grfB: try section.int("grf_b", default: standard.grfB, range: 1...1_024),
            crfEntries: try section.int("crf_entries", default: 32, range: 1...1_024),
            reducesLanes: try section.bool("reduces_lanes", default: standard.reducesLanes),
            macPicojoules: try section.double("mac_pj", default: 1.5, range: 0...1_000_000),
            bankAccessPicojoules: try section.double("bank_access_pj", default: 0, range: 0...1_000_000))
        if config.grfA * config.grfB > organization.accessesPerRow * 64 {
            throw section.error("grf_b", "grf_a × grf_b = \(config.grfA * config.grfB) bursts per tile is more than 64 rows of "
                                + "\(organization.accessesPerRow) bursts")
        }
        try section.finish(allowedHint: keys)
        return config
    }
}
