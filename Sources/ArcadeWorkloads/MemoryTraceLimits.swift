import ArcadeCore

/// Bounds on a request trace's arrival cycles (DRAMSim3's third column), so that a trace cannot
/// make a DRAM run hang (issue 11).
///
/// The simulation jumps from event to event, but while the controller waits for a far-off
/// arrival it still visits every refresh (one per tREFI, about 10^4 cycles): a trace whose
/// cycle is 2^63 − 1 meant 10^15 refreshes — a hang — and with `refresh: off` an event time of
/// Int64.max. Hence two bounds:
/// - `maxArrivalCycle` always (checked by the reader, at the line): leaves room for every sum of
///   an arrival and a latency in 64 bits;
/// - an idle-time bound unless `--allow-huge`: the last arrival may lie at most
///   `maxIdleCycles` or `maxCyclesPerRequest` per request ahead, whichever is larger. Real traces
///   space requests a few to a few thousand cycles apart; 2^32 cycles of idling cost about 4 · 10^5
///   refreshes, well under a second.
public enum MemoryTraceLimits {
    public static let maxArrivalCycle: Int64 = 1 << 50
    public static let maxIdleCycles: Int64 = 1 << 32
    public static let maxCyclesPerRequest: Int64 = 1 << 20

    /// The error for an arrival cycle above `maxArrivalCycle`, or nil.
    static func arrivalViolation(_ cycle: UInt64) -> String? {
        guard cycle > UInt64(maxArrivalCycle) else { return nil }
        return "arrival cycle \(cycle) is too large; cycles must be ≤ 2^50 (\(maxArrivalCycle))"
    }

    /// Refuses a trace whose last arrival lies far beyond its request count (see above) unless
    /// `allowHuge`; `file` names the trace in the error.
    public static func checkIdleTime(_ trace: MemoryTrace, file: String, allowHuge: Bool) throws {
        guard !allowHuge, let last = trace.requests.last(where: { $0.arrivalCycle != nil })?.arrivalCycle else { return }
        let (perRequest, overflow) = Int64(trace.requests.count).multipliedReportingOverflow(by: maxCyclesPerRequest)
        let limit = overflow ? Int64.max : max(maxIdleCycles, perRequest)
        guard last > limit else { return }
        throw InputError(file: file, line: trace.lastArrivalLine, field: "cycle",
                         "arrival cycle \(last) is far beyond the trace's \(trace.requests.count) requests; "
                             + "allowed without --allow-huge: ≤ \(limit) (2^32 cycles, or 2^20 per request); "
                             + "pass --allow-huge to simulate the idle time anyway")
    }
}
