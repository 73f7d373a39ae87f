/// SCALE-Sim's USER bandwidth mode read side (`memory/read_buffer.py`).
///
/// The whole prefetch matrix (operand blocks in fold order, -1 padding included) is laid out in
/// lines of `IfmapSRAMBankBandwidth` words; before the layer starts the first
/// ceil(active half / line) lines are fetched (`prefetch_active_buffer`, lines 377–448), and each
/// line counts as a full line of DRAM reads, padding included. When the prefetch matrix fits the
/// active half, every later request hits: DRAM reads = lines · line words and no read stalls —
/// exact. When it does not fit, SCALE-Sim refetches half-buffers on misses (`new_prefetch`);
/// Arcade then reports the one-pass count (a lower bound) and no read stalls.
extension SystolicLayerSimulation {
    static func userModeDRAMReads(geometry g: Im2ColGeometry, grid: FoldGrid, dataflow: Dataflow,
                                  config: SystolicArrayConfig) -> (ifmap: Int, filter: Int) {
        let (rows, columns) = (grid.rows, grid.columns)
        let ifmapWords: Int, filterWords: Int
        switch dataflow {
        case .outputStationary:
            (ifmapWords, filterWords) = (grid.rowFolds * rows * g.k, grid.columnFolds * columns * g.k)
        case .weightStationary:
            (ifmapWords, filterWords) = (grid.rowFolds * rows * g.m, grid.columnFolds * columns * g.k)
        case .inputStationary:
            (ifmapWords, filterWords) = (grid.columnFolds * columns * g.k, grid.rowFolds * rows * g.filters)
        }
        func reads(prefetchWords: Int, lineWords: Int, sramKiB: Int) -> Int {
            let fetchLines = (prefetchWords + lineWords - 1) / lineWords
            let activeWords = (sramKiB * 1024 / config.wordBytes + 1) / 2
            let activeLines = (activeWords + lineWords - 1) / lineWords
            if fetchLines <= activeLines { return fetchLines * lineWords }
            return fetchLines * lineWords   // lower bound: SCALE-Sim refetches on eviction
        }
        return (reads(prefetchWords: ifmapWords, lineWords: config.ifmapReadLineWords, sramKiB: config.ifmapSRAMKiB),
                reads(prefetchWords: filterWords, lineWords: config.filterReadLineWords, sramKiB: config.filterSRAMKiB))
    }
}
