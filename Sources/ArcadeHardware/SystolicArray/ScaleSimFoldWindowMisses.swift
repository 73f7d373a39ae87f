/// The evict-when-full read window (`EstimateReadBuffer`) over one operand's whole demand stream,
/// a unit of folds at a time: a unit whose distinct addresses leave the window below capacity is
/// added at once from runs derived from the layer's geometry, without listing its demand stream;
/// only a unit in which the window fills is fed fold by fold in stream order (`EstimateFoldWindow`).
/// The same count as the element walk (`referenceWalkIfmap` / `referenceWalkFilter`;
/// `ScaleSimReadBufferTests` checks on random layers, arrays and capacities).
///
/// Units, per dataflow and operand (fold order `for columnFold { for rowFold }`):
/// - OS ifmap: a fold is im2col rows m0 ..< m0 + R over all of K, so its words are the ifmap
///   windows of R output pixels: per ifmap row one run of whole pixels (all channels).
/// - WS ifmap: a fold is im2col columns k0 ..< k0 + R over all of M: per k one strided image of
///   the ifmap, contiguous in a channel-major, stride-split address order (a relabelling of the
///   addresses, which does not change the count; `ChannelMajorIfmap`) — used when R is below the
///   output width; otherwise per output pixel its R consecutive k, as in SCALE-Sim's addresses.
/// - IS ifmap: the folds of one column fold are output pixels m0 ..< m0 + C over all of K, like
///   an OS fold.
/// - OS and WS ifmap streams depend on the row fold only: one pass over the row folds repeats once
///   per column fold, and repeating passes are skipped (below).
/// - Filter: fold by fold (`foldWindowWalk`; the closed form `ScaleSimDistinctReads` is what
///   simulations use).
extension SystolicLayerSimulation {
    static func foldWindowMisses(ifmap: Bool, geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                 capacity: Int) -> Int {
        guard ifmap else {
            return foldWindowWalk(ifmap: false, geometry: g, grid: grid, dataflow: dataflow, capacity: capacity).misses
        }
        var runs: [AddressRun] = []
        let pixelMajor: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void = { ms, ks, runs in
            g.appendIfmapRuns(m: ms, k: ks, to: &runs)
        }
        /// The ifmap stream of fold (0, rowFold): OS and WS streams do not depend on the column fold.
        func passFold(_ rowFold: Int) -> FoldStream {
            FoldStream(ifmap: true, dataflow: dataflow, geometry: g, grid: grid, columnFold: 0, rowFold: rowFold)
        }
        switch dataflow {
        case .inputStationary:
            var window = EstimateFoldWindow(capacity: capacity, addressSpace: g.ifmapWords)
            for columnFold in 0..<grid.columnFolds {
                let m0 = columnFold * grid.columns, width = grid.usedColumns(columnFold)
                runs.removeAll(keepingCapacity: true)
                g.appendWindowRuns(m: m0..<(m0 + width), to: &runs)
                if window.tryWhole(runs, elements: width * g.k) { continue }
                for rowFold in 0..<grid.rowFolds {
                    window.feed(FoldStream(ifmap: true, dataflow: dataflow, geometry: g, grid: grid,
                                           columnFold: columnFold, rowFold: rowFold), emit: pixelMajor)
                }
            }
            return window.misses
        case .outputStationary:
            var window = EstimateFoldWindow(capacity: capacity, addressSpace: g.ifmapWords)
            return repeatedPasses(&window, grid: grid) { window, rowFold in
                let m0 = rowFold * grid.rows, height = grid.usedRows(rowFold)
                runs.removeAll(keepingCapacity: true)
                g.appendWindowRuns(m: m0..<(m0 + height), to: &runs)
                if window.tryWhole(runs, elements: height * g.k) { return }
                window.feed(passFold(rowFold), knownToFill: true, emit: pixelMajor)
            }
        case .weightStationary:
            let order = ChannelMajorIfmap(g)
            // With at most 2C lanes no two lanes of a fold but a channel's pair read the same plane,
            // so a fold's repeated addresses are a few rectangles and each fold is fed by per-lane
            // counts (`feedLanes`, channel-major: a lane is one run per output row). With more lanes
            // per channel (few channels, e.g. an RGB input), by segments below.
            if grid.rows <= 2 * g.channels {
                var window = EstimateFoldWindow(capacity: capacity, addressSpace: order.addressSpace, byLane: true)
                let emit: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void = { k, ms, runs in
                    order.appendRuns(k: k.lowerBound, m: ms, to: &runs)
                }
                var images: [LaneImage] = []
                var counts = FoldLaneCounts()
                // With at most C lanes, only an earlier fold holding one of this fold's channels (k − C,
                // the same channel one filter offset before) can have put any of its words in the
                // window: when the window began after the last such fold ended, none is there.
                var foldEnds = [Int](repeating: -1, count: grid.rowFolds)   // the latest pass's, per row fold
                return repeatedPasses(&window, grid: grid) { window, rowFold in
                    let k0 = rowFold * grid.rows, height = grid.usedRows(rowFold)
                    defer { foldEnds[rowFold] = window.fed }
                    var allFresh = false
                    if grid.rows <= g.channels {
                        // The last k before this fold sharing a channel with it: k0 + height − 1 − C in this
                        // pass, else that plus K in the last pass (K is a multiple of C).
                        let shared = k0 + height - 1 - g.channels
                        let sharedEnd = foldEnds[(shared >= 0 ? shared : shared + g.k) / grid.rows]
                        allFresh = sharedEnd < 0 || window.windowStart >= sharedEnd
                    }
                    images.removeAll(keepingCapacity: true)
                    for k in k0..<(k0 + height) { images.append(order.laneImage(k: k)) }
                    window.feedLanes(passFold(rowFold), images: images, channels: g.channels, allFresh: allFresh,
                                     counts: &counts, emit: emit)
                }
            }
            // A fold is R lanes (k) over every output pixel. Channel-major, a lane is one run per
            // output row (R × output rows runs a fold); pixel-major, each output pixel's R
            // consecutive k are one or two runs (about M a fold): the first wins when R < output width.
            let channelMajor = grid.rows < g.ofmapWidth
            var window = channelMajor
                ? EstimateFoldWindow(capacity: capacity, addressSpace: order.addressSpace, byLane: true)
                : EstimateFoldWindow(capacity: capacity, addressSpace: g.ifmapWords)
            let emit: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void = channelMajor
                ? { k, ms, runs in order.appendRuns(k: k.lowerBound, m: ms, to: &runs) }
                : pixelMajor
            // With at most C lanes a fold's lanes are distinct channels, so its words are distinct
            // (Σ of its lanes' valid entries), and only an earlier fold holding one of its channels
            // (k − C, the same channel one filter offset before) can have put any of them in the
            // window. When the window began after the last such fold ended, the fold is all fresh:
            // whether it fills the window is known without trying it.
            let lanesDistinct = grid.rows <= g.channels
            var foldEnds = [Int](repeating: -1, count: grid.rowFolds)   // the latest pass's, per row fold
            return repeatedPasses(&window, grid: grid) { window, rowFold in
                let k0 = rowFold * grid.rows, height = grid.usedRows(rowFold)
                defer { foldEnds[rowFold] = window.fed }
                var allFresh = false
                var distinct = 0
                if lanesDistinct {
                    for k in k0..<(k0 + height) { distinct += order.validEntries(k: k) }
                    // The last k before this fold sharing a channel with it: k0 + height − 1 − C in this
                    // pass, else that plus K in the last pass (K is a multiple of C). Its fold is earlier
                    // in this pass, or this one or a later one whose entry still holds the last pass's end.
                    let shared = k0 + height - 1 - g.channels
                    let sharedEnd = foldEnds[(shared >= 0 ? shared : shared + g.k) / grid.rows]
                    allFresh = sharedEnd < 0 || window.windowStart >= sharedEnd
                }
                if allFresh && window.filled + distinct >= window.capacity {
                    return window.feed(passFold(rowFold), knownToFill: true, emit: emit)
                }
                // A fold of more than twice the capacity rarely fits: feed it (it gallops) untried.
                if !allFresh && height * g.m > 2 * capacity {
                    return window.feed(passFold(rowFold), emit: emit)
                }
                runs.removeAll(keepingCapacity: true)
                if channelMajor {
                    for k in k0..<(k0 + height) { order.appendRuns(k: k, m: 0..<g.m, to: &runs) }
                } else {
                    g.appendIfmapRuns(m: 0..<g.m, k: k0..<(k0 + height), to: &runs)
                }
                if window.tryWhole(runs, elements: height * g.m, distinctAtMost: lanesDistinct ? distinct : nil) { return }
                window.feed(passFold(rowFold), knownToFill: true, emit: emit)
            }
        }
    }

