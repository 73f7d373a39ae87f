import ArcadeWorkloads

/// One layer's DRAM traffic fold by fold, in memory lines, for the array component.
///
/// The layer totals (ifmap and filter reads, ofmap writes, in words) come from the SRAM model
/// (`SystolicLayerSimulation`), so the component moves exactly the layer's traffic; this type only
/// says *when*: a fold fetches an operand when the block of it the fold needs differs from the
/// previous fold's — the row-side operand when the row fold changes, the column-side one when
/// the column fold changes, the stationary operand of WS/IS at every fold — in proportion to the
/// block's used size, and writes its outputs when it ends. (A layer whose SRAM refetches on
/// eviction has more reads than first uses; they are spread over the same folds in proportion.)
struct SystolicFoldTraffic: Sendable {
    /// Array cycles of one fold (the closed form's; every fold of a layer takes the same).
    var cyclesPerFold: Int
    var ifmapLines: [Int32]
    var filterLines: [Int32]
    var writeLines: [Int32]
    var folds: Int { writeLines.count }

    init(layer: WorkloadLayer, result: SystolicLayerResult, config: SystolicArrayConfig, lineBytes: Int) {
        let geometry = Im2ColGeometry(layer)
        let grid = FoldGrid(mapping: FoldMapping(LayerGEMM(m: geometry.m, n: geometry.filters, k: geometry.k),
                                                 dataflow: config.dataflow),
                            rows: config.rows, columns: config.columns)
        let temporal = grid.mapping.temporal
        cyclesPerFold = config.dataflow == .outputStationary
            ? temporal + config.rows + config.columns - 2 : 2 * config.rows + config.columns + temporal - 2
        var ifmapWeight: [Int] = [], filterWeight: [Int] = [], outputWeight: [Int] = []
        ifmapWeight.reserveCapacity(grid.folds)
        filterWeight.reserveCapacity(grid.folds)
        outputWeight.reserveCapacity(grid.folds)
        var previous: (column: Int, row: Int) = (-1, -1)
        let dataflow = config.dataflow
        grid.forEachFold { columnFold, rowFold in
            let rows = grid.usedRows(rowFold), columns = grid.usedColumns(columnFold)
            let rowChanged = rowFold != previous.row, columnChanged = columnFold != previous.column
            switch dataflow {
            case .outputStationary:
                ifmapWeight.append(rowChanged ? rows : 0)
                filterWeight.append(columnChanged ? columns : 0)
            case .weightStationary:
                ifmapWeight.append(rowChanged ? rows : 0)
                filterWeight.append(rows * columns)
            case .inputStationary:
                ifmapWeight.append(rows * columns)
                filterWeight.append(rowChanged ? rows : 0)
            }
            outputWeight.append(rows * columns)
            previous = (columnFold, rowFold)
        }
        func lines(_ words: Int) -> Int { (words * config.wordBytes + lineBytes - 1) / lineBytes }
        ifmapLines = Self.apportion(lines(result.dramReadsIfmap), by: ifmapWeight).map { Int32($0) }
        filterLines = Self.apportion(lines(result.dramReadsFilter), by: filterWeight).map { Int32($0) }
        writeLines = Self.apportion(lines(result.dramWritesOfmap), by: outputWeight).map { Int32($0) }
    }

    /// The same traffic with the whole layer buffered on chip, SCALE-Sim's USER-mode policy when
    /// the operands fit their SRAMs' active halves (`memory/read_buffer.py`
    /// `prefetch_active_buffer`; the write buffer drains after compute): every read before the
    /// first fold, every write after the last. The array then never waits inside a layer; the
    /// fetch and the drain are the layer's prefetch and write-back time.
    func bufferedWholeLayer() -> SystolicFoldTraffic {
        var buffered = self
        func gather(_ lines: [Int32], atEnd: Bool) -> [Int32] {
            var result = [Int32](repeating: 0, count: lines.count)
            if !result.isEmpty { result[atEnd ? result.count - 1 : 0] = lines.reduce(0, +) }
            return result
        }
        buffered.ifmapLines = gather(ifmapLines, atEnd: false)
        buffered.filterLines = gather(filterLines, atEnd: false)
        buffered.writeLines = gather(writeLines, atEnd: true)
        return buffered
    }

    /// `total` split over the entries in proportion to `weights` (cumulative floors, so the parts
    /// sum to `total` exactly).
    static func apportion(_ total: Int, by weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var parts: [Int] = []
        parts.reserveCapacity(weights.count)
        var cumulative = 0, given = 0
        for weight in weights {
            cumulative += weight
            let upTo = Int((Double(total) * Double(cumulative) / Double(sum)).rounded(.down))
            let share = cumulative == sum ? total - given : upTo - given
            parts.append(share)
            given += share
        }
        return parts
    }
}
