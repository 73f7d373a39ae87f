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
        let layers = ResultTable(name: "layers", columns: [
            ResultColumn("name", .string(results.map(\.name))),
            ResultColumn("cycles", ints(\.cycles)),
            ResultColumn("stall_cycles", ints(\.stallCycles)),
            ResultColumn("compute_utilization", doubles(\.computeUtilization)),
            ResultColumn("overall_utilization", doubles(\.overallUtilization)),
            ResultColumn("mapping_efficiency", doubles(\.mappingEfficiency)),
            ResultColumn("macs", ints(\.macs)),
            ResultColumn("folds", ints(\.folds)),
            ResultColumn("sram_reads_ifmap", ints(\.sramReadsIfmap)),
            ResultColumn("sram_reads_filter", ints(\.sramReadsFilter)),
            ResultColumn("sram_writes_ofmap", ints(\.sramWritesOfmap)),
            ResultColumn("dram_reads_ifmap", ints(\.dramReadsIfmap)),
            ResultColumn("dram_reads_filter", ints(\.dramReadsFilter)),
            ResultColumn("dram_writes_ofmap", ints(\.dramWritesOfmap)),
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
        let bandwidth = config.dramBandwidthWordsPerCycle.map { "\($0) words/cycle" } ?? "unlimited"
        let attributes: [(key: String, value: String)] = [
            ("architecture_name", config.name),
            ("array", "\(config.rows)x\(config.columns)"),
            ("dataflow", config.dataflow.rawValue),
            ("dram_bandwidth", bandwidth),
            ("mode", mode.rawValue),
            ("workload_name", topology.name),
            ("workload_kind", topology.kind.rawValue),
            ("architecture", architectureText),
            ("workload", workloadText),
        ]
        return SimulationReport(family: SystolicArrayModel.family, totals: totals, tables: [layers], attributes: attributes)
    }
}