    /// Feeds one pass over the row folds per column fold (`feedFold(window, rowFold)`), skipping
    /// repeats: the window never spans a whole pass (a pass touches every touched word, at least
    /// the capacity, or the window would not evict and this would not run), so at a pass boundary
    /// its state is where it began inside the last pass; when that offset repeats, the passes in
    /// between repeat forever, and whole cycles of them are counted instead of fed.
    private static func repeatedPasses(_ window: inout EstimateFoldWindow, grid: FoldGrid,
                                       feedFold: (inout EstimateFoldWindow, Int) -> Void) -> Int {
        var seen: [Int: (pass: Int, evictions: Int)] = [:]
        var pass = 0
        var cycleSkipped = false
        while pass < grid.columnFolds {
            let passStart = window.fed
            for rowFold in 0..<grid.rowFolds { feedFold(&window, rowFold) }
            pass += 1
            let offset = window.windowStart - passStart
            guard !cycleSkipped, offset >= 0 else { continue }
            if let earlier = seen[offset] {
                let cycle = pass - earlier.pass
                let cycles = (grid.columnFolds - pass) / cycle
                window.skip(evictions: cycles * (window.evictions - earlier.evictions))
                pass += cycles * cycle
                cycleSkipped = true
            } else {
                seen[offset] = (pass, window.evictions)
            }
        }
        return window.misses
    }
}

