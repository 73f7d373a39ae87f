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
    /// SCALE-Sim CALC-mode DRAM reads of the ifmap and filter SRAMs.
    static func estimateModeDRAMReads(geometry: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                      config: SystolicArrayConfig) -> (ifmap: Int, filter: Int) {
        let ifmapBuffer = EstimateReadBuffer(sramKiB: config.ifmapSRAMKiB)
        let filterBuffer = EstimateReadBuffer(sramKiB: config.filterSRAMKiB)
        let ifmap = ifmapBuffer.missesWithoutEviction(distinct: geometry.touchedIfmapWords)
            ?? foldWindowMisses(ifmap: true, geometry: geometry, grid: grid, dataflow: dataflow,
                              capacity: ifmapBuffer.capacity!)
        let filter = filterBuffer.missesWithoutEviction(distinct: geometry.k * geometry.filters)
            ?? foldWindowMisses(ifmap: false, geometry: geometry, grid: grid, dataflow: dataflow,
                              capacity: filterBuffer.capacity!)
        return (ifmap, filter)
    }

    /// Misses of the evict-when-full window over one operand's whole demand stream, fold by fold
    /// (the same count as the element walk; `ScaleSimReadBufferTests` checks on random layers).
    static func foldWindowMisses(ifmap: Bool, geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                               capacity: Int) -> Int {
        var window = EstimateFoldWindow(capacity: capacity, addressSpace: ifmap ? g.ifmapWords : g.k * g.filters)
        let emit: (Int, Int, Int, inout [AddressRun]) -> Void = ifmap
            ? { m, k1, k2, runs in g.appendIfmapRuns(m: m, k: k1..<k2, to: &runs) }
            : { n, k1, k2, runs in runs.append(AddressRun(lo: n * g.k + k1, hi: n * g.k + k2)) }
        grid.forEachFold { columnFold, rowFold in
            let stream = FoldStream(ifmap: ifmap, dataflow: dataflow, geometry: g, grid: grid,
                                    columnFold: columnFold, rowFold: rowFold)
            window.feed(stream, emit: emit)
        }
        return window.misses
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

/// A half-open range of operand addresses.
struct AddressRun: Sendable {
    var lo: Int
    var hi: Int
}

extension Im2ColGeometry {
    /// The ifmap addresses of im2col row `m` over the contiguous range `k`, as contiguous runs:
    /// within one filter row, consecutive k are consecutive (column, channel) words
    /// (`operand_matrix.py` `calc_ifmap_elem_addr`), so each filter row gives at most one run;
    /// entries past the ifmap edge (-1 in SCALE-Sim) give none.
    func appendIfmapRuns(m: Int, k: Range<Int>, to runs: inout [AddressRun]) {
        guard !k.isEmpty else { return }
        let rowWords = filterWidth * channels
        let (ofmapRow, ofmapColumn) = m.quotientAndRemainder(dividingBy: ofmapWidth)
        let validWords = min(rowWords, max(0, ifmapWidth - ofmapColumn * stride) * channels)
        var filterRow = k.lowerBound / rowWords
        while filterRow * rowWords < k.upperBound {
            let row = ofmapRow * stride + filterRow
            if row >= ifmapHeight { break }
            let lo = max(k.lowerBound - filterRow * rowWords, 0)
            let hi = min(k.upperBound - filterRow * rowWords, validWords)
            if hi > lo {
                let base = (row * ifmapWidth + ofmapColumn * stride) * channels
                runs.append(AddressRun(lo: base + lo, hi: base + hi))
            }
            filterRow += 1
        }
    }
}

/// One fold's demand stream of one operand, in the order SCALE-Sim issues it, described by its
/// shape instead of listed: `lanes` array rows/columns, each streaming `length` elements.
///
/// - skewed (OS both operands, WS ifmap, IS filter; `systolic_compute_*.py` `skew_matrix`): line ℓ
///   holds lane c's element ℓ − c for every lane with 0 ≤ ℓ − c < length, lanes ascending.
/// - block (IS ifmap, WS filter: the stationary operand, rows flipped, no skew): lane after lane.
///
/// Each lane is either one im2col row/filter column `x` streaming its k (`lanesAreK == false`), or
/// one k streaming x (`lanesAreK == true`). Any contiguous part of the stream covers, per lane, a
/// contiguous range of that lane's elements; and because those ranges' bounds never increase
/// with the lane index, per streamed x the lanes it covers are contiguous too — so a stream
/// segment is a union of (x, contiguous k range) pieces, each a few contiguous address runs.
struct FoldStream {
    var skewed: Bool
    var lanes: Int
    var length: Int
    var lanesAreK: Bool
    /// Lane i is x = laneOrigin + i (lanesAreK false) or k = laneOrigin + laneStep · i.
    var laneOrigin: Int
    var laneStep: Int
    /// Element j of a lane is k = j (lanesAreK false) or x = temporalOrigin + j.
    var temporalOrigin: Int

    var elements: Int { lanes * length }

    /// The stream of `ifmap` (else filter) in fold (columnFold, rowFold), as the reference walks
    /// in `SystolicLayerSimulation.referenceWalkIfmap` / `referenceWalkFilter` enumerate it.
    init(ifmap: Bool, dataflow: Dataflow, geometry g: Im2ColGeometry, grid: FoldGrid,
         columnFold: Int, rowFold: Int) {
        let usedRows = grid.usedRows(rowFold), usedColumns = grid.usedColumns(columnFold)
        let (r0, c0) = (rowFold * grid.rows, columnFold * grid.columns)
        switch (dataflow, ifmap) {
        case (.outputStationary, true):    // lane c: ifmap row m0 + c over k
            self.init(skewed: true, lanes: usedRows, length: g.k, lanesAreK: false,
                      laneOrigin: r0, laneStep: 1, temporalOrigin: 0)
        case (.outputStationary, false):   // lane c: filter n0 + c over k
            self.init(skewed: true, lanes: usedColumns, length: g.k, lanesAreK: false,
                      laneOrigin: c0, laneStep: 1, temporalOrigin: 0)
        case (.weightStationary, true):    // lane c: ifmap column k0 + c over m
            self.init(skewed: true, lanes: usedRows, length: g.m, lanesAreK: true,
                      laneOrigin: r0, laneStep: 1, temporalOrigin: 0)
        case (.inputStationary, false):    // lane c: filter row k0 + c over n
            self.init(skewed: true, lanes: usedRows, length: g.filters, lanesAreK: true,
                      laneOrigin: r0, laneStep: 1, temporalOrigin: 0)
        case (.inputStationary, true):     // block rows k descending, m = m0 ..< m0 + usedColumns
            self.init(skewed: false, lanes: usedRows, length: usedColumns, lanesAreK: true,
                      laneOrigin: r0 + usedRows - 1, laneStep: -1, temporalOrigin: c0)
        case (.weightStationary, false):   // block rows k descending, n = n0 ..< n0 + usedColumns
            self.init(skewed: false, lanes: usedRows, length: usedColumns, lanesAreK: true,
                      laneOrigin: r0 + usedRows - 1, laneStep: -1, temporalOrigin: c0)
        }
    }

    init(skewed: Bool, lanes: Int, length: Int, lanesAreK: Bool, laneOrigin: Int, laneStep: Int,
         temporalOrigin: Int) {
        (self.skewed, self.lanes, self.length, self.lanesAreK) = (skewed, lanes, length, lanesAreK)
        (self.laneOrigin, self.laneStep, self.temporalOrigin) = (laneOrigin, laneStep, temporalOrigin)
    }

    /// Elements on skewed lines before `line`.
    private func elements(beforeLine line: Int) -> Int {
        var total = 0
        for c in 0..<lanes { total += min(max(line - c, 0), length) }
        return total
    }

    /// Per lane, how many of its elements come before stream position `position`.
    func prefixes(_ position: Int, into out: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        if position >= elements {
            out.append(contentsOf: repeatElement(length, count: lanes))
        } else if !skewed {
            for lane in 0..<lanes { out.append(min(max(position - lane * length, 0), length)) }
        } else {
            // The line holding `position`: the last line with at most `position` elements before it.
            var (lo, hi) = (0, lanes + length - 1)
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if elements(beforeLine: mid) <= position { lo = mid } else { hi = mid }
            }
            let taken = position - elements(beforeLine: lo)
            let firstLane = max(0, lo - length + 1)
            for c in 0..<lanes {
                out.append(min(max(lo - c, 0), length) + (c >= firstLane && c < firstLane + taken ? 1 : 0))
            }
        }
    }

    /// Calls `body(x, kLow, kHigh)` for the pieces of the stream between per-lane prefixes
    /// `from` and `to` (both non-increasing in the lane index).
    func forEachPiece(from: [Int], to: [Int], _ body: (Int, Int, Int) -> Void) {
        if !lanesAreK {
            for lane in 0..<lanes where from[lane] < to[lane] {
                body(laneOrigin + lane, from[lane], to[lane])
            }
            return
        }
        guard lanes > 0 else { return }
        // Lanes with from ≤ t are a suffix first..., lanes with to > t a prefix ...last (both bounds
        // non-increasing in the lane); both ends only move down as t grows.
        var (first, last) = (lanes - 1, lanes - 1)
        for t in from[lanes - 1]..<to[0] {
            while first > 0, from[first - 1] <= t { first -= 1 }
            while last >= 0, to[last] <= t { last -= 1 }
            guard first <= last else { continue }
            let (k1, k2) = laneStep > 0
                ? (laneOrigin + first, laneOrigin + last + 1) : (laneOrigin - last, laneOrigin - first + 1)
            body(temporalOrigin + t, k1, k2)
        }
    }
}

