/// Which units one compute command drives: every bank's (AiM's MAC_ABK, HBM-PIM's all-bank PIM
/// mode), the banks of one bank group (MAC_4BK_INTRA_BG), or one bank (MAC_SBK).
public enum PIMCommandScope: String, CaseIterable, Sendable {
    case allBank = "all-bank", bankGroup = "bank-group", singleBank = "single-bank"
}

/// A PIM command set and its timing rules as data, in the style of the DRAM standards: the protocol
/// that drives the units, the command scopes it has, and the constraints its compute commands add to
/// the DRAM's own table. Adding one = a static preset here plus a line in `all`.
public struct PIMStandard: Sendable, Equatable {
    /// `pim: {standard: …}` in architecture files.
    public var name: String
    public var source: String
    var protocolKind: PIMKernelBuilder.PIMProtocol
    public var scopes: [PIMCommandScope]
    /// Defaults of the unit: banks per unit, registers.
    public var banksPerUnit: Int
    public var grfA: Int
    public var grfB: Int
    public var reducesLanes: Bool
    /// Cycles from a bank's ACT to its first compute command, when longer than the DRAM's nRCD
    /// (AiM: nRCDRDMAC = 56 against nRCDRD 36); nil: the DRAM's nRCD.
    public var activateToComputeCycles: Int?
    /// Minimum cycles between two compute commands of a channel, beyond the DRAM's column rules
    /// (nil: none; HBM-PIM's and AiM's MAC spacing is the DRAM's nCCD_L already).
    public var computeIntervalCycles: Int?

    /// Samsung HBM-PIM (Aquabolt-XL) as PIMSimulator b464dde models it: a unit per even/odd bank pair,
    /// GRF_A/GRF_B of 8, PIM instructions stepped by RD/WR to banks 0 and 1 of bank group 0, one per
    /// tCCD_L (its issue #3); mode changes by writes to reserved rows (bench/pim/README.md).
    public static let hbmPIM = PIMStandard(
        name: "HBM-PIM", source: "SAITPublic/PIMSimulator @b464dde (src/PIMRank.cpp, src/tests/PIMKernel.cpp)",
        protocolKind: .hbmPIM, scopes: [.allBank], banksPerUnit: 2, grfA: 8, grfB: 8, reducesLanes: false,
        activateToComputeCycles: nil, computeIntervalCycles: nil)

    /// SK hynix GDDR6-AiM as the AiM simulator used by CENT models it (arkhadem/aim_simulator @0f28a07b,
    /// src/dram/impl/GDDR6.cpp): a unit per bank with an adder tree, a 2 KB global buffer, MAC_ABK /
    /// MAC_4BK_INTRA_BG / MAC_SBK, ACT-to-MAC nRCDRDMAC = 56 cycles (nRCDRD 36), MAC-to-MAC nCCDL = 2.
    public static let aim = PIMStandard(
        name: "AiM", source: "arkhadem/aim_simulator @0f28a07b GDDR6.cpp GDDR6_AiM_timing (via bench/pim/preset-sources.md)",
        protocolKind: .allBank, scopes: [.allBank, .bankGroup, .singleBank], banksPerUnit: 1, grfA: 8, grfB: 8,
        reducesLanes: true, activateToComputeCycles: 56, computeIntervalCycles: nil)

    /// A generic all-bank design (PIM-GPT style): a unit per bank, every scope, only the DRAM's timing.
    public static let allBank = PIMStandard(
        name: "all-bank", source: "Arcade: a unit per bank, the DRAM's timing only (PIM-GPT-style, arXiv 2310.09385)",
        protocolKind: .allBank, scopes: [.allBank, .bankGroup, .singleBank], banksPerUnit: 1, grfA: 8, grfB: 8,
        reducesLanes: true, activateToComputeCycles: nil, computeIntervalCycles: nil)

    public static let all: [PIMStandard] = [.hbmPIM, .aim, .allBank]

    public static func named(_ name: String) -> PIMStandard? { all.first { $0.name.lowercased() == name.lowercased() } }
}
