/// One memory request of a trace: a byte address, read or write, and optionally the memory cycle
/// at which it arrives (DRAMSim3's format carries one; Ramulator's do not).
public struct MemoryRequest: Equatable, Sendable {
    public enum Kind: UInt8, Sendable { case read, write }

    public var address: UInt64
    public var kind: Kind
    /// Arrival in memory-clock cycles; nil = offered as soon as the controller accepts it
    /// (one request per memory cycle from cycle 0, the injection the peers use).
    public var arrivalCycle: Int64?

    public init(address: UInt64, kind: Kind, arrivalCycle: Int64? = nil) {
        self.address = address
        self.kind = kind
        self.arrivalCycle = arrivalCycle
    }
}

/// A whole request trace read from one file (or generated).
public struct MemoryTrace: Equatable, Sendable {
    /// Which syntax a trace file used (detected from its first request line).
    public enum Format: String, Sendable {
        /// Ramulator 2: `LD 0x1000` / `ST 0x1000`.
        case ramulator2
        /// Ramulator 1: `0x1000 R` / `0x1000 W`.
        case ramulator1
        /// DRAMSim3: `0x1000 READ 42` / `0x1000 WRITE 42` (address, kind, arrival cycle).
        case dramsim3
        /// Made by `MemoryTraceGenerator`.
        case generated
    }

    public var name: String
    public var format: Format
    public var requests: [MemoryRequest]
    /// The file line of the last request with an arrival cycle (nil for generated traces and
    /// formats without cycles), for errors about the trace's length (`MemoryTraceLimits`).
    public var lastArrivalLine: Int? = nil

    public init(name: String, format: Format, requests: [MemoryRequest]) {
        self.name = name
        self.format = format
        self.requests = requests
    }
}
