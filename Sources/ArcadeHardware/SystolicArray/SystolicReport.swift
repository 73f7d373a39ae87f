import ArcadeKernel
import ArcadeCore
import ArcadeWorkloads

/// Turns per-layer results into the family-neutral `SimulationReport` (table `layers`).
enum SystolicReport {
    static func make(results: [SystolicLayerResult], config: SystolicArrayConfig, topology: Topology,
                     mode: SystolicReportingMode, architectureText: String, workloadText: String) -> SimulationReport {
        func ints(_ key: KeyPath<SystolicLayerResult, Int>) -> ResultColumnValues {
            .int(results.map { Int64($0[keyPath: key]) })
        }
        func doubles(_ key: KeyPath<SystolicLayerResult, Double>) -> ResultColumnValues {
            .double(results.map { $0[keyPath: key] })
        }
        let shapes = SystolicLayerShape.rows(topology, mode: mode)
        precondition(shapes.count == results.count, "one shape per layer row")
        func shape(_ key: KeyPath<SystolicLayerShape, Int>) -> ResultColumnValues { .int(shapes.map { Int64($0[keyPath: key]) }) }
        // A default terminal table shows the summary columns (what a layer cost and how well it used
        // the array) and the detail ones only as far as 120 columns allow; `--wide` shows them all.
        let layers = ResultTable(name: "layers", columns: [
            ResultColumn("name", .string(results.map(\.name))),
            ResultColumn("kind", .string(shapes.map(\.kind)), importance: .detail),
            ResultColumn("m", shape(\.m), unit: "rows", label: "M", importance: .detail),
            ResultColumn("n", shape(\.n), unit: "columns", label: "N", importance: .detail),
            ResultColumn("k", shape(\.k), unit: "words", label: "K", importance: .detail),
            ResultColumn("instances", shape(\.instances), importance: .detail),
            ResultColumn("ifmap_words", shape(\.ifmapWords), unit: "words", importance: .detail),
            ResultColumn("filter_words", shape(\.filterWords), unit: "words", importance: .detail),
            ResultColumn("ofmap_words", shape(\.ofmapWords), unit: "words", importance: .detail),
            ResultColumn("cycles", ints(\.cycles), unit: "cycles"),
            ResultColumn("stall_cycles", ints(\.stallCycles), unit: "cycles"),
            ResultColumn("compute_utilization", doubles(\.computeUtilization), unit: "%", label: "compute util"),
            ResultColumn("overall_utilization", doubles(\.overallUtilization), unit: "%", label: "overall util"),
            ResultColumn("mapping_efficiency", doubles(\.mappingEfficiency), unit: "%", label: "mapping eff"),
            ResultColumn("macs", ints(\.macs), unit: "MACs", label: "MACs"),
            ResultColumn("folds", ints(\.folds), unit: "folds", importance: .detail),
            ResultColumn("sram_reads_ifmap", ints(\.sramReadsIfmap), unit: "words", label: "SRAM rd ifmap", importance: .detail),
            ResultColumn("sram_reads_filter", ints(\.sramReadsFilter), unit: "words", label: "SRAM rd filter", importance: .detail),
            ResultColumn("sram_writes_ofmap", ints(\.sramWritesOfmap), unit: "words", label: "SRAM wr ofmap", importance: .detail),
            ResultColumn("dram_reads_ifmap", ints(\.dramReadsIfmap), unit: "words", label: "DRAM rd ifmap"),
            ResultColumn("dram_reads_filter", ints(\.dramReadsFilter), unit: "words", label: "DRAM rd filter"),
            ResultColumn("dram_writes_ofmap", ints(\.dramWritesOfmap), unit: "words", label: "DRAM wr ofmap"),
        ])
        func sum(_ key: KeyPath<SystolicLayerResult, Int>) -> Int64 {
            results.reduce(0) { $0 + Int64($1[keyPath: key]) }
        }
        let cycles = sum(\.cycles)
        let stalls = sum(\.stallCycles)
        let macs = sum(\.macs)
        let peCount = Double(config.rows * config.columns)
        // Exact while cycles · period fits in 64 bits (2^64 ps ≈ 213 days); a longer run's time in
        // floating point (`time(ofCycle:)` would overflow).
        let clock = config.clock
        let exact = UInt64(cycles).multipliedReportingOverflow(by: clock.picosecondsPerCycles).overflow == false
        let picoseconds = exact ? Double(clock.time(ofCycle: UInt64(cycles)))
            : Double(cycles) * Double(clock.picosecondsPerCycles) / Double(clock.cyclesPerPicoseconds)
        let totals: [(key: String, value: ResultValue)] = [
            ("layers", .int(Int64(results.count))),
            ("cycles", .int(cycles)),
            ("stall_cycles", .int(stalls)),
            ("time_us", .double(picoseconds / 1e6)),
            ("macs", .int(macs)),
            ("compute_utilization", .double(cycles > stalls ? Double(macs) * 100 / (Double(cycles - stalls) * peCount) : 0)),
            ("overall_utilization", .double(cycles > 0 ? Double(macs) * 100 / (Double(cycles) * peCount) : 0)),
            ("sram_reads_ifmap", .int(sum(\.sramReadsIfmap))),
            ("sram_reads_filter", .int(sum(\.sramReadsFilter))),
            ("sram_writes_ofmap", .int(sum(\.sramWritesOfmap))),
            ("dram_reads_ifmap", .int(sum(\.dramReadsIfmap))),
            ("dram_reads_filter", .int(sum(\.dramReadsFilter))),
            ("dram_writes_ofmap", .int(sum(\.dramWritesOfmap))),
            ("energy_uj", .double(SystolicCostModel(config: config).energyMicrojoules(results))),
            ("area_mm2", .double(SystolicCostModel(config: config).areaSquareMillimeters)),
            ("dram_bytes", .int((sum(\.dramReadsIfmap) + sum(\.dramReadsFilter) + sum(\.dramWritesOfmap)) * Int64(config.wordBytes))),
        ]
        let attributes: [(key: String, value: ResultValue)] = [
            ("architecture_name", .string(config.name)),
            ("array", .string("\(config.rows)x\(config.columns)")),
            ("dataflow", .string(config.dataflow.rawValue)),
            ("mode", .string(mode.rawValue)),
            ("workload_name", .string(topology.name)),
            ("workload_kind", .string(topology.kind.rawValue)),
            ("architecture", .string(architectureText)),
            ("workload", .string(workloadText)),
        ]
        // The architecture as numbers (the `array` and `dram_bandwidth` strings of format 1, structured).
        let arrayGroup = ResultGroup(name: "array", attributes: [
            ResultAttribute("rows", .int(Int64(config.rows)), unit: "PEs"),
            ResultAttribute("columns", .int(Int64(config.columns)), unit: "PEs"),
            ResultAttribute("dataflow", .string(config.dataflow.rawValue)),
            ResultAttribute("ifmap_sram_kib", .int(Int64(config.ifmapSRAMKiB)), unit: "KiB"),
            ResultAttribute("filter_sram_kib", .int(Int64(config.filterSRAMKiB)), unit: "KiB"),
            ResultAttribute("ofmap_sram_kib", .int(Int64(config.ofmapSRAMKiB)), unit: "KiB"),
            ResultAttribute("word_bytes", .int(Int64(config.wordBytes)), unit: "bytes"),
            ResultAttribute("clock_period_ps", .double(Double(clock.picosecondsPerCycles) / Double(clock.cyclesPerPicoseconds)),
                            unit: "ps"),
            ResultAttribute("dram_bandwidth_unlimited", .bool(config.dramBandwidthWordsPerCycle == nil)),
            ResultAttribute("dram_bandwidth_words_per_cycle", .int(Int64(config.dramBandwidthWordsPerCycle ?? 0)),
                            unit: "words/cycle"),
        ])
        return SimulationReport(family: SystolicArrayModel.family, totals: totals, tables: [layers], attributes: attributes,
                                totalUnits: SystolicArrayModel.totalUnits, groups: [arrayGroup])
    }
}

