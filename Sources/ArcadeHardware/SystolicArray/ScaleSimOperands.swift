import ArcadeWorkloads

/// The im2col view of a layer's operands with SCALE-Sim's address arithmetic
/// (`compute/operand_matrix.py` `calc_ifmap_elem_addr` / `calc_filter_elem_addr`).
///
/// A GEMM layer is the convolution SCALE-Sim builds from it (`topology_utils.py` `load_arrays_gemm`):
/// ifmap M×K, filter 1×K, one channel, N filters, stride 1.
struct Im2ColGeometry: Equatable, Sendable {
    var ifmapHeight: Int
    var ifmapWidth: Int
    var filterHeight: Int
    var filterWidth: Int
    var channels: Int
    var filters: Int
    var stride: Int

    init(_ layer: WorkloadLayer) {
        switch layer {
        case .conv(let conv):
            (ifmapHeight, ifmapWidth, filterHeight, filterWidth) =
                (conv.ifmapHeight, conv.ifmapWidth, conv.filterHeight, conv.filterWidth)
            (channels, filters, stride) = (conv.channels, conv.filterCount, conv.stride)
        case .gemm(let gemm):
            (ifmapHeight, ifmapWidth, filterHeight, filterWidth) = (gemm.m, gemm.k, 1, gemm.k)
            (channels, filters, stride) = (1, gemm.n, 1)
        }
    }

    var ofmapHeight: Int { (ifmapHeight - filterHeight + 2 * stride - 1) / stride }
    var ofmapWidth: Int { (ifmapWidth - filterWidth + 2 * stride - 1) / stride }
    var m: Int { ofmapHeight * ofmapWidth }
    var k: Int { filterHeight * filterWidth * channels }
    var ifmapWords: Int { ifmapHeight * ifmapWidth * channels }

    /// Address (without offset) of ifmap operand element (m, k), or -1 when the window runs past
    /// the ifmap edge (SCALE-Sim's ceil-based ofmap size lets the last window overhang).
    @inline(__always)
    func ifmapAddress(m: Int, k: Int) -> Int {
        let (ofmapRow, ofmapColumn) = m.quotientAndRemainder(dividingBy: ofmapWidth)
        let (filterRow, rest) = k.quotientAndRemainder(dividingBy: filterWidth * channels)
        let (filterColumn, channel) = rest.quotientAndRemainder(dividingBy: channels)
        let row = ofmapRow * stride + filterRow
        let column = ofmapColumn * stride + filterColumn
        guard row < ifmapHeight, column < ifmapWidth else { return -1 }
        return (row * ifmapWidth + column) * channels + channel
    }

    @inline(__always)
    func filterAddress(k: Int, n: Int) -> Int { n * self.k + k }

    /// Ifmap words touched by at least one window: (touched rows) × (touched columns) × channels.
    var touchedIfmapWords: Int {
        touched(extent: ifmapHeight, filter: filterHeight, windows: ofmapHeight)
            * touched(extent: ifmapWidth, filter: filterWidth, windows: ofmapWidth) * channels
    }

    /// Valid ifmap operand entries (not -1) among the M×K im2col entries.
    var validIfmapEntries: Int {
        validPairs(extent: ifmapHeight, filter: filterHeight, windows: ofmapHeight)
            * validPairs(extent: ifmapWidth, filter: filterWidth, windows: ofmapWidth) * channels
    }

    private func touched(extent: Int, filter: Int, windows: Int) -> Int {
        var covered = 0
        var end = 0
        for window in 0..<windows {
            let start = max(window * stride, end)
            let stop = min(window * stride + filter, extent)
            if stop > start { covered += stop - start; end = stop }
        }
        return covered
    }

    private func validPairs(extent: Int, filter: Int, windows: Int) -> Int {
        var pairs = 0
        for window in 0..<windows { pairs += max(0, min(filter, extent - window * stride)) }
        return pairs
    }
}

/// Sr×Sc folded over R×C, fold order and per-fold extents exactly as SCALE-Sim iterates them
/// (`for fc in range(col_fold): for fr in range(row_fold)` in every `systolic_compute_*.py`).
struct FoldGrid: Sendable {
    var mapping: FoldMapping
    var rows: Int
    var columns: Int
    var rowFolds: Int { (mapping.spatialRows + rows - 1) / rows }
    var columnFolds: Int { (mapping.spatialColumns + columns - 1) / columns }
    var folds: Int { rowFolds * columnFolds }

    func usedRows(_ rowFold: Int) -> Int { min(rows, mapping.spatialRows - rowFold * rows) }
    func usedColumns(_ columnFold: Int) -> Int { min(columns, mapping.spatialColumns - columnFold * columns) }

    /// Calls `body(columnFold, rowFold)` in SCALE-Sim's fold order.
    @inline(__always)
    func forEachFold(_ body: (Int, Int) -> Void) {
        for columnFold in 0..<columnFolds {
            for rowFold in 0..<rowFolds { body(columnFold, rowFold) }
        }
    }
}
