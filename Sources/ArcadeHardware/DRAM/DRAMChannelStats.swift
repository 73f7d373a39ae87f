/// Counters of one channel, updated as commands issue; turned into the report at the end.
struct DRAMChannelStats: Equatable, Sendable {
    var commandCounts = [Int](repeating: 0, count: DRAMCommand.count)
    var rowHits = 0
    var rowMisses = 0
    var rowConflicts = 0
    var reads = 0
    var writes = 0
    /// Cycle by which every request served so far has completed.
    var lastCompletion: Int64 = 0
    var readLatencySum: Int64 = 0
    /// Read latencies below `histogramLimit` cycles by count; the rare longer ones listed.
    var readLatencyHistogram = [Int](repeating: 0, count: DRAMChannelStats.histogramLimit)
    var longReadLatencies: [Int64] = []
    /// Cycles during which each rank had at least one open bank (for background energy), summed.
    var activeRankCycles: Int64 = 0
    /// Tests (`verifyScans`): steps whose bank-grouped queue scan differed from the reference scan.
    var scanMismatches = 0

    static let histogramLimit = 1 << 14

    @inline(__always)
    mutating func recordRead(latency: Int64) {
        readLatencySum &+= latency
        if latency < Int64(Self.histogramLimit) {
            readLatencyHistogram[Int(latency)] &+= 1
        } else {
            longReadLatencies.append(latency)
        }
    }

    var refreshes: Int { commandCounts[DRAMCommand.refreshAllBank.rawValue] + commandCounts[DRAMCommand.refreshPerBank.rawValue] }
}

extension Array where Element == DRAMChannelStats {
    /// The `fraction` quantile (nearest rank) of all channels' read latencies; 0 without reads.
    func readLatencyPercentile(_ fraction: Double) -> Int64 {
        let total = reduce(0) { $0 + $1.reads }
        guard total > 0 else { return 0 }
        let rank = Swift.max(1, Int((fraction * Double(total)).rounded(.up)))
        var seen = 0
        for latency in 0..<DRAMChannelStats.histogramLimit {
            for stats in self { seen += stats.readLatencyHistogram[latency] }
            if seen >= rank { return Int64(latency) }
        }
        let long = flatMap(\.longReadLatencies).sorted()
        return long[Swift.min(long.count - 1, rank - seen - 1)]
    }
}
