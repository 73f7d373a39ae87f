import ArcadeWorkloads

/// One layer on a systolic array, at fold granularity: SCALE-Sim 3.0.0's numbers exactly
/// (`.scaleSim`) or Arcade's own (`.native`).
///
/// Deliberate differences of `.native` from `.scaleSim` (README):
/// - Cycles: `folds · cyclesPerFold`; SCALE-Sim reports one less (it reports the index of the last
///   cycle, `double_buffered_scratchpad_mem.py:307`, upstream issue #125).
/// - Compute utilisation: MACs / ((cycles − stalls) · R · C). SCALE-Sim averages a per-fold ratio
///   whose WS/IS denominator is 2R + 2C + T − 3 cycles, not the fold's 2R + C + T − 2.
/// - Ofmap SRAM writes: M·N. SCALE-Sim adds R + C phantom writes per OS fold
///   (`systolic_compute_os.py:403`) and, for WS/IS, writes every partial sum
///   (M·N·ceil(K/R)), as if nothing accumulated on chip.
/// - Ofmap DRAM writes: M·N, each output once. SCALE-Sim drains the WS/IS partial sums to DRAM too
///   and counts the empty slots of partially filled write lines (`write_buffer.py:251–256`).
/// - DRAM reads, SRAM reads and mapping efficiency follow the same SRAM model as SCALE-Sim.
/// - Depthwise ("DP") layers are the same C single-channel convolutions SCALE-Sim expands them to,
///   reported as one layer (cycles and counts summed).
public enum SystolicLayerSimulation {
    /// SCALE-Sim's "Channel" expansion of a depthwise layer (`topology_utils.py:153–157`): one
    /// single-channel convolution per input channel, named `<name>Channel_<i>`; other layers as is.
    public static func scaleSimLayers(_ layer: WorkloadLayer) -> [WorkloadLayer] {
        guard case .conv(let conv) = layer, conv.isDepthwise || conv.name.contains("DP") else { return [layer] }
        return (0..<conv.channels).map { channel in
            var single = conv
            single.name = conv.name + "Channel_" + String(channel)
            single.channels = 1
            single.isDepthwise = false
            return .conv(single)
        }
    }

    /// `timeline`: in `.scaleSim` mode, also work out where SCALE-Sim's traces start and stop
    /// (`SystolicLayerResult.scaleSimTimeline`, for its report files), which needs the slower
    /// fold-by-fold read walk.
    public static func simulate(_ layer: WorkloadLayer, config: SystolicArrayConfig,
                                mode: SystolicReportingMode, timeline: Bool = false) -> SystolicLayerResult {
        let parts = scaleSimLayers(layer)
        if parts.count == 1, parts[0] == layer { return simulateSingle(layer, config: config, mode: mode, timeline: timeline) }
        // Every channel of a depthwise layer has the same shape and addresses: simulate one.
        var result = simulateSingle(parts[0], config: config, mode: mode, timeline: timeline)
        let channels = parts.count
        result.name = layer.name
        // One channel's timeline; a sum of several has no SCALE-Sim trace of its own.
        if channels > 1 { result.scaleSimTimeline = nil }
        result.cycles *= channels
        result.stallCycles *= channels
        result.macs *= channels
        result.folds *= channels
        result.sramReadsIfmap *= channels
        result.sramReadsFilter *= channels
        result.sramWritesOfmap *= channels
        result.dramReadsIfmap *= channels
        result.dramReadsFilter *= channels
        result.dramWritesOfmap *= channels
        return result
    }

