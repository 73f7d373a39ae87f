/// Where SCALE-Sim 3.0.0's traces of one layer start and stop: the cycle columns of its
/// DETAILED_ACCESS_REPORT.csv, and "Total Cycles (incl. prefetch)" of COMPUTE_REPORT.csv. Derived
/// from the fold shapes, the write buffer's drains and the read window's evictions, without the
/// traces themselves.
///
/// SCALE-Sim's rules (`double_buffered_scratchpad_mem.py` `service_memory_requests` and
/// `get_*_start_stop_cycles`):
/// - demand line i is issued at cycle i + (stall cycles of earlier lines); ifmap and filter reads
///   are served one cycle later (hit latency 1), ofmap writes at the issue cycle plus the line's own
///   stall. An SRAM's start/stop is the service cycle of its first/last line with a valid address.
/// - CALC-mode reads (`read_buffer_estimate_bw.py`) prefetch at 10 words/cycle into a read port of
///   latency 1: with no eviction, ceil(sets · set words / 10) cycles ending at −1; otherwise the
///   first prefetch ends the cycle before the first request, and the last one at the request that
///   filled the window last (+1).
/// - USER-mode reads (`read_buffer.py` `prefetch_active_buffer`): the prefetched lines end at −1.
///   Exact when the prefetch matrix fits the active half (as `userModeDRAMReads` is).
/// - Ofmap DRAM: the first and last cycle a drain writes (`write_buffer.py`, latency 0).
public struct ScaleSimTimeline: Equatable, Sendable {
    /// First and last cycle of one stream, both inclusive.
    public struct Span: Equatable, Sendable {
        public var start: Int
        public var stop: Int
        public init(start: Int, stop: Int) { (self.start, self.stop) = (start, stop) }
    }

    public var ifmapSRAM: Span
    public var filterSRAM: Span
    public var ofmapSRAM: Span
    public var ifmapDRAM: Span
    public var filterDRAM: Span
    public var ofmapDRAM: Span

    public init(ifmapSRAM: Span, filterSRAM: Span, ofmapSRAM: Span, ifmapDRAM: Span, filterDRAM: Span, ofmapDRAM: Span) {
        (self.ifmapSRAM, self.filterSRAM, self.ofmapSRAM) = (ifmapSRAM, filterSRAM, ofmapSRAM)
        (self.ifmapDRAM, self.filterDRAM, self.ofmapDRAM) = (ifmapDRAM, filterDRAM, ofmapDRAM)
    }

    /// From the first read prefetch to the last ofmap drain (`single_layer_sim.py` `overall_cycles`).
    public var cyclesIncludingPrefetch: Int { ofmapDRAM.stop - min(ifmapDRAM.start, filterDRAM.start) }
}

extension ScaleSimTimeline {
    /// SCALE-Sim's CALC-mode read prefetch bandwidth, words per cycle ("arbitrary", `single_layer_sim.py`).
    static let estimatePrefetchWordsPerCycle = 10

