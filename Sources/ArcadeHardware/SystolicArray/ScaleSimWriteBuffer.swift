/// SCALE-Sim's ofmap write buffer (`memory/write_buffer.py`), simulated event by event: one event
/// per drain (≈ outputs / half-buffer), never per element or per cycle.
///
/// Rule derived from `service_writes` (lines 189–235) and `empty_drain_buf` (238–273):
/// - Outputs enter lines of `bw` words; after each one, if the previous drain has finished
///   (cycle ≥ drain end) and more than half the buffer is occupied, the partial line is closed
///   (`append_to_trace_mat(force=True)`) and the oldest ceil(half/bw) lines are drained, one per
///   cycle. A drain counts lines·bw words minus the empty slots of its *last* line only — a
///   closed partial line that is not last in its drain is counted as full (SCALE-Sim overcounts
///   DRAM ofmap writes by up to bw−1 per such line).
/// - If the buffer is full while a drain is in flight, the array stalls until the drain ends.
/// - At the end all remaining lines drain back to back.
struct OfmapWriteBufferModel {
    /// Valid outputs per fold and where they sit in the fold's demand lines (pre-skew rows
    /// [firstRow, firstRow + rowsValid), columns [0, columnsValid); skewed onto line row + column).
    struct FoldOutputs {
        var firstRow: Int
        var rowsValid: Int
        var columnsValid: Int
        var count: Int { rowsValid * columnsValid }

        /// Outputs on lines < x of the fold: Σ over columns c of clamp(x − firstRow − c, 0, rowsValid),
        /// in closed form — columns c ≤ d − rowsValid (d = x − firstRow) hold all their rows, columns
        /// d − rowsValid < c < d hold d − c (an arithmetic series), the rest none.
        func outputs(beforeLine x: Int) -> Int {
            let d = x - firstRow
            let full = min(max(d - rowsValid + 1, 0), columnsValid)
            let partialEnd = min(max(d, 0), columnsValid)
            let partial = max(partialEnd - full, 0)
            return full * rowsValid + partial * d - (full + partialEnd - 1) * partial / 2
        }

        /// Reference (tests only): the same sum, column by column.
        func referenceOutputs(beforeLine x: Int) -> Int {
            var total = 0
            for column in 0..<columnsValid { total += min(max(x - column - firstRow, 0), rowsValid) }
            return total
        }
    }

    var folds: [FoldOutputs]
    var linesPerFold: Int
    var bufferWords: Int
    var bandwidthWords: Int

    struct Outcome {
        var dramWrites: Int
        var stallCycles: Int
        /// Cycle of the last demand line, stalls included (SCALE-Sim's "Total Cycles").
        var lastLineCycle: Int
        /// Where the array stalled: demand line (before stalls) and cycles, in line order; a line's
        /// own stall delays its ofmap writes and every later line's requests.
        var stalls: [(line: Int, cycles: Int)] = []
        /// First and last cycle of a DRAM write (the trace's extent: SCALE-Sim's "DRAM OFMAP Start /
        /// Stop Cycle"); nil when nothing was written.
        var firstDrainCycle: Int?
        var lastDrainCycle: Int?
    }

    func run() -> Outcome {
        let drainBufferWords = bufferWords - (bufferWords + 1) / 2   // total − ceil(total · 0.5)
        let drainLines = (drainBufferWords + bandwidthWords - 1) / bandwidthWords
        var prefix = [0]
        prefix.reserveCapacity(folds.count + 1)
        for fold in folds { prefix.append(prefix.last! + fold.count) }
        let totalOutputs = prefix.last!
        let totalLines = folds.count * linesPerFold

        func outputs(beforeLine line: Int) -> Int {
            if line <= 0 { return 0 }
            if line >= totalLines { return totalOutputs }
            let (fold, offset) = line.quotientAndRemainder(dividingBy: linesPerFold)
            return prefix[fold] + folds[fold].outputs(beforeLine: offset)
        }
        /// The demand line holding output `index`.
        func line(ofOutput index: Int) -> Int {
            var (low, high) = (0, folds.count - 1)   // last fold with prefix ≤ index
            while low < high {
                let mid = (low + high + 1) / 2
                if prefix[mid] <= index { low = mid } else { high = mid - 1 }
            }
            while folds[low].count == 0 || prefix[low + 1] <= index { low += 1 }
            let within = index - prefix[low]
            var (a, b) = (0, linesPerFold - 1)       // largest x with outputs(before x) ≤ within
            while a < b {
                let mid = (a + b + 1) / 2
                if folds[low].outputs(beforeLine: mid) <= within { a = mid } else { b = mid - 1 }
            }
            return low * linesPerFold + a
        }

        // Closed lines waiting to drain, as runs of (lines, words in the run's last line).
        var runs: [(lines: Int, lastWords: Int)] = []
        var runHead = 0
        var segmentStart = 0
        var drained = 0, dramWrites = 0, drainEnd = 0, shift = 0, stalls = 0, nextOutput = 0
        var stallEvents: [(line: Int, cycles: Int)] = []
        var firstDrainCycle: Int?, lastDrainCycle: Int?

        func closeSegment(through end: Int) {
            let words = end - segmentStart
            guard words > 0 else { return }
            let lines = (words + bandwidthWords - 1) / bandwidthWords
            runs.append((lines, words - (lines - 1) * bandwidthWords))
            segmentStart = end
        }
        func drain(at cycle: Int) -> Int {
            var lines = 0
            var lastEmpty = 0
            while lines < drainLines, runHead < runs.count {
                let take = min(drainLines - lines, runs[runHead].lines)
                lines += take
                if take == runs[runHead].lines {
                    lastEmpty = bandwidthWords - runs[runHead].lastWords
                    runHead += 1
                } else {
                    runs[runHead].lines -= take
                    lastEmpty = 0
                }
            }
            let words = lines * bandwidthWords - lastEmpty
            dramWrites += words
            drained += words
            // One line per cycle from `cycle`, write-port latency 0 (`write_port.py`).
            // An in-run drain may outlast the run and the final drains that start at its last line.
            firstDrainCycle = firstDrainCycle ?? cycle
            lastDrainCycle = max(lastDrainCycle ?? cycle, cycle + lines - 1)
            return cycle + lines - 1
        }

        while true {
            let byOccupancy = drainBufferWords + drained
            let byCycle = outputs(beforeLine: drainEnd - shift)
            let trigger = max(byOccupancy, byCycle, nextOutput)
            let full = bufferWords - 1 + drained
            if full < trigger, full < totalOutputs, full >= nextOutput {
                let stallLine = line(ofOutput: full)
                let stall = drainEnd - (stallLine + shift)
                if stall > 0 { stallEvents.append((stallLine, stall)) }
                shift += stall
                stalls += stall
                nextOutput = full + 1
                continue
            }
            if trigger >= totalOutputs { break }
            closeSegment(through: trigger + 1)
            drainEnd = drain(at: line(ofOutput: trigger) + shift)
            nextOutput = trigger + 1
        }
        let lastLineCycle = totalLines - 1 + shift
        closeSegment(through: totalOutputs)
        var cycle = lastLineCycle
        while runHead < runs.count { cycle = drain(at: cycle) + 1 }
        return Outcome(dramWrites: dramWrites, stallCycles: stalls, lastLineCycle: lastLineCycle, stalls: stallEvents,
                       firstDrainCycle: firstDrainCycle, lastDrainCycle: lastDrainCycle)
    }
}