extension Im2ColGeometry {
    /// The ifmap words that im2col rows `m` read over all of K (entries past the ifmap edge read
    /// nothing), as runs of whole pixels (all channels are contiguous): per output row, per
    /// filter row, the columns its windows cover — one run, or one per window when the stride
    /// leaves gaps between windows.
    func appendWindowRuns(m: Range<Int>, to runs: inout [AddressRun]) {
        var first = m.lowerBound
        while first < m.upperBound {
            let (ofmapRow, firstColumn) = first.quotientAndRemainder(dividingBy: ofmapWidth)
            let rowEnd = min(m.upperBound, (ofmapRow + 1) * ofmapWidth)
            let lastColumn = rowEnd - 1 - ofmapRow * ofmapWidth
            for filterRow in 0..<filterHeight {
                let row = ofmapRow * stride + filterRow
                if row >= ifmapHeight { break }
                let rowBase = row * ifmapWidth
                if stride <= filterWidth {
                    let (lo, hi) = (firstColumn * stride, min(lastColumn * stride + filterWidth, ifmapWidth))
                    if hi > lo { runs.append(AddressRun(lo: (rowBase + lo) * channels, hi: (rowBase + hi) * channels)) }
                } else {
                    for column in firstColumn...lastColumn {
                        let (lo, hi) = (column * stride, min(column * stride + filterWidth, ifmapWidth))
                        if hi > lo { runs.append(AddressRun(lo: (rowBase + lo) * channels, hi: (rowBase + hi) * channels)) }
                    }
                }
            }
            first = rowEnd
        }
    }
}

/// One lane's addresses in a relabelled address order where each output row's valid entries are
/// consecutive (`ChannelMajorIfmap.laneImage`): m = r · ofmapWidth + c is at base + r · rowStride + c
/// when r < validRows and c < validColumns, else reads nothing.
struct LaneImage {
    var base: Int
    var rowStride: Int
    var validRows: Int
    var validColumns: Int
    var ofmapWidth: Int
    var ofmapHeight: Int
    /// Lanes with the same `plane` (channel, filter column and filter row modulo the stride) can
    /// read the same addresses (`FoldLaneCounts`); lanes of different planes never do.
    var plane: Int
    var filterRow: Int
    var filterColumn: Int
    var stride: Int
}

