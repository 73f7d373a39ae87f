/// For one WS ifmap fold segment in the channel-major order (at most 2C lanes): how many of each
/// lane's first t elements add a fresh address to the window — their address was not in the
/// window when the segment began, and no earlier element of the segment has it — in O(1) plus a
/// popcount or two (`countable(lane:before:)`), from counts per output row made once per segment.
///
/// Which elements share an address is geometry: lanes a and b (k = k0 + a, k0 + b) read the same
/// ifmap plane only when they have the same channel and their filter offsets agree modulo the
/// stride — with at most 2C lanes, a lane has at most one such partner, b = a ± C. Then a's element
/// (oy, ox) is b's (oy − Δr, ox − Δc), Δr and Δc the filter-row and filter-column differences over
/// the stride, i.e. m' = m − δ with δ = Δr·Wo + Δc. In the skewed stream element m of lane c is on
/// line m + c (lanes ascending within a line), so b's copy comes first exactly when b − a − δ < 0
/// (or = 0 with b < a), for every m at once, and it is in the segment when m' is at least b's
/// prefix at the segment start. So a lane's repeats are one rectangle cut by one raster threshold.
struct FoldLaneCounts {
    /// Lane a's repeated elements: rows × columns of its output grid, those with m ≥ threshold.
    struct Repeats {
        var rows: Range<Int>
        var columns: Range<Int>
        var threshold: Int
    }
    private var images: [LaneImage] = []
    private var repeats: [Repeats?] = []
    /// After an eviction the window is empty: every element is fresh but for its repeats.
    private var emptyWindow = false
    /// Countable elements of each lane before each of its rows: lane i's row r at i·(rows + 1) + r.
    private var before: [Int] = []
    private var rows = 0
    private var width = 1

    mutating func build(_ images: [LaneImage], channels: Int, segmentStart prefix: [Int], emptyWindow: Bool,
                        window: EstimateFoldWindow) {
        self.images = images
        self.emptyWindow = emptyWindow
        guard let first = images.first else { return }
        (rows, width) = (first.ofmapHeight, first.ofmapWidth)
        repeats.removeAll(keepingCapacity: true)
        for a in images.indices {
            var found: Repeats?
            for b in [a - channels, a + channels] where b >= 0 && b < images.count && images[b].plane == images[a].plane {
                found = Self.repeats(of: a, in: b, images, prefix: prefix, width: width)
            }
            repeats.append(found)
        }
        guard !emptyWindow else { return }
        before.removeAll(keepingCapacity: true)
        for (lane, image) in images.enumerated() {
            var total = 0
            before.append(0)
            for row in 0..<rows {
                if row < image.validRows {
                    let lo = image.base + row * image.rowStride
                    total += window.freshCount(lo: lo, count: image.validColumns)
                    if let cut = repeatedColumns(lane, row: row, upTo: image.validColumns) {
                        total -= window.freshCount(lo: lo + cut.lowerBound, count: cut.count)
                    }
                }
                before.append(total)
            }
        }
    }

    /// Countable elements among lane `lane`'s first `t` (m = 0 ..< t).
    func countable(lane: Int, before t: Int, window: EstimateFoldWindow) -> Int {
        let image = images[lane]
        let (row, column) = t.quotientAndRemainder(dividingBy: width)
        if emptyWindow {
            let fullRows = min(row, image.validRows)
            var total = fullRows * image.validColumns + (row < image.validRows ? min(column, image.validColumns) : 0)
            if let cut = repeats[lane] {
                total -= repeatedInRows(cut, cut.rows.lowerBound..<max(cut.rows.lowerBound, min(cut.rows.upperBound, row)))
                if cut.rows.contains(row) { total -= repeatedColumns(lane, row: row, upTo: column)?.count ?? 0 }
            }
            return total
        }
        if row >= rows { return before[lane * (rows + 1) + rows] }
        var total = before[lane * (rows + 1) + row]
        let partial = row < image.validRows ? min(column, image.validColumns) : 0
        if partial > 0 {
            let lo = image.base + row * image.rowStride
            total += window.freshCount(lo: lo, count: partial)
            if let cut = repeatedColumns(lane, row: row, upTo: partial) {
                total -= window.freshCount(lo: lo + cut.lowerBound, count: cut.count)
            }
        }
        return total
    }

    /// Repeated elements in whole rows `rows` of a lane: a row r holds those of its columns at or
    /// after threshold − r·Wo, so rows from the first with threshold − r·Wo ≤ the columns' start
    /// are whole, the one before it (at most one: the columns are narrower than a row) partly so.
    private func repeatedInRows(_ cut: Repeats, _ rows: Range<Int>) -> Int {
        guard !rows.isEmpty else { return 0 }
        let span = cut.columns.count
        // The first row r with r·Wo ≥ threshold − start (ceiling division, any sign).
        let need = cut.threshold - cut.columns.lowerBound
        let whole = need <= 0 ? -((-need) / width) : (need + width - 1) / width
        var total = span * max(0, rows.upperBound - max(rows.lowerBound, whole))
        let partial = whole - 1
        if rows.contains(partial) {
            let low = cut.threshold - partial * width
            if low < cut.columns.upperBound { total += cut.columns.upperBound - max(low, cut.columns.lowerBound) }
        }
        return total
    }

    /// The columns below `upTo` of lane `lane`'s row `row` that repeat an earlier element of the segment.
    private func repeatedColumns(_ lane: Int, row: Int, upTo: Int) -> Range<Int>? {
        guard let cut = repeats[lane], cut.rows.contains(row) else { return nil }
        let low = max(cut.columns.lowerBound, cut.threshold - row * width)
        let high = min(cut.columns.upperBound, upTo)
        return low < high ? low..<high : nil
    }

    private static func repeats(of a: Int, in b: Int, _ images: [LaneImage], prefix: [Int], width: Int) -> Repeats? {
        let (ia, ib) = (images[a], images[b])
        let dr = (ib.filterRow - ia.filterRow) / ia.stride, dc = (ib.filterColumn - ia.filterColumn) / ia.stride
        let delta = dr * width + dc
        let gap = b - a - delta
        guard gap < 0 || (gap == 0 && b < a) else { return nil }
        let rows = max(dr, 0)..<max(max(dr, 0), min(ia.validRows, dr + ib.validRows))
        let columns = max(dc, 0)..<max(max(dc, 0), min(ia.validColumns, dc + ib.validColumns))
        guard !rows.isEmpty, !columns.isEmpty else { return nil }
        // b's copy of m is in the segment when m − δ ≥ prefix[b].
        return Repeats(rows: rows, columns: columns, threshold: prefix[b] + delta)
    }
}