    static func simulateSingle(_ layer: WorkloadLayer, config: SystolicArrayConfig,
                               mode: SystolicReportingMode, timeline: Bool = false) -> SystolicLayerResult {
        let timeline = timeline && mode == .scaleSim
        let geometry = Im2ColGeometry(layer)
        let (m, n, k) = (geometry.m, geometry.filters, geometry.k)
        let (rows, columns, dataflow) = (config.rows, config.columns, config.dataflow)
        let grid = FoldGrid(mapping: FoldMapping(LayerGEMM(m: m, n: n, k: k), dataflow: dataflow),
                            rows: rows, columns: columns)
        let temporal = grid.mapping.temporal
        let cyclesPerFold = dataflow == .outputStationary
            ? temporal + rows + columns - 2 : 2 * rows + columns + temporal - 2
        let macs = m * n * k
        let peCount = rows * columns

        // Per-fold averages in SCALE-Sim's fold order and float operation order.
        let reportedFoldCycles = dataflow == .outputStationary
            ? cyclesPerFold : 2 * rows + 2 * columns + temporal - 3
        var mappingSum = 0.0, computeSum = 0.0
        var foldOutputs: [OfmapWriteBufferModel.FoldOutputs] = []
        foldOutputs.reserveCapacity(grid.folds)
        grid.forEachFold { columnFold, rowFold in
            let used = grid.usedRows(rowFold) * grid.usedColumns(columnFold)
            mappingSum += Double(used) / Double(peCount)
            computeSum += Double(used * temporal) / Double(peCount * reportedFoldCycles)
            switch dataflow {
            case .outputStationary:
                let usedRows = grid.usedRows(rowFold)
                foldOutputs.append(.init(firstRow: temporal - 1 + rows - usedRows, rowsValid: usedRows,
                                         columnsValid: grid.usedColumns(columnFold)))
            case .weightStationary, .inputStationary:
                foldOutputs.append(.init(firstRow: 2 * rows - 1, rowsValid: temporal,
                                         columnsValid: grid.usedColumns(columnFold)))
            }
        }
        let folds = Double(grid.folds)
        let mappingEfficiency = mappingSum / folds * 100

        // SRAM traffic as the compute modules count it (`systolic_compute_*.py`), -1 slots included.
        let sramIfmap: Int, sramFilter: Int, sramOfmap: Int
        switch dataflow {
        case .outputStationary:
            (sramIfmap, sramFilter) = (m * k * grid.columnFolds, k * n * grid.rowFolds)
            sramOfmap = m * n + grid.folds * (rows + columns)
        case .weightStationary:
            (sramIfmap, sramFilter, sramOfmap) = (m * k * grid.columnFolds, k * n, m * n * grid.rowFolds)
        case .inputStationary:
            (sramIfmap, sramFilter, sramOfmap) = (k * m, n * k * grid.columnFolds, m * n * grid.rowFolds)
        }

        // DRAM: ifmap/filter read buffers and the ofmap write buffer.
        let reads: (ifmap: Int, filter: Int)
        var estimateReads: (ifmap: EstimateOperandReads, filter: EstimateOperandReads)?
        let userMode = config.dramBandwidthWordsPerCycle != nil
        if userMode {
            reads = userModeDRAMReads(geometry: geometry, grid: grid, dataflow: dataflow, config: config)
        } else if timeline {
            let estimate = estimateModeDRAMReadsWithEvictions(geometry: geometry, grid: grid, dataflow: dataflow, config: config)
            reads = (estimate.ifmap.reads, estimate.filter.reads)
            estimateReads = estimate
        } else {
            reads = estimateModeDRAMReads(geometry: geometry, grid: grid, dataflow: dataflow, config: config)
        }
        let writeBuffer = OfmapWriteBufferModel(
            folds: foldOutputs, linesPerFold: cyclesPerFold,
            bufferWords: config.ofmapSRAMKiB * 1024 / config.wordBytes,
            bandwidthWords: config.dramBandwidthWordsPerCycle ?? columns).run()
        let stalls = writeBuffer.stallCycles

        switch mode {
        case .scaleSim:
            let cycles = writeBuffer.lastLineCycle
            var result = SystolicLayerResult(
                name: layer.name, cycles: cycles, stallCycles: stalls, macs: macs, folds: grid.folds,
                computeUtilization: computeSum / folds * 100,
                overallUtilization: Double(macs * 100) / Double(cycles * peCount),
                mappingEfficiency: mappingEfficiency,
                sramReadsIfmap: sramIfmap, sramReadsFilter: sramFilter, sramWritesOfmap: sramOfmap,
                dramReadsIfmap: reads.ifmap, dramReadsFilter: reads.filter,
                dramWritesOfmap: writeBuffer.dramWrites)
            if timeline { result.scaleSimTimeline = ScaleSimTimeline(
                geometry: geometry, grid: grid, dataflow: dataflow, config: config, linesPerFold: cyclesPerFold,
                foldOutputs: foldOutputs, writeBuffer: writeBuffer, dramReads: reads, estimate: estimateReads) }
            return result
        case .native:
            let computeCycles = grid.folds * cyclesPerFold
            let cycles = computeCycles + stalls
            return SystolicLayerResult(
                name: layer.name, cycles: cycles, stallCycles: stalls, macs: macs, folds: grid.folds,
                computeUtilization: Double(macs) * 100 / Double(computeCycles * peCount),
                overallUtilization: Double(macs) * 100 / Double(cycles * peCount),
                mappingEfficiency: mappingEfficiency,
                sramReadsIfmap: sramIfmap, sramReadsFilter: sramFilter, sramWritesOfmap: m * n,
                dramReadsIfmap: reads.ifmap, dramReadsFilter: reads.filter, dramWritesOfmap: m * n)
        }
    }
}