/// A relabelling of ifmap addresses in which one im2col column (fixed filter row, filter column
/// and channel; all output pixels) is one run per output row: channel-major, and within a channel
/// the ifmap columns split by residue modulo the stride. Index of ifmap (row y, column x,
/// channel c) = ((c·s + x mod s)·H + y)·⌈W/s⌉ + x div s. A bijection onto its image, so windows
/// over relabelled addresses count the same misses.
struct ChannelMajorIfmap {
    let g: Im2ColGeometry
    let quotientWidth: Int
    var addressSpace: Int { g.channels * g.stride * g.ifmapHeight * quotientWidth }

    init(_ g: Im2ColGeometry) {
        self.g = g
        quotientWidth = (g.ifmapWidth + g.stride - 1) / g.stride
    }

    /// Valid entries (inside the ifmap) of im2col column `k`: output rows × output columns whose
    /// window row / column at this filter offset is inside the ifmap.
    func validEntries(k: Int) -> Int {
        let (filterRow, rest) = k.quotientAndRemainder(dividingBy: g.filterWidth * g.channels)
        let filterColumn = rest / g.channels
        let rows = min(g.ofmapHeight, max(0, (g.ifmapHeight - filterRow + g.stride - 1) / g.stride))
        let columns = min(g.ofmapWidth, max(0, (g.ifmapWidth - filterColumn + g.stride - 1) / g.stride))
        return rows * columns
    }

    /// Im2col column `k`'s addresses: output row r's valid entries are `validColumns` consecutive
    /// addresses from base + r · rowStride, for r below `validRows`.
    func laneImage(k: Int) -> LaneImage {
        let (filterRow, rest) = k.quotientAndRemainder(dividingBy: g.filterWidth * g.channels)
        let (filterColumn, channel) = rest.quotientAndRemainder(dividingBy: g.channels)
        let (quotient0, residue) = filterColumn.quotientAndRemainder(dividingBy: g.stride)
        let plane = (channel * g.stride + residue) * g.ifmapHeight
        return LaneImage(base: (plane + filterRow) * quotientWidth + quotient0, rowStride: g.stride * quotientWidth,
                         validRows: min(g.ofmapHeight, max(0, (g.ifmapHeight - filterRow + g.stride - 1) / g.stride)),
                         validColumns: min(g.ofmapWidth, max(0, (g.ifmapWidth - filterColumn + g.stride - 1) / g.stride)),
                         ofmapWidth: g.ofmapWidth, ofmapHeight: g.ofmapHeight,
                         plane: (channel * g.stride + residue) * g.stride + filterRow % g.stride,
                         filterRow: filterRow, filterColumn: filterColumn, stride: g.stride)
    }

    /// Runs of im2col column `k` over im2col rows `m` (entries past the ifmap edge read nothing).
    func appendRuns(k: Int, m: Range<Int>, to runs: inout [AddressRun]) {
        let (filterRow, rest) = k.quotientAndRemainder(dividingBy: g.filterWidth * g.channels)
        let (filterColumn, channel) = rest.quotientAndRemainder(dividingBy: g.channels)
        let (quotient0, residue) = filterColumn.quotientAndRemainder(dividingBy: g.stride)
        // Output columns whose window column x = ox·s + filterColumn is inside the ifmap.
        let validColumns = min(g.ofmapWidth, max(0, (g.ifmapWidth - filterColumn + g.stride - 1) / g.stride))
        let plane = (channel * g.stride + residue) * g.ifmapHeight
        var first = m.lowerBound
        while first < m.upperBound {
            let (ofmapRow, firstColumn) = first.quotientAndRemainder(dividingBy: g.ofmapWidth)
            let rowEnd = min(m.upperBound, (ofmapRow + 1) * g.ofmapWidth)
            let endColumn = min(rowEnd - ofmapRow * g.ofmapWidth, validColumns)
            let row = ofmapRow * g.stride + filterRow
            if row >= g.ifmapHeight { break }
            if endColumn > firstColumn {
                let base = (plane + row) * quotientWidth + quotient0
                runs.append(AddressRun(lo: base + firstColumn, hi: base + endColumn))
            }
            first = rowEnd
        }
    }
}
