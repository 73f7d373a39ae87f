import ArcadeCore
import ArcadeKernel

/// Turns a dataflow run into a `SimulationReport`: totals, a `channels` table (depth, peak and
/// mean occupancy, blocked and starved cycles per channel) and a `units` table.
enum DataflowReport {
    static func make(run: DataflowRun, graph: DataflowGraph, workloadName: String,
                     architectureText: String, workloadText: String) -> SimulationReport {
        let format = graph.template.format, workload = graph.workload
        let d = workload.headDim
        let firings = run.units.reduce(0) { $0 + $1.firings }
        let elementBytes = run.channelEnds.map { $0.type == .vector ? d * format.bytes : format.bytes }
        var error = 0.0
        if let output = run.output {
            let inputs = run.inputs
            let reference = AttentionReference.output(q: inputs.q, k: inputs.k, v: inputs.v, sequenceLength: workload.sequenceLength,
                                                      headDim: d, heads: workload.heads)
            error = AttentionReference.maxAbsoluteError(output, reference)
        }
        let timeMicroseconds = Double(run.cycles) * Double(run.period) / 1e6
        var totals: [(key: String, value: ResultValue)] = [
            ("cycles", .int(Int64(run.cycles))),
            ("time_us", .double(timeMicroseconds)),
            ("firings", .int(Int64(firings))),
            ("firings_per_cycle", .double(run.cycles == 0 ? 0 : Double(firings) / Double(run.cycles))),
            ("peak_fifo_occupancy", .int(Int64(run.channels.map(\.peakOccupancy).max() ?? 0))),
            ("fifo_depth_total", .int(Int64(run.channels.reduce(0) { $0 + $1.depth }))),
            ("fifo_bytes", .int(Int64(zip(run.channels, elementBytes).reduce(0) { $0 + $1.0.depth * $1.1 }))),
            ("vector_lanes", .int(Int64(graph.units.reduce(0) { $0 + ($1.doesVectorWork ? $1.lanes : 0) }))),
            ("sender_blocked_cycles", .int(Int64(run.channels.reduce(0) { $0 + $1.senderBlockedCycles }))),
            ("bank_conflict_cycles", .int(Int64(run.units.reduce(0) { $0 + $1.bankConflictCycles }))),
        ]
        if graph.template.memory != nil {
            totals.append(("dram_transactions", .int(Int64(run.dramTransactions))))
            totals.append(("dram_bandwidth_gb_per_s", .double(timeMicroseconds > 0 ? Double(run.dramBytes) / (timeMicroseconds * 1e3) : 0)))
        }
        totals.append(("outputs", .int(Int64(run.output?.count ?? run.outputScalars.count))))
        totals.append(("max_abs_error", .double(error)))
        let channels = ResultTable(name: "channels", columns: [
            ResultColumn("name", .string(run.channels.map(\.name))),
            ResultColumn("from", .string(run.channelEnds.map(\.from))),
            ResultColumn("to", .string(run.channelEnds.map(\.to))),
            ResultColumn("type", .string(run.channelEnds.map(\.type.rawValue)), importance: .detail),
            ResultColumn("depth", .int(run.channels.map { Int64($0.depth) }), unit: "elements", label: "depth"),
            ResultColumn("peak_occupancy", .int(run.channels.map { Int64($0.peakOccupancy) }), unit: "elements", label: "peak"),
            ResultColumn("mean_occupancy", .double(run.channels.map(\.meanOccupancy)), unit: "elements", label: "mean"),
            ResultColumn("sender_blocked_cycles", .int(run.channels.map { Int64($0.senderBlockedCycles) }), unit: "cycles",
                         label: "blocked"),
            ResultColumn("receiver_starved_cycles", .int(run.channels.map { Int64($0.receiverStarvedCycles) }), unit: "cycles",
                         label: "starved"),
            ResultColumn("elements", .int(run.channels.map { Int64($0.elementsSent) }), unit: "elements", label: "sent",
                         importance: .detail),
        ])
        let units = ResultTable(name: "units", columns: [
            ResultColumn("name", .string(run.units.map(\.name))),
            ResultColumn("kind", .string(run.units.map(\.kind.rawValue))),
            ResultColumn("firings", .int(run.units.map { Int64($0.firings) }), unit: "firings"),
            ResultColumn("busy_cycles", .int(run.units.map { Int64($0.busyCycles) }), unit: "cycles", label: "busy"),
            ResultColumn("utilization_percent", .double(run.units.map {
                run.cycles == 0 ? 0 : min(100, 100 * Double($0.busyCycles) / Double(run.cycles))
            }), unit: "%", label: "util"),
            ResultColumn("last_firing_cycle", .int(run.units.map { Int64($0.lastFiringCycle) }), unit: "cycles", label: "last firing"),
            ResultColumn("bank_conflict_cycles", .int(run.units.map { Int64($0.bankConflictCycles) }), unit: "cycles",
                         importance: .detail),
        ])
        let attributes: [(key: String, value: ResultValue)] = [
            ("architecture_name", .string(graph.template.name)),
            ("number_format", .string(format.rawValue)),
            ("clock_mhz", .double(graph.template.clockMegahertz)),
            ("sequence_length", .int(Int64(workload.sequenceLength))),
            ("head_dim", .int(Int64(workload.headDim))),
            ("heads", .int(Int64(workload.heads))),
            ("seed", .int(Int64(bitPattern: workload.seed))),
            ("events", .int(Int64(run.events))),
            ("cycles_definition", .string("cycles until the last firing of any unit; units follow DAM-RS: dequeue inputs, "
                + "compute, enqueue at tick + latency, advance by the initiation interval")),
            ("workload_name", .string(workloadName)),
            ("architecture", .string(architectureText)),
            ("workload", .string(workloadText)),
        ]
        return SimulationReport(family: DataflowModel.family, totals: totals, tables: [channels, units], attributes: attributes,
                                totalUnits: DataflowModel.totalUnits)
    }
}
