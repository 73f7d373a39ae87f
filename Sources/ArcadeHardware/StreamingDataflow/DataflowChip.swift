import ArcadeCore
import ArcadeKernel
import Foundation

/// One run of a resolved graph on the kernel: the units as components, the channels as bounded
/// channels with DAM's latencies, every unit started at time 0.
struct DataflowRun {
    struct UnitResult {
        var name: String
        var kind: DataflowUnitKind
        var firings: Int
        var lastFiringCycle: UInt64
        var busyCycles: UInt64
        var bankConflictCycles: Int
    }

    var cycles: UInt64
    var period: Picoseconds
    var events: UInt64
    var channels: [ChannelReport]
    var channelEnds: [(from: String, to: String, type: DataflowUnitKind.ElementType)]
    var units: [UnitResult]
    /// The sink's output, heads × N rows of D values (nil when the graph's sink takes scalars).
    var output: [Float]?
    var outputScalars: [Float]
    /// The Q, K, V the run was given (for the reference check).
    var inputs: (q: [Float], k: [Float], v: [Float])
    /// Transactions the DRAM served and their bytes (0 without `memory:`).
    var dramTransactions: Int
    var dramBytes: Int

    /// Builds and runs `graph`; a deadlock is thrown as the kernel's `DeadlockReport`.
    static func run(_ graph: DataflowGraph) throws -> DataflowRun {
        var seconds = 0.0
        return try run(graph, timing: &seconds)
    }

    /// The same, with `seconds` set to the wall-clock time of the chip's run alone (benchmarks).
    static func run(_ graph: DataflowGraph, timing seconds: inout Double) throws -> DataflowRun {
        let format = graph.template.format
        let n = graph.workload.sequenceLength, d = graph.workload.headDim, h = graph.workload.heads
        let inputs = graph.workload.inputs(format: format)
        let tensors = ["q": VectorRows(copying: inputs.q, width: d), "k": VectorRows(copying: inputs.k, width: d),
                       "v": VectorRows(copying: inputs.v, width: d)]
        let period = Picoseconds((1_000_000 / graph.template.clockMegahertz).rounded())
        let clock = ClockDomain(periodPicoseconds: period)
        let chip = Chip()
        let memory = graph.template.memory.map { chip.add(DRAMMemoryComponent(config: $0)) }
        var units: [DataflowUnit] = []
        for unit in graph.units {
            let template = unit.template
            let built: DataflowUnit
            switch template.kind {
            case .source: built = SourceUnit(graph: unit, tensor: tensors[template.tensor]!, sequenceLength: n, format: format, period: period)
            case .dramSource:
                built = DRAMSourceUnit(graph: unit, tensor: tensors[template.tensor]!, tensorIndex: ["q", "k", "v"].firstIndex(of: template.tensor)!,
                                       sequenceLength: n, heads: h, memory: graph.template.memory!, format: format, period: period)
            case .sink: built = SinkUnit(graph: unit, width: d, vector: template.inputs[0].type == .vector, format: format, period: period)
            case .map: built = MapUnit(graph: unit, width: d, format: format, period: period)
            case .binary: built = BinaryUnit(graph: unit, width: d, format: format, period: period)
            case .reduce: built = ReduceUnit(graph: unit, width: d, format: format, period: period)
            case .runningMax: built = RunningMaxUnit(graph: unit, width: d, format: format, period: period)
            case .runningSum: built = RunningSumUnit(graph: unit, width: d, format: format, period: period)
            case .runningOutput: built = RunningOutputUnit(graph: unit, width: d, format: format, period: period)
            case .outerProduct: built = OuterProductUnit(graph: unit, width: d, format: format, period: period)
            case .dotProduct: built = DotProductUnit(graph: unit, width: d, format: format, period: period)
            case .broadcast: built = BroadcastUnit(graph: unit, width: d, vector: template.inputs[0].type == .vector, format: format, period: period)
            case .scratchpad: built = ScratchpadUnit(graph: unit, width: d, format: format, period: period)
            }
            units.append(chip.add(built))
            if let reader = built as? DRAMSourceUnit, let memory { reader.port = MemoryPort(target: memory, initiator: reader.id) }
        }
        var channels: [BoundedChannel<DataflowToken>] = []
        for channel in graph.channels {
            let template = channel.template
            let from = units[template.from.unit], to = units[template.to.unit]
            let queue = BoundedChannel<DataflowToken>(
                name: template.name, capacity: channel.depth,
                sendLatency: Picoseconds(channel.latencyCycles) * period,
                responseLatency: Picoseconds(channel.responseLatencyCycles) * period, clock: clock)
            channels.append(queue)
            chip.connect(queue, from: from, to: to)
        }
        // Each vector output gets a ring sized so that no row is rewritten while a token pointing at
        // it is queued or held (depth + 2 rows); a source's tokens point into its tensor.
        var ringRows = Array(repeating: 0, count: units.count)
        for channel in graph.channels where channel.template.type == .vector {
            ringRows[channel.template.from.unit] = max(ringRows[channel.template.from.unit], channel.depth + 2)
        }
        for (index, unit) in units.enumerated() where unit.outputRows == nil && ringRows[index] > 0 {
            unit.outputRows = VectorRows(rows: ringRows[index], width: d)
        }
        for unit in units { unit.outputRowCount = unit.outputRows?.rows ?? 0 }
        for (index, channel) in graph.channels.enumerated() {
            let template = channel.template
            units[template.from.unit].connect(output: template.from.port, channels[index])
            units[template.to.unit].connect(input: template.to.port, channels[index],
                                            rows: template.type == .vector ? units[template.from.unit].outputRows : nil)
        }
        for unit in units { chip.start(unit) }
        let start = ContinuousClock.now
        let outcome = chip.run()
        let elapsed = ContinuousClock.now - start
        seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if let deadlock = outcome.deadlock { throw deadlock }
        let sink = units.compactMap { $0 as? SinkUnit }.first
        return DataflowRun(
            cycles: outcome.endTime / period, period: period, events: outcome.events, channels: outcome.channels,
            channelEnds: graph.channels.map { channel in
                let from = graph.units[channel.template.from.unit].template, to = graph.units[channel.template.to.unit].template
                return ("\(from.name).\(from.outputs[channel.template.from.port].name)",
                        "\(to.name).\(to.inputs[channel.template.to.port].name)", channel.template.type)
            },
            units: zip(units, graph.units).map { unit, spec in
                UnitResult(name: unit.name, kind: unit.kind, firings: unit.firings,
                           lastFiringCycle: unit.lastFiring / period,
                           busyCycles: UInt64(spec.firings) * UInt64(spec.effectiveIntervalCycles),
                           bankConflictCycles: (unit as? ScratchpadUnit)?.bankConflictCycles ?? 0)
            },
            output: sink?.rows?.values, outputScalars: sink?.scalars ?? [], inputs: inputs,
            dramTransactions: units.compactMap { ($0 as? DRAMSourceUnit)?.transactions }.reduce(0, +),
            dramBytes: units.compactMap { ($0 as? DRAMSourceUnit).map { $0.transactions * $0.accessBytes } }.reduce(0, +))
    }
}
