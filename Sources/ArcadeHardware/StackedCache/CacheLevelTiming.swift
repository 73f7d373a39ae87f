import ArcadeKernel

/// A level's timing state: its MSHRs (when each outstanding miss's line arrives, or which memory
/// read it waits for) and, for a stacked level, when each bank and each layer's vertical link is
/// next free. Times are picoseconds on the core's clock edges.
struct CacheLevelTiming {
    /// Fill time of each MSHR entry's line; `pending` while it waits on a memory read.
    var mshrFill: [Picoseconds]
    /// The memory read an entry waits for (valid while `mshrFill == pending`).
    var mshrRead: [UInt64]
    /// The line (this level's line id) each entry brings: a hit on it before it arrives waits.
    var mshrLine: [UInt64]
    /// The latest known fill time and the number of pending entries: when the first is in the past
    /// and the second is 0 no entry is busy, and a hit needs no scan.
    var latestFill: Picoseconds = 0
    var pendingEntries = 0
    static let pending = Picoseconds.max

    var bankFree: [Picoseconds]
    var linkFree: [Picoseconds]

    // Statistics.
    var bankBusyCycles: [Int64]
    var layerAccesses: [Int64]
    var layerBytes: [Int64]
    var bankConflictCycles: Int64 = 0
    var verticalQueueCycles: Int64 = 0
    /// Σ (completion − arrival here) and count over accesses that missed here.
    var missLatencySum: Int64 = 0
    var missCount: Int64 = 0

    init(config: CacheLevelConfig) {
        mshrFill = Array(repeating: 0, count: config.mshrs)
        mshrRead = Array(repeating: 0, count: config.mshrs)
        mshrLine = Array(repeating: .max, count: config.mshrs)
        let layers = config.stacked?.dataLayers ?? 0
        let banks = layers * (config.stacked?.banksPerLayer ?? 0)
        bankFree = Array(repeating: 0, count: banks)
        linkFree = Array(repeating: 0, count: layers)
        bankBusyCycles = Array(repeating: 0, count: banks)
        layerAccesses = Array(repeating: 0, count: layers)
        layerBytes = Array(repeating: 0, count: layers)
    }

    var busyMSHRs: Int { pendingEntries }

    /// The entry bringing `line` that is still busy at `time`, if any.
    @inline(__always)
    func inFlight(_ line: UInt64, at time: Picoseconds) -> Int? {
        guard pendingEntries > 0 || latestFill > time else { return nil }
        for entry in mshrLine.indices where mshrLine[entry] == line && mshrFill[entry] > time { return entry }
        return nil
    }

    /// An entry free at `time`, or the time the first known one frees (nil: every busy entry waits
    /// on memory, so the time is not known yet) and whether some entry is pending.
    func freeEntry(at time: Picoseconds) -> (entry: Int?, earliest: Picoseconds?, anyPending: Bool) {
        var earliest: Picoseconds? = nil
        var anyPending = false
        for (entry, fill) in mshrFill.enumerated() {
            if fill <= time { return (entry, nil, false) }
            if fill == Self.pending { anyPending = true } else { earliest = min(earliest ?? fill, fill) }
        }
        return (nil, earliest, anyPending)
    }
}