/// SCALE-Sim's evict-when-full read window (see `EstimateReadBuffer`) over whole folds at a time.
/// The addresses inserted since the last eviction are a bitset over the operand's address space
/// (a word's bits count only while its epoch is current, so an eviction is one increment). A fold
/// whose new addresses keep the window below capacity is added whole; otherwise the position inside
/// the fold where the window fills is searched for (distinct addresses of a growing stream prefix
/// are monotone), the window empties there (`read_buffer_estimate_bw.py:189–195`), and the rest of
/// the fold starts the next window. Each probe inserts its segment tentatively and is either kept
/// or rolled back.
struct EstimateFoldWindow {
    let capacity: Int
    private(set) var evictions = 0
    private var filled = 0
    private var bits: [UInt64]
    private var wordEpoch: [UInt32]
    private var epoch: UInt32 = 1
    /// Words changed by the current tentative segment: (index, previous bits, previous epoch).
    private var undo: [(word: Int, bits: UInt64, epoch: UInt32)] = []
    private var scratch: [AddressRun] = []
    private var fromPrefix: [Int] = []
    private var toPrefix: [Int] = []

    init(capacity: Int, addressSpace: Int) {
        self.capacity = capacity
        let words = max(addressSpace, 1) / 64 + 1
        bits = [UInt64](repeating: 0, count: words)
        wordEpoch = [UInt32](repeating: 0, count: words)
    }

