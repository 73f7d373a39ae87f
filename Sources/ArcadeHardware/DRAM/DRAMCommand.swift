/// The DRAM commands the controller issues. Raw values index the timing-state tables.
public enum DRAMCommand: Int, CaseIterable, Sendable {
    case activate = 0, precharge, prechargeAll, read, write, readAutoPrecharge, writeAutoPrecharge,
         refreshAllBank, refreshPerBank

    public static let count = 9

    /// Short names, as in the report's per-command counts (`act`, `pre`, …).
    public var reportName: String {
        switch self {
        case .activate: return "act"
        case .precharge: return "pre"
        case .prechargeAll: return "prea"
        case .read: return "rd"
        case .write: return "wr"
        case .readAutoPrecharge: return "rda"
        case .writeAutoPrecharge: return "wra"
        case .refreshAllBank: return "ref"
        case .refreshPerBank: return "refpb"
        }
    }

    public var isColumn: Bool {
        switch self {
        case .read, .write, .readAutoPrecharge, .writeAutoPrecharge: return true
        default: return false
        }
    }
}

/// Which instances a timing constraint binds: the issuing command's bank, its bank group, its rank,
/// the other ranks on the same bus (rank switching), or the data bus of its (pseudo-)channel.
public enum DRAMScope: Int, CaseIterable, Sendable {
    case bank, bankGroup, rank, siblingRanks, bus
}

/// "After `preceding` is issued, `following` may not issue in the same `scope` for `latency` cycles"
/// — Ramulator 2's timing-constraint table entry. `window` > 1 means "the `window`-th most recent
/// `preceding`" (nFAW: window 4).
public struct DRAMTimingConstraint: Equatable, Sendable {
    public var scope: DRAMScope
    public var preceding: [DRAMCommand]
    public var following: [DRAMCommand]
    public var latency: Int
    public var window: Int

    public init(_ scope: DRAMScope, _ preceding: [DRAMCommand], _ following: [DRAMCommand], _ latency: Int,
                window: Int = 1) {
        self.scope = scope
        self.preceding = preceding
        self.following = following
        self.latency = latency
        self.window = window
    }
}
