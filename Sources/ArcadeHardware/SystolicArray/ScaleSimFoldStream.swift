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
        appendIfmapRuns(m: m..<(m + 1), k: k, to: &runs)
    }

    /// The same for im2col rows `m` (all over the same `k`), as a set: per output row and filter
    /// row, the output pixels' runs are the same offsets from bases s·C words apart, so when a run
    /// spans at least s·C words they overlap or touch and their union is one run (a whole output
    /// row's pixels in one), else they are listed pixel by pixel. A run past the ifmap's right
    /// edge is cut there (SCALE-Sim's -1 entries), which keeps the union contiguous: a cut run
    /// ends at the row's end, where every later pixel's run would begin or already lies.
    func appendIfmapRuns(m: Range<Int>, k: Range<Int>, to runs: inout [AddressRun]) {
        guard !k.isEmpty else { return }
        let rowWords = filterWidth * channels
        let pixelStep = stride * channels
        var first = m.lowerBound
        while first < m.upperBound {
            let (ofmapRow, firstColumn) = first.quotientAndRemainder(dividingBy: ofmapWidth)
            let lastColumn = min(m.upperBound - ofmapRow * ofmapWidth, ofmapWidth) - 1
            var filterRow = k.lowerBound / rowWords
            while filterRow * rowWords < k.upperBound {
                let row = ofmapRow * stride + filterRow
                if row >= ifmapHeight { break }
                let lo = max(k.lowerBound - filterRow * rowWords, 0)
                let hi = min(k.upperBound - filterRow * rowWords, rowWords)
                let rowStart = row * ifmapWidth * channels
                let rowEnd = rowStart + ifmapWidth * channels
                if hi - lo >= pixelStep || firstColumn == lastColumn {
                    let start = rowStart + firstColumn * pixelStep + lo
                    let end = min(rowStart + lastColumn * pixelStep + hi, rowEnd)
                    if end > start { runs.append(AddressRun(lo: start, hi: end)) }
                } else {
                    for column in firstColumn...lastColumn {
                        let start = rowStart + column * pixelStep + lo
                        if start >= rowEnd { break }
                        runs.append(AddressRun(lo: start, hi: min(rowStart + column * pixelStep + hi, rowEnd)))
                    }
                }
                filterRow += 1
            }
            first = (ofmapRow + 1) * ofmapWidth
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
        // Σ over lanes c of clamp(line − c, 0, length) = S(line) − S(line − lanes), where S(n) is the
        // sum of clamp(x, 0, length) over x = 0 … n.
        func partialSum(_ n: Int) -> Int {
            if n <= 0 { return 0 }
            if n <= length { return n * (n + 1) / 2 }
            return length * (length + 1) / 2 + (n - length) * length
        }
        return partialSum(line) - partialSum(line - lanes)
    }

    /// Demand lines the stream spans: a skewed stream lanes + length − 1, a block one line per lane.
    var lineCount: Int { skewed ? lanes + length - 1 : lanes }

    /// The demand line, counted from the stream's first, that holds stream position `position`.
    func line(ofPosition position: Int) -> Int {
        guard skewed else { return position / length }
        var (lo, hi) = (0, lanes + length - 1)   // the last line with at most `position` elements before it
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if elements(beforeLine: mid) <= position { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The first (else last) line, counted from the stream's first, holding an element for which
    /// `valid(x, k)` holds (an ifmap window past the edge is -1 in SCALE-Sim), or nil if none does.
    /// Scans from that end, so it stops after a few lines unless most of the stream is padding.
    func lineWithValidElement(last: Bool, _ valid: (Int, Int) -> Bool) -> Int? {
        func isValid(lane: Int, element: Int) -> Bool {
            lanesAreK ? valid(temporalOrigin + element, laneOrigin + laneStep * lane)
                : valid(laneOrigin + lane, element)
        }
        for step in 0..<lineCount {
            let line = last ? lineCount - 1 - step : step
            if skewed {
                for lane in max(0, line - length + 1)...min(lanes - 1, line) where isValid(lane: lane, element: line - lane) {
                    return line
                }
            } else if (0..<length).contains(where: { isValid(lane: line, element: $0) }) {
                return line
            }
        }
        return nil
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

    /// Lanes-are-k streams only: calls `body(k, xLow, xHigh)` for each lane's part of the stream
    /// between per-lane prefixes `from` and `to` (the same elements as `forEachPiece`, by lane).
    func forEachLaneRange(from: [Int], to: [Int], _ body: (Int, Int, Int) -> Void) {
        for lane in 0..<lanes where from[lane] < to[lane] {
            body(laneOrigin + laneStep * lane, temporalOrigin + from[lane], temporalOrigin + to[lane])
        }
    }

    /// Calls `body(xs, ks)` for the pieces of the stream between per-lane prefixes `from` and
    /// `to` (both non-increasing in the lane index): every x in `xs` over the lanes' k range `ks`
    /// (consecutive x with the same lanes come as one piece, so the middle of a skewed stream,
    /// where every lane is streaming, is one call).
    func forEachPiece(from: [Int], to: [Int], _ body: (Range<Int>, Range<Int>) -> Void) {
        if !lanesAreK {
            for lane in 0..<lanes where from[lane] < to[lane] {
                body((laneOrigin + lane)..<(laneOrigin + lane + 1), from[lane]..<to[lane])
            }
            return
        }
        guard lanes > 0 else { return }
        // Lanes with from ≤ t are a suffix first..., lanes with to > t a prefix ...last (both bounds
        // non-increasing in the lane); both ends only move down as t grows.
        var (first, last) = (lanes - 1, lanes - 1)
        var pending: (t: Int, ks: Range<Int>)?
        for t in from[lanes - 1]..<to[0] {
            while first > 0, from[first - 1] <= t { first -= 1 }
            while last >= 0, to[last] <= t { last -= 1 }
            guard first <= last else {
                if let piece = pending { body((temporalOrigin + piece.t)..<(temporalOrigin + t), piece.ks) }
                pending = nil
                continue
            }
            let ks = laneStep > 0
                ? (laneOrigin + first)..<(laneOrigin + last + 1) : (laneOrigin - last)..<(laneOrigin - first + 1)
            if let piece = pending, piece.ks == ks { continue }
            if let piece = pending { body((temporalOrigin + piece.t)..<(temporalOrigin + t), piece.ks) }
            pending = (t, ks)
        }
        if let piece = pending { body((temporalOrigin + piece.t)..<(temporalOrigin + to[0]), piece.ks) }
    }
}