    var misses: Int { evictions * capacity + filled }

    mutating func feed(_ stream: FoldStream, emit: (Int, Int, Int, inout [AddressRun]) -> Void) {
        let end = stream.elements
        var start = 0    // the window holds everything of this fold before `start`
        // Galloping: first the whole fold if it is small enough to search (usually it fits), else
        // the most elements that cannot fill the window (kept without a search). After a segment
        // of only fresh addresses, the fewest elements that could fill it (so an all-miss stream
        // lands on the eviction exactly); otherwise the step doubles while the window does not fill.
        var step = end <= 2 * capacity ? end : max(capacity - filled - 1, 1)
        stream.prefixes(start, into: &fromPrefix)
        while start < end {
            let stop = min(end, start + step)
            let fresh = insertTentatively(stream, upTo: stop, emit: emit)
            if filled + fresh < capacity {
                let dense = fresh == stop - start
                keep(fresh, upTo: &start, stop)
                step = dense ? max(capacity - filled, 1) : 2 * step
                continue
            }
            rollBack()
            if stop - start > 2 * capacity {
                // Too coarse to search cheaply: gallop up from the most that cannot fill it.
                step = max(capacity - filled - 1, 1)
                continue
            }
            // The window fills at some position in (start, stop]: search, keeping each part that
            // does not fill it, down to one element. Probes alternate between the position a
            // uniform spread of the fresh addresses predicts (exact when every demand is fresh,
            // the common refetch case) and the midpoint.
            var (hi, hiFresh) = (stop, fresh)    // fresh addresses in start ..< hi
            var interpolate = true
            while hi - start > 1 {
                let need = capacity - filled
                let probe = interpolate
                    ? min(max(start + ((hi - start) * need + hiFresh - 1) / hiFresh - 1, start + 1), hi - 1)
                    : (start + hi) / 2
                interpolate.toggle()
                let fresh = insertTentatively(stream, upTo: probe, emit: emit)
                if filled + fresh < capacity {
                    keep(fresh, upTo: &start, probe)
                    hiFresh -= fresh
                } else {
                    rollBack()
                    (hi, hiFresh) = (probe, fresh)
                }
            }
            // Element `start` is the miss that fills the window; everything is evicted after it.
            evictions += 1
            epoch += 1
            filled = 0
            start = hi
            step = max(capacity - 1, 1)
            stream.prefixes(start, into: &fromPrefix)
        }
    }

