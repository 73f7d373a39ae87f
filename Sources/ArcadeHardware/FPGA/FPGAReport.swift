import ArcadeCore
import ArcadeKernel

/// Turns an FPGA run into a `SimulationReport`: totals (latency, GOPS, power, energy, resource
/// use, memory bandwidth against the roofline), and tables per layer, per phase, per unit's
/// resources and per SLR.
enum FPGAReport {
    static func make(_ run: FPGARun, architecture: FPGAArchitecture, workload: FPGAWorkload, workloadName: String,
                     architectureText: String, workloadText: String) -> SimulationReport {
        let device = architecture.device
        let seconds = Double(run.endPicoseconds) * 1e-12
        let microseconds = seconds * 1e6
        let cycles = run.endPicoseconds / run.period
        let macs = run.phases.reduce(0) { $0 + $1.macs }
        let bytes = run.phases.reduce(UInt64(0)) { $0 + $1.bytesRead + $1.bytesWritten }
        let gops = seconds > 0 ? 2 * Double(macs) / seconds / 1e9 : 0
        let used = run.resources.total
        let power = FPGAPower.estimate(resources: used, device: device, clockMegahertz: architecture.clockMegahertz,
                                       toggleRate: architecture.toggleRate, bytesMoved: bytes, seconds: seconds)
        let bandwidth = seconds > 0 ? Double(bytes) / seconds / 1e9 : 0
        let busiest = run.channelBusy.max() ?? 0
        func percent(_ part: Double, _ whole: Double) -> Double { whole > 0 ? 100 * part / whole : 0 }
        var totals: [(key: String, value: ResultValue)] = [
            ("cycles", .int(Int64(cycles))),
            ("latency_us", .double(microseconds)),
            ("latency_per_layer_us", .double(microseconds / Double(workload.layers))),
            ("macs", .int(Int64(macs))),
            ("gops", .double(gops)),
            ("power_w", .double(power.totalWatts)),
            ("energy_uj", .double(power.totalWatts * seconds * 1e6)),
            ("gops_per_w", .double(power.totalWatts > 0 ? gops / power.totalWatts : 0)),
        ]
        for kind in FPGAResources.Kind.allCases {
            totals.append(("\(kind.rawValue)_used", .int(Int64(used[kind]))))
            totals.append(("\(kind.rawValue)_percent", .double(percent(Double(used[kind]), Double(device.resources[kind])))))
        }
        totals += [
            ("memory_bytes", .int(Int64(bytes))),
            ("memory_bandwidth_gb_per_s", .double(bandwidth)),
            ("memory_roofline_percent", .double(percent(bandwidth, device.memoryGigabytesPerSecond))),
            ("busiest_channel_percent", .double(percent(Double(busiest), Double(run.endPicoseconds)))),
            ("events", .int(Int64(run.events))),
        ]
        let phases = run.phases
        let phaseTable = ResultTable(name: "phases", columns: [
            ResultColumn("layer", .int(phases.map { Int64($0.layer) })),
            ResultColumn("kind", .string(phases.map(\.kind))),
            ResultColumn("name", .string(phases.map(\.name))),
            ResultColumn("start_us", .double(phases.map { Double($0.startPicoseconds) * 1e-6 }), unit: "µs", label: "start"),
            ResultColumn("duration_us", .double(phases.map { Double($0.endPicoseconds - min($0.endPicoseconds, $0.startPicoseconds)) * 1e-6 }),
                         unit: "µs", label: "time"),
            ResultColumn("macs", .int(phases.map { Int64($0.macs) }), unit: "MACs"),
            ResultColumn("gops", .double(phases.map { phase in
                let time = Double(phase.endPicoseconds - min(phase.endPicoseconds, phase.startPicoseconds)) * 1e-12
                return time > 0 ? 2 * Double(phase.macs) / time / 1e9 : 0
            }), unit: "GOPS"),
            ResultColumn("bytes_read", .int(phases.map { Int64($0.bytesRead) }), unit: "bytes", label: "read"),
            ResultColumn("bytes_written", .int(phases.map { Int64($0.bytesWritten) }), unit: "bytes", label: "written"),
            ResultColumn("bandwidth_gb_per_s", .double(phases.map { phase in
                let time = Double(phase.endPicoseconds - min(phase.endPicoseconds, phase.startPicoseconds)) * 1e-12
                return time > 0 ? Double(phase.bytesRead + phase.bytesWritten) / time / 1e9 : 0
            }), unit: "GB/s", label: "bandwidth"),
            ResultColumn("compute_busy_percent", .double(phases.map { phase in
                let cycles = Double(phase.endPicoseconds - min(phase.endPicoseconds, phase.startPicoseconds)) / Double(run.period)
                let units = Double(max(1, phase.computeUnits))
                return cycles > 0 ? min(100, 100 * Double(phase.computeBusyCycles) / (cycles * units)) : 0
            }), unit: "%", label: "busy"),
        ])
        var layerTimes = Array(repeating: (start: Picoseconds.max, end: Picoseconds(0), macs: 0, bytes: UInt64(0)), count: workload.layers)
        for phase in phases {
            layerTimes[phase.layer].start = min(layerTimes[phase.layer].start, phase.startPicoseconds)
            layerTimes[phase.layer].end = max(layerTimes[phase.layer].end, phase.endPicoseconds)
            layerTimes[phase.layer].macs += phase.macs
            layerTimes[phase.layer].bytes += phase.bytesRead + phase.bytesWritten
        }
        let layerTable = ResultTable(name: "layers", columns: [
            ResultColumn("layer", .int((0..<workload.layers).map { Int64($0) })),
            ResultColumn("kind", .string((0..<workload.layers).map { workload.moe?.isMoE(layer: $0) == true ? "moe" : "dense" })),
            ResultColumn("latency_us", .double(layerTimes.map { Double($0.end - min($0.end, $0.start)) * 1e-6 }), unit: "µs", label: "latency"),
            ResultColumn("end_us", .double(layerTimes.map { Double($0.end) * 1e-6 }), unit: "µs", label: "end"),
            ResultColumn("macs", .int(layerTimes.map { Int64($0.macs) }), unit: "MACs"),
            ResultColumn("memory_bytes", .int(layerTimes.map { Int64($0.bytes) }), unit: "bytes", label: "memory"),
        ])
        let rows = run.resources.rows
        var resourceColumns = [ResultColumn("unit", .string(rows.map(\.unit))),
                               ResultColumn("slr", .int(rows.map { Int64($0.slr) }))]
        for kind in FPGAResources.Kind.allCases {
            resourceColumns.append(ResultColumn(kind.rawValue, .int(rows.map { Int64($0.resources[kind]) }), unit: kind.label))
        }
        let perSLR = run.resources.perSLR
        var slrColumns = [ResultColumn("slr", .int((0..<perSLR.count).map { Int64($0) }))]
        for kind in FPGAResources.Kind.allCases {
            slrColumns.append(ResultColumn(kind.rawValue, .int(perSLR.map { Int64($0[kind]) }), unit: kind.label))
            slrColumns.append(ResultColumn("\(kind.rawValue)_percent", .double(perSLR.map {
                percent(Double($0[kind]), Double(device.perSLR[kind]))
            }), unit: "%", label: "\(kind.rawValue) %"))
        }
        let attributes: [(key: String, value: ResultValue)] = [
            ("architecture_name", .string(architecture.name)),
            ("device", .string(device.name)),
            ("part", .string(device.part)),
            ("clock_mhz", .double(architecture.clockMegahertz)),
            ("data_type", .string(architecture.dataType.rawValue)),
            ("memory_roofline_gb_per_s", .double(device.memoryGigabytesPerSecond)),
            ("static_power_w", .double(power.staticWatts)),
            ("dynamic_logic_power_w", .double(power.logicWatts)),
            ("dynamic_dsp_power_w", .double(power.dspWatts)),
            ("dynamic_memory_block_power_w", .double(power.memoryBlockWatts)),
            ("off_chip_memory_power_w", .double(power.offChipWatts)),
            ("toggle_rate", .double(architecture.toggleRate)),
            ("sequence_length", .int(Int64(workload.sequenceLength))),
            ("layers", .int(Int64(workload.layers))),
            ("workload_name", .string(workloadName)),
            ("architecture", .string(architectureText)),
            ("workload", .string(workloadText)),
        ]
        return SimulationReport(family: FPGAModel.family, totals: totals,
                                tables: [layerTable, phaseTable, ResultTable(name: "resources", columns: resourceColumns),
                                         ResultTable(name: "slrs", columns: slrColumns)],
                                attributes: attributes, totalUnits: FPGAModel.totalUnits)
    }
}
