/// DRAM reads of one operand SRAM in SCALE-Sim's CALC mode (`memory/read_buffer_estimate_bw.py`).
///
/// The rule, derived from `manage_prefetches` / `check_hit` / `complete_all_prefetches`:
/// misses are gathered into sets of `floor(words / 100)` distinct addresses; an address hits when it
/// was inserted since the last eviction. When 50 sets (the active half) are complete, all of them are
/// evicted at once (`list_of_sets[i + j] = None`, lines 189–195). So the buffer is a window of
/// `capacity = 50 · floor(words / 100)` addresses that empties each time it fills, and
/// DRAM reads = number of insertions (every inserted address is prefetched exactly once).
///
/// - Complexity: O(1) (plus O(ofmap extent) for conv geometry) when the operand's distinct
///   addresses fit the window, which is the case for SRAMs sized for the layer; otherwise the demand
///   stream is taken a segment at a time, each segment a union of contiguous address runs derived
///   from the fold's shape (`FoldStream`), into a bitset window (`EstimateFoldWindow`), searching
///   inside a fold only to place each eviction: about O(runs per fold · (folds + a few per
///   eviction)), independent of the number of SRAM reads. The element-level walk of the demand
///   stream (`referenceWalkIfmap` / `referenceWalkFilter`) is kept as the oracle for the tests
///   (`ScaleSimReadBufferTests`).
struct EstimateReadBuffer {
    /// Addresses held before the whole window is evicted; nil = never evicts (sets of 0 words).
    var capacity: Int?

    init(sramKiB: Int, wordBytes: Int = 1) {
        let words = sramKiB * 1024 / wordBytes
        let wordsPerSet = words / 100
        let activeSets = 50    // int(active_buf_frac · 100) with active_buf_frac = 0.5 (single_layer_sim.py:239)
        capacity = wordsPerSet == 0 ? nil : activeSets * wordsPerSet
    }

    /// Misses of a stream with `distinct` distinct addresses, or nil when the window may evict
    /// (then the stream must be walked).
    func missesWithoutEviction(distinct: Int) -> Int? {
        guard let capacity else { return distinct }
        return distinct < capacity ? distinct : nil
    }
}

/// Walks an address stream through the evict-when-full window.
struct EstimateReadBufferWalk {
    private var epochOf: [Int32]
    private var epoch: Int32 = 1
    private var inWindow = 0
    private let capacity: Int
    private(set) var misses = 0

    init(addressSpace: Int, capacity: Int) {
        epochOf = [Int32](repeating: 0, count: max(addressSpace, 1))
        self.capacity = capacity
    }

    @inline(__always)
    mutating func demand(_ address: Int) {
        guard address >= 0, epochOf[address] != epoch else { return }
        epochOf[address] = epoch
        misses += 1
        inWindow += 1
        if inWindow == capacity {
            epoch += 1
            inWindow = 0
        }
    }
}

extension SystolicLayerSimulation {
    /// One operand's CALC-mode DRAM reads, and where its window last filled (SCALE-Sim starts a
    /// prefetch there): the fold in fold order and the line within that fold's demand stream;
    /// nil when the window never filled.
    struct EstimateOperandReads {
        var reads: Int
        var lastEviction: (fold: Int, streamLine: Int)?
    }

    /// SCALE-Sim CALC-mode DRAM reads of the ifmap and filter SRAMs.
    static func estimateModeDRAMReads(geometry: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                      config: SystolicArrayConfig) -> (ifmap: Int, filter: Int) {
        let ifmapBuffer = EstimateReadBuffer(sramKiB: config.ifmapSRAMKiB)
        let filterBuffer = EstimateReadBuffer(sramKiB: config.filterSRAMKiB)
        let ifmap = ifmapBuffer.missesWithoutEviction(distinct: geometry.touchedIfmapWords)
            ?? (geometry.ifmapIsInjective
                ? ScaleSimDistinctReads.injectiveIfmapMisses(geometry: geometry, grid: grid, dataflow: dataflow,
                                                             capacity: ifmapBuffer.capacity!)
                : foldWindowMisses(ifmap: true, geometry: geometry, grid: grid, dataflow: dataflow,
                                   capacity: ifmapBuffer.capacity!))
        let filter = filterBuffer.missesWithoutEviction(distinct: geometry.k * geometry.filters)
            ?? ScaleSimDistinctReads.filterMisses(geometry: geometry, grid: grid, dataflow: dataflow,
                                                capacity: filterBuffer.capacity!)
        return (ifmap, filter)
    }

    /// The same reads with where each window last filled, for SCALE-Sim's report timeline
    /// (`ScaleSimTimeline`, only with `--report-dir`): the plain fold-by-fold walk, slower than
    /// `estimateModeDRAMReads`, whose unit skipping and closed forms keep no eviction positions.
    static func estimateModeDRAMReadsWithEvictions(geometry: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                                   config: SystolicArrayConfig)
        -> (ifmap: EstimateOperandReads, filter: EstimateOperandReads) {
        func operand(ifmap: Bool) -> EstimateOperandReads {
            let buffer = EstimateReadBuffer(sramKiB: ifmap ? config.ifmapSRAMKiB : config.filterSRAMKiB)
            let distinct = ifmap ? geometry.touchedIfmapWords : geometry.k * geometry.filters
            if let misses = buffer.missesWithoutEviction(distinct: distinct) { return EstimateOperandReads(reads: misses) }
            let walk = foldWindowWalk(ifmap: ifmap, geometry: geometry, grid: grid, dataflow: dataflow,
                                      capacity: buffer.capacity!)
            return EstimateOperandReads(reads: walk.misses, lastEviction: walk.lastEviction)
        }
        return (operand(ifmap: true), operand(ifmap: false))
    }