    init(geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow, config: SystolicArrayConfig,
         linesPerFold: Int, foldOutputs: [OfmapWriteBufferModel.FoldOutputs], writeBuffer: OfmapWriteBufferModel.Outcome,
         dramReads: (ifmap: Int, filter: Int),
         estimate: (ifmap: SystolicLayerSimulation.EstimateOperandReads, filter: SystolicLayerSimulation.EstimateOperandReads)?) {
        /// Stall cycles of lines before `line` (through: including its own).
        func shift(before line: Int, through: Bool = false) -> Int {
            writeBuffer.stalls.reduce(0) { $0 + (($1.line < line || (through && $1.line == line)) ? $1.cycles : 0) }
        }
        let lastFold = (column: grid.columnFolds - 1, row: grid.rowFolds - 1)
        let lastFoldStart = (grid.folds - 1) * linesPerFold

        /// One operand's stream in fold (columnFold, rowFold), and the fold line where it starts: the
        /// stationary block fills the first R lines, its padding rows flipped to the top; the other
        /// operand of WS/IS streams after those R lines; OS streams both from line 0.
        func stream(ifmap: Bool, columnFold: Int, rowFold: Int) -> (stream: FoldStream, offset: Int) {
            let stream = FoldStream(ifmap: ifmap, dataflow: dataflow, geometry: g, grid: grid,
                                    columnFold: columnFold, rowFold: rowFold)
            if !stream.skewed { return (stream, grid.rows - stream.lanes) }
            return (stream, dataflow == .outputStationary ? 0 : grid.rows)
        }
        /// Issue cycles of an operand's first and last demand line with a valid address (the first
        /// and last fold hold them: every fold maps at least one in-bounds window and filter).
        func issueSpan(ifmap: Bool) -> Span {
            let valid: (Int, Int) -> Bool = ifmap ? { m, k in g.ifmapAddress(m: m, k: k) >= 0 } : { _, _ in true }
            let first = stream(ifmap: ifmap, columnFold: 0, rowFold: 0)
            let firstLine = first.offset + (first.stream.lineWithValidElement(last: false, valid) ?? 0)
            let last = stream(ifmap: ifmap, columnFold: lastFold.column, rowFold: lastFold.row)
            let lastLine = lastFoldStart + last.offset
                + (last.stream.lineWithValidElement(last: true, valid) ?? last.stream.lineCount - 1)
            return Span(start: firstLine + shift(before: firstLine), stop: lastLine + shift(before: lastLine))
        }
        let ifmapIssue = issueSpan(ifmap: true), filterIssue = issueSpan(ifmap: false)
        ifmapSRAM = Span(start: ifmapIssue.start + 1, stop: ifmapIssue.stop + 1)
        filterSRAM = Span(start: filterIssue.start + 1, stop: filterIssue.stop + 1)

        // Outputs sit on pre-skew rows [firstRow, firstRow + rowsValid), skewed one line per column.
        let firstOutput = foldOutputs[0].firstRow
        let lastOutputs = foldOutputs[foldOutputs.count - 1]
        let lastOutput = lastFoldStart + lastOutputs.firstRow + lastOutputs.rowsValid + lastOutputs.columnsValid - 2
        ofmapSRAM = Span(start: firstOutput + shift(before: firstOutput, through: true),
                         stop: lastOutput + shift(before: lastOutput, through: true))

        if let estimate {
            ifmapDRAM = Self.estimateSpan(estimate.ifmap, ifmap: true, sramKiB: config.ifmapSRAMKiB,
                                          firstRequest: ifmapIssue.start, linesPerFold: linesPerFold,
                                          offset: { fold in stream(ifmap: true, columnFold: fold.column, rowFold: fold.row).offset },
                                          grid: grid, shift: { shift(before: $0) })
            filterDRAM = Self.estimateSpan(estimate.filter, ifmap: false, sramKiB: config.filterSRAMKiB,
                                           firstRequest: filterIssue.start, linesPerFold: linesPerFold,
                                           offset: { fold in stream(ifmap: false, columnFold: fold.column, rowFold: fold.row).offset },
                                           grid: grid, shift: { shift(before: $0) })
        } else {
            // The prefetched lines end at cycle −1; reads are whole lines.
            ifmapDRAM = Span(start: -(dramReads.ifmap / config.ifmapReadLineWords), stop: -1)
            filterDRAM = Span(start: -(dramReads.filter / config.filterReadLineWords), stop: -1)
        }
        ofmapDRAM = Span(start: writeBuffer.firstDrainCycle ?? 0, stop: writeBuffer.lastDrainCycle ?? 0)
    }

    /// A CALC-mode operand's DRAM span (see the type's rules).
    private static func estimateSpan(_ reads: SystolicLayerSimulation.EstimateOperandReads, ifmap: Bool, sramKiB: Int,
                                     firstRequest: Int, linesPerFold: Int, offset: ((column: Int, row: Int)) -> Int,
                                     grid: FoldGrid, shift: (Int) -> Int) -> Span {
        let setWords = sramKiB * 1024 / 100
        let rate = estimatePrefetchWordsPerCycle
        guard let eviction = reads.lastEviction else {
            let sets = setWords == 0 ? 0 : (reads.reads + setWords - 1) / setWords
            return Span(start: -((sets * setWords + rate - 1) / rate), stop: -1)
        }
        // The first prefetch fills the 50 sets of the prefetch half and ends the cycle before the
        // first request (minus the port's latency, added back on the response).
        let firstPrefetch = (50 * setWords + rate - 1) / rate
        let fold = eviction.fold.quotientAndRemainder(dividingBy: grid.rowFolds)
        let line = eviction.fold * linesPerFold + offset((fold.quotient, fold.remainder)) + eviction.streamLine
        return Span(start: firstRequest - firstPrefetch, stop: line + shift(line) + 1)
    }
}
