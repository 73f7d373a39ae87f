/// What a column access of a PIM kernel does beside moving data: the PIM units' work it triggers.
/// The DRAM sees only reads and writes (Samsung HBM-PIM's design: PIM instructions are stepped by
/// ordinary RD/WR commands to bank group 0, PIMSimulator src/PIMRank.cpp:117-143); the op says what
/// the units did, for utilisation and energy.
public enum PIMOp: UInt8, CaseIterable, Sendable {
    /// Host traffic of the protocol: parking rows, mode switches, programming the command registers.
    case control
    /// The input vector written into every unit's GRF_A (HBM-PIM's WRIO_TO_GRF) or the global buffer.
    case loadInput
    /// One MAC step in every unit: lanes multiply-accumulates each.
    case mac
    /// A bank burst loaded into the units' registers (FILL).
    case fill
    /// One element-wise step (ADD, MUL) in every unit.
    case elementwise
    /// One activation-function step (ReLU) in every unit.
    case activation
    /// Registers written back into the banks (a WRITE landing on NOP).
    case writeBack
    /// Results read back to the host.
    case readBack

    public var reportName: String {
        switch self {
        case .control: return "control"
        case .loadInput: return "load_input"
        case .mac: return "mac"
        case .fill: return "fill"
        case .elementwise: return "elementwise"
        case .activation: return "activation"
        case .writeBack: return "write_back"
        case .readBack: return "read_back"
        }
    }

    /// Whether every PIM unit of the channel computes on this command.
    public var computes: Bool { self == .mac || self == .elementwise || self == .activation || self == .fill }
}

/// One transaction of a PIM kernel on one channel: a column read or write of one burst at
/// (bank, row, column), as the host's controller receives it. `barrier`: nothing after it may be
/// issued before it (PIMSimulator's "BAR" tag, src/MemoryController.cpp:134-142), the ordering PIM
/// programs need because each access steps the units' program.
public struct PIMAccess: Equatable, Sendable {
    /// Bank within the channel (`bankGroup · banksPerGroup + bank`).
    public var bank: Int16
    /// Burst column within the row (0 ..< columns / burst length).
    public var column: Int16
    public var row: Int32
    public var isWrite: Bool
    public var barrier: Bool
    public var op: PIMOp
    /// HBM-PIM's mode switches: the ACT of this access puts the channel in all-bank mode (SB → HAB, the
    /// last of the four row-0x17ff accesses), or the PRE closing its row returns it to single-bank
    /// mode (HAB → SB, the row-0x1fff access to bank 1). src/Rank.cpp:404-420.
    public var mode: ModeChange = .none

    public enum ModeChange: UInt8, Sendable { case none, entersAllBank, leavesAllBank }

    public init(bank: Int, row: Int, column: Int, isWrite: Bool, op: PIMOp, barrier: Bool = false) {
        self.bank = Int16(bank)
        self.row = Int32(row)
        self.column = Int16(column)
        self.isWrite = isWrite
        self.op = op
        self.barrier = barrier
    }
}