    /// Keeps the segment just inserted (start ..< position).
    private mutating func keep(_ fresh: Int, upTo start: inout Int, _ position: Int) {
        undo.removeAll(keepingCapacity: true)
        filled += fresh
        start = position
        swap(&fromPrefix, &toPrefix)
    }

    private mutating func rollBack() {
        for change in undo.reversed() {
            bits[change.word] = change.bits
            wordEpoch[change.word] = change.epoch
        }
        undo.removeAll(keepingCapacity: true)
    }

    /// Inserts the stream from the current start (`fromPrefix`) to `position` into the window,
    /// recording how to undo it, and returns how many of its addresses were not there.
    private mutating func insertTentatively(_ stream: FoldStream, upTo position: Int,
                                            emit: (Int, Int, Int, inout [AddressRun]) -> Void) -> Int {
        stream.prefixes(position, into: &toPrefix)
        scratch.removeAll(keepingCapacity: true)
        stream.forEachPiece(from: fromPrefix, to: toPrefix) { x, k1, k2 in emit(x, k1, k2, &scratch) }
        var fresh = 0
        for run in scratch where run.hi > run.lo {
            var word = run.lo >> 6
            let lastWord = (run.hi - 1) >> 6
            while word <= lastWord {
                let low = word == run.lo >> 6 ? run.lo & 63 : 0
                let high = word == lastWord ? ((run.hi - 1) & 63) + 1 : 64
                let mask = (high == 64 ? ~UInt64(0) : (UInt64(1) << UInt64(high)) - 1) & ~((UInt64(1) << UInt64(low)) - 1)
                let current = wordEpoch[word] == epoch ? bits[word] : 0
                let added = mask & ~current
                if added != 0 {
                    undo.append((word, bits[word], wordEpoch[word]))
                    bits[word] = current | added
                    wordEpoch[word] = epoch
                    fresh += added.nonzeroBitCount
                }
                word += 1
            }
        }
        return fresh
    }
}
