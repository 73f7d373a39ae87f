import ArcadeKernel

/// The timing parameters of one DRAM speed bin, in memory-clock cycles (`n…`), and the clock period
/// `tCKPicoseconds` in the project's one time type (`Picoseconds`).
///
/// Names follow JEDEC and Ramulator 2 (`nRCD`, `nCCD_L`, …). Every field can be overridden from the
/// architecture file's `timing:` section by its name (`tCK_ps`, then the cycle counts in
/// `DRAMTiming.fields`), so a new cycle field needs one stored property and one line in `fields`.
///
/// ```swift
/// var timing = DRAMStandards.named("DDR4-2400")!.timing
/// timing.nRFC = 433   // Ramulator 2.0's value
/// ```
public struct DRAMTiming: Equatable, Sendable {
    /// Clock period of the command clock (CK), picoseconds.
    public var tCKPicoseconds: Picoseconds
    /// Data-burst length on the bus, in clock cycles (BL8 on a DDR bus = 4).
    public var nBL: Int
    /// Read latency (CAS latency) and write latency (CAS write latency).
    public var nCL: Int
    public var nCWL: Int
    /// ACT to RD (and to WR: `nRCDWR`, equal to nRCD unless the standard splits them, as HBM does).
    public var nRCD: Int
    public var nRCDWR: Int
    public var nRP: Int
    public var nRAS: Int
    public var nRC: Int
    /// Write recovery: end of the write burst to PRE.
    public var nWR: Int
    /// RD to PRE.
    public var nRTP: Int
    /// Column-to-column, different (_S) and same (_L) bank group.
    public var nCCD_S: Int
    public var nCCD_L: Int
    /// ACT to ACT, different (_S) and same (_L) bank group.
    public var nRRD_S: Int
    public var nRRD_L: Int
    /// End of write burst to RD, different (_S) and same (_L) bank group.
    public var nWTR_S: Int
    public var nWTR_L: Int
    /// Four-activate window per rank.
    public var nFAW: Int
    /// All-bank refresh: busy time and average interval.
    public var nRFC: Int
    public var nREFI: Int
    /// Per-bank refresh: busy time, interval between per-bank refreshes of the rank, and the
    /// refresh-to-refresh delay between banks. 0 where the standard has no per-bank refresh.
    public var nRFCpb: Int
    public var nREFIpb: Int
    public var nRREFD: Int
    /// Rank-to-rank switching gap on the data bus (Ramulator 2's nCS).
    public var nCS: Int

    public init(tCKPicoseconds: Picoseconds, nBL: Int, nCL: Int, nCWL: Int, nRCD: Int, nRCDWR: Int? = nil, nRP: Int,
                nRAS: Int, nRC: Int, nWR: Int, nRTP: Int, nCCD_S: Int, nCCD_L: Int, nRRD_S: Int, nRRD_L: Int,
                nWTR_S: Int, nWTR_L: Int, nFAW: Int, nRFC: Int, nREFI: Int, nRFCpb: Int = 0, nREFIpb: Int = 0,
                nRREFD: Int = 0, nCS: Int = 2) {
        self.tCKPicoseconds = tCKPicoseconds
        self.nBL = nBL
        self.nCL = nCL
        self.nCWL = nCWL
        self.nRCD = nRCD
        self.nRCDWR = nRCDWR ?? nRCD
        self.nRP = nRP
        self.nRAS = nRAS
        self.nRC = nRC
        self.nWR = nWR
        self.nRTP = nRTP
        self.nCCD_S = nCCD_S
        self.nCCD_L = nCCD_L
        self.nRRD_S = nRRD_S
        self.nRRD_L = nRRD_L
        self.nWTR_S = nWTR_S
        self.nWTR_L = nWTR_L
        self.nFAW = nFAW
        self.nRFC = nRFC
        self.nREFI = nREFI
        self.nRFCpb = nRFCpb
        self.nREFIpb = nREFIpb
        self.nRREFD = nRREFD
        self.nCS = nCS
    }

    /// The YAML name of `tCKPicoseconds`.
    public static let clockPeriodField = "tCK_ps"

    /// Every cycle-count field by its YAML name, for overrides and for the report's attributes.
    public static var fields: [(name: String, keyPath: WritableKeyPath<DRAMTiming, Int>)] { [
        ("nBL", \.nBL), ("nCL", \.nCL), ("nCWL", \.nCWL), ("nRCD", \.nRCD),
        ("nRCDWR", \.nRCDWR), ("nRP", \.nRP), ("nRAS", \.nRAS), ("nRC", \.nRC), ("nWR", \.nWR), ("nRTP", \.nRTP),
        ("nCCD_S", \.nCCD_S), ("nCCD_L", \.nCCD_L), ("nRRD_S", \.nRRD_S), ("nRRD_L", \.nRRD_L),
        ("nWTR_S", \.nWTR_S), ("nWTR_L", \.nWTR_L), ("nFAW", \.nFAW), ("nRFC", \.nRFC), ("nREFI", \.nREFI),
        ("nRFCpb", \.nRFCpb), ("nREFIpb", \.nREFIpb), ("nRREFD", \.nRREFD), ("nCS", \.nCS),
    ] }

    /// Whether the standard defines per-bank refresh (a non-zero per-bank interval).
    public var hasPerBankRefresh: Bool { nREFIpb > 0 && nRFCpb > 0 }

    /// A JEDEC relation a timing set must satisfy: `lhs ≥ rhs`, described for error messages.
    public struct Relation: Sendable {
        public var field: String
        public var description: String
        public var holds: @Sendable (DRAMTiming) -> Bool
    }

    /// The relations checked when an architecture file is loaded (JESD79-4 §13 definitions:
    /// tRC = tRAS + tRP, tRAS ≥ tRCD, tFAW spans the 4 activates tRRD_S allows, _L ≥ _S, …).
    public static let relations: [Relation] = [
        Relation(field: "nRC", description: "nRC ≥ nRAS + nRP") { $0.nRC >= $0.nRAS + $0.nRP },
        Relation(field: "nRAS", description: "nRAS ≥ nRCD") { $0.nRAS >= $0.nRCD },
        Relation(field: "nFAW", description: "nFAW ≥ nRRD_S") { $0.nFAW >= $0.nRRD_S },
        Relation(field: "nCCD_L", description: "nCCD_L ≥ nCCD_S") { $0.nCCD_L >= $0.nCCD_S },
        Relation(field: "nRRD_L", description: "nRRD_L ≥ nRRD_S") { $0.nRRD_L >= $0.nRRD_S },
        Relation(field: "nWTR_L", description: "nWTR_L ≥ nWTR_S") { $0.nWTR_L >= $0.nWTR_S },
        Relation(field: "nREFI", description: "nREFI > nRFC (otherwise the rank only refreshes)") { $0.nREFI > $0.nRFC },
        Relation(field: "nCL", description: "nCL ≥ nCWL") { $0.nCL >= $0.nCWL },
        Relation(field: "nRFC", description: "nRFC ≥ nRC") { $0.nRFC >= $0.nRC },
        Relation(field: "nRFCpb", description: "nRFCpb ≤ nRFC") { $0.nRFCpb <= $0.nRFC },
    ]

    /// The first relation that does not hold, or nil.
    public func violatedRelation() -> Relation? { Self.relations.first { !$0.holds(self) } }
}
