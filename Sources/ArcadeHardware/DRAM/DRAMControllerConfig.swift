/// Memory-controller settings (the `controller:` and `frontend:` sections of an architecture file).
public struct DRAMControllerConfig: Equatable, Sendable {
    public enum Scheduler: String, CaseIterable, Sendable {
        /// First-ready FR-FCFS: among requests whose next command is legal now, row hits (column
        /// commands) first, then the oldest.
        case frfcfs
        /// Strictly the oldest request of the queue being served.
        case fcfs
    }

    public enum RowPolicy: String, CaseIterable, Sendable {
        /// Rows stay open until a conflicting request or a refresh closes them.
        case open
        /// Every access auto-precharges (RDA/WRA).
        case closed
    }

    public enum Refresh: String, CaseIterable, Sendable {
        case allBank = "all-bank"
        case perBank = "per-bank"
        case off
    }

    public var scheduler: Scheduler = .frfcfs
    public var rowPolicy: RowPolicy = .open
    public var readQueueSize = 32
    public var writeQueueSize = 32
    /// Write mode starts when the write queue holds more than high·size writes (or no reads wait),
    /// and ends when it holds fewer than low·size and reads wait (Ramulator 2's rule and defaults).
    public var writeHighWatermark = 0.8
    public var writeLowWatermark = 0.2
    public var refresh: Refresh = .allBank
    public var addressMapping = "RoBaRaCoCh"
    /// Requests the frontend offers per memory cycle (in trace order; it stalls on a full queue).
    public var requestsPerCycle = 1

    public init() {}
}