    /// The misses, and where the last eviction happened: the fold (in fold order) and the demand
    /// line within that fold's stream of the request that filled the window (nil: never filled).
    static func foldWindowWalk(ifmap: Bool, geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                               capacity: Int) -> (misses: Int, lastEviction: (fold: Int, streamLine: Int)?) {
        var lastEviction: (fold: Int, streamLine: Int)?
        var foldIndex = 0
        var window = EstimateFoldWindow(capacity: capacity, addressSpace: ifmap ? g.ifmapWords : g.k * g.filters)
        let emit: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void = ifmap
            ? { ms, ks, runs in g.appendIfmapRuns(m: ms, k: ks, to: &runs) }
            : { ns, ks, runs in
                // Filter n's k are n·K + k: a piece over all of K is one run.
                if ks.count == g.k {
                    runs.append(AddressRun(lo: ns.lowerBound * g.k, hi: ns.upperBound * g.k))
                } else {
                    for n in ns { runs.append(AddressRun(lo: n * g.k + ks.lowerBound, hi: n * g.k + ks.upperBound)) }
                }
            }
        grid.forEachFold { columnFold, rowFold in
            let stream = FoldStream(ifmap: ifmap, dataflow: dataflow, geometry: g, grid: grid,
                                    columnFold: columnFold, rowFold: rowFold)
            let (before, base) = (window.evictions, window.fed)
            window.feed(stream, emit: emit)
            // The window restarts just after the miss that filled it.
            if window.evictions > before {
                lastEviction = (foldIndex, stream.line(ofPosition: window.windowStart - base - 1))
            }
            foldIndex += 1
        }
        return (window.misses, lastEviction)
    }

    /// Reference (tests only): the ifmap demand stream in SCALE-Sim order, element by element —
    /// skewed anti-diagonals (line i, column c ascending) for OS and WS, the row-flipped unskewed
    /// block for IS.
    static func referenceWalkIfmap(geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                  capacity: Int) -> Int {
        var walk = EstimateReadBufferWalk(addressSpace: g.ifmapWords, capacity: capacity)
        let (rows, columns) = (grid.rows, grid.columns)
        grid.forEachFold { columnFold, rowFold in
            let usedRows = grid.usedRows(rowFold)
            switch dataflow {
            case .outputStationary:   // column c of the fold streams ifmap row m0+c over k = 0..<K
                let (m0, t) = (rowFold * rows, g.k)
                for line in 0..<(t + usedRows - 1) {
                    for c in max(0, line - t + 1)...min(usedRows - 1, line) {
                        walk.demand(g.ifmapAddress(m: m0 + c, k: line - c))
                    }
                }
            case .weightStationary:   // column c streams ifmap column k0+c over m = 0..<M
                let (k0, t) = (rowFold * rows, g.m)
                for line in 0..<(t + usedRows - 1) {
                    for c in max(0, line - t + 1)...min(usedRows - 1, line) {
                        walk.demand(g.ifmapAddress(m: line - c, k: k0 + c))
                    }
                }
            case .inputStationary:    // stationary block, rows flipped: k descending, m ascending
                let (k0, m0, usedColumns) = (rowFold * rows, columnFold * columns, grid.usedColumns(columnFold))
                for k in stride(from: k0 + usedRows - 1, through: k0, by: -1) {
                    for m in m0..<(m0 + usedColumns) { walk.demand(g.ifmapAddress(m: m, k: k)) }
                }
            }
        }
        return walk.misses
    }

    /// Reference (tests only): the filter demand stream in SCALE-Sim order, element by element.
    static func referenceWalkFilter(geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                   capacity: Int) -> Int {
        var walk = EstimateReadBufferWalk(addressSpace: g.k * g.filters, capacity: capacity)
        let (rows, columns) = (grid.rows, grid.columns)
        grid.forEachFold { columnFold, rowFold in
            let usedRows = grid.usedRows(rowFold)
            let usedColumns = grid.usedColumns(columnFold)
            switch dataflow {
            case .outputStationary:   // column c streams filter n0+c over k
                let (n0, t) = (columnFold * columns, g.k)
                for line in 0..<(t + usedColumns - 1) {
                    for c in max(0, line - t + 1)...min(usedColumns - 1, line) {
                        walk.demand(g.filterAddress(k: line - c, n: n0 + c))
                    }
                }
            case .weightStationary:   // stationary block, rows flipped, no skew
                let (k0, n0) = (rowFold * rows, columnFold * columns)
                for k in stride(from: k0 + usedRows - 1, through: k0, by: -1) {
                    for n in n0..<(n0 + usedColumns) { walk.demand(g.filterAddress(k: k, n: n)) }
                }
            case .inputStationary:    // column c streams filter row k0+c over n
                let (k0, t) = (rowFold * rows, g.filters)
                for line in 0..<(t + usedRows - 1) {
                    for c in max(0, line - t + 1)...min(usedRows - 1, line) {
                        walk.demand(g.filterAddress(k: k0 + c, n: line - c))
                    }
                }
            }
        }
        return walk.misses
    }
}