/// The shape of one row of the layer table: the layer lowered to a GEMM (SCALE-Sim's operand
/// matrices: ifmap M×K, filter K×N), how many times that GEMM runs (the channels of a depthwise
/// layer reported as one row; 1 otherwise), and the tensor sizes in words.
struct SystolicLayerShape {
    var kind: String
    var m: Int, n: Int, k: Int
    var instances: Int
    var ifmapWords: Int, filterWords: Int, ofmapWords: Int

    /// One shape per row `SystolicArrayModel.simulate(_:mode:)` reports: a depthwise layer is one
    /// row natively and one row per channel under `--compat scalesim`.
    static func rows(_ topology: Topology, mode: SystolicReportingMode) -> [SystolicLayerShape] {
        topology.layers.flatMap { layer -> [SystolicLayerShape] in
            let parts = SystolicLayerSimulation.scaleSimLayers(layer)
            guard parts.count > 1 || parts[0] != layer else { return [SystolicLayerShape(layer, instances: 1)] }
            let single = SystolicLayerShape(parts[0], instances: 1, kind: "depthwise")
            if mode == .scaleSim { return Array(repeating: single, count: parts.count) }
            var whole = single
            whole.instances = parts.count
            whole.ifmapWords *= parts.count
            whole.filterWords *= parts.count
            whole.ofmapWords *= parts.count
            return [whole]
        }
    }

    init(_ layer: WorkloadLayer, instances: Int, kind: String? = nil) {
        let gemm = LayerGEMM(layer)
        (m, n, k, self.instances) = (gemm.m, gemm.n, gemm.k, instances)
        switch layer {
        case .gemm:
            self.kind = kind ?? "gemm"
            (ifmapWords, filterWords) = (gemm.m * gemm.k, gemm.k * gemm.n)
        case .conv(let conv):
            self.kind = kind ?? "conv"
            ifmapWords = conv.ifmapHeight * conv.ifmapWidth * conv.channels
            filterWords = gemm.k * gemm.n
        }
        ofmapWords = gemm.m * gemm.n
    }
}
