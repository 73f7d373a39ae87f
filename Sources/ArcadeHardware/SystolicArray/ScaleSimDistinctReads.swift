/// SCALE-Sim CALC-mode DRAM reads of operands whose addresses never repeat in closed form: the
/// filter SRAM always, the ifmap SRAM when windows do not overlap (GEMMs). Filter reads, one step per column fold at
/// most (the evict-when-full window of `EstimateReadBuffer`; the element walk
/// `referenceWalkFilter` and the fold window `foldWindowMisses` are the references the tests
/// compare against).
///
/// Filter addresses never alias (`filterAddress(k, n) = n·K + k`), and the fold order is
/// `for columnFold { for rowFold }`, so each dataflow's filter stream has a simple shape:
/// - WS: every (k, n) is streamed exactly once (the stationary block of its fold), so every
///   demand is fresh: misses = K·N whatever the window.
/// - IS: one pass over the row folds streams every (k, n) once; the pass repeats once per column
///   fold. If K·N < capacity nothing is ever evicted (misses = K·N). Otherwise every demand
///   misses: the window never holds more than capacity − 1 of the latest demands, all misses by
///   induction, and a demand's previous occurrence is K·N ≥ capacity demands back.
/// - OS: column fold j streams its block of B = columns_j·K distinct filter words once per row
///   fold (R times in a row), blocks of different column folds disjoint. With f words in the
///   window on entry: if B ≥ capacity, every demand misses (as for IS); if f + B < capacity, the
///   first repetition misses B and the rest hit; otherwise the window fills once inside the first
///   repetition after capacity − f words, keeping the block's last f + B − capacity words, so the
///   second repetition misses the first capacity − f words again and the rest hit.
enum ScaleSimDistinctReads {
    static func filterMisses(geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow, capacity: Int) -> Int {
        let words = g.k * g.filters
        switch dataflow {
        case .weightStationary:
            return words
        case .inputStationary:
            return words < capacity ? words : words * grid.columnFolds
        case .outputStationary:
            let repeats = grid.rowFolds
            var filled = 0, misses = 0
            for columnFold in 0..<grid.columnFolds {
                let block = grid.usedColumns(columnFold) * g.k
                if block >= capacity {
                    misses += repeats * block
                    filled = (filled + repeats * block) % capacity
                } else if filled + block < capacity {
                    misses += block
                    filled += block
                } else if repeats == 1 {
                    misses += block
                    filled = filled + block - capacity
                } else {
                    misses += block + capacity - filled
                    filled = block
                }
            }
            return misses
        }
    }

    /// Ifmap reads when im2col never repeats an ifmap word (`Im2ColGeometry.ifmapIsInjective`: a
    /// GEMM, or windows that do not overlap), by the same arguments: IS streams every im2col entry
    /// once (misses = the valid entries); OS and WS stream them all once per pass over the row
    /// folds, one pass per column fold, so once they reach the capacity every demand misses.
    static func injectiveIfmapMisses(geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                     capacity: Int) -> Int {
        let valid = g.validIfmapEntries
        switch dataflow {
        case .inputStationary: return valid
        case .outputStationary, .weightStationary: return valid < capacity ? valid : valid * grid.columnFolds
        }
    }
}

extension Im2ColGeometry {
    /// Whether no two im2col entries read the same ifmap word: rows of windows do not overlap
    /// (filter height ≤ stride, or one row of windows) and neither do columns.
    var ifmapIsInjective: Bool {
        (filterHeight <= stride || ofmapHeight <= 1) && (filterWidth <= stride || ofmapWidth <= 1)
    }
}
