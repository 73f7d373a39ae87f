import ArcadeKernel

/// Assembles an FPGA engine's run as one chip on the kernel: the board's memory as a
/// `ChannelBandwidthMemory`, and every phase of the workload (a layer's projections, attention,
/// MLP or experts) as dataflow units — memory readers, compute units, memory writers — joined by
/// bounded FIFOs. Phases follow one another through a barrier unit that takes every writer's done
/// token of one phase and sends a start token to every reader of the next, so the whole model is
/// one event-driven run with no time loop of its own.
final class FPGAChipBuilder {
    /// One phase's units, kept for the report.
    struct Phase {
        var layer: Int
        var kind: String
        var name: String
        var macs: Int
        var readers: [MemoryReadUnit] = []
        var writers: [MemoryWriteUnit] = []
        var compute: [DataflowUnit] = []
        var barrier: DataflowUnit?
    }

    let chip = Chip()
    let memory: ChannelBandwidthMemory
    let period: Picoseconds
    let clock: ClockDomain
    private(set) var phases: [Phase] = []
    private var channelCursor = 0
    private var channelCount = 0
    private var startReaders: [MemoryReadUnit] = []

    init(device: FPGADevice, period: Picoseconds) {
        self.period = period
        clock = ClockDomain(periodPicoseconds: period)
        let bytesPerMicrosecond = UInt64((device.channelGigabytesPerSecond * 1_000).rounded())
        memory = chip.add(ChannelBandwidthMemory(name: "\(device.memoryKind) (\(device.memoryChannels) channels)",
                                                 channels: device.memoryChannels, bytesPerMicrosecond: bytesPerMicrosecond,
                                                 latency: Picoseconds((device.memoryLatencyNanoseconds * 1_000).rounded())))
    }

    /// The next memory channel in rotation: each buffer of a phase gets its own while there are enough.
    func nextChannel() -> Int {
        defer { channelCursor = (channelCursor + 1) % memory.channels }
        return channelCursor
    }

    /// Starts a phase; its readers made with `reader(...)` wait for the previous phase's end.
    func beginPhase(layer: Int, kind: String, name: String, macs: Int) {
        phases.append(Phase(layer: layer, kind: kind, name: name, macs: macs))
        startReaders = []
        channelCursor = 0
    }

    private var hasPreviousPhase: Bool { phases.count > 1 }

    func reader(_ name: String, firings: Int, streams: [MemoryStream], intervalCycles: Int = 1, latencyCycles: Int = 1,
                outstanding: Int) -> MemoryReadUnit {
        let waits = hasPreviousPhase
        let spec = DataflowUnit.Spec(name: name, kind: .dramSource, latencyCycles: latencyCycles, intervalCycles: intervalCycles,
                                     firings: firings, length: firings, inputRates: waits ? [.first] : [],
                                     outputRates: [.everyFiring])
        let unit = chip.add(MemoryReadUnit(spec: spec, streams: streams, outstanding: outstanding, period: period))
        unit.port = MemoryPort(target: memory, initiator: unit.id)
        if waits { startReaders.append(unit) }
        phases[phases.count - 1].readers.append(unit)
        return unit
    }

    func writer(_ name: String, firings: Int, streams: [MemoryStream]) -> MemoryWriteUnit {
        let spec = DataflowUnit.Spec(name: name, kind: .sink, latencyCycles: 0, intervalCycles: 1, firings: firings,
                                     length: firings, inputRates: [.everyFiring], outputRates: [.everyFiring])
        let unit = chip.add(MemoryWriteUnit(spec: spec, streams: streams, period: period))
        unit.port = MemoryPort(target: memory, initiator: unit.id)
        phases[phases.count - 1].writers.append(unit)
        return unit
    }

    /// A compute unit: `firings` firings of `intervalCycles`, rows of `length` firings.
    func compute(_ name: String, kind: DataflowUnitKind, firings: Int, length: Int, intervalCycles: Int, latencyCycles: Int,
                 inputs: [DataflowUnit.PortRate], outputs: [DataflowUnit.PortRate]) -> DataflowUnit {
        let spec = DataflowUnit.Spec(name: name, kind: kind, latencyCycles: latencyCycles, intervalCycles: intervalCycles,
                                     firings: firings, length: length, inputRates: inputs, outputRates: outputs)
        let unit = chip.add(DataflowUnit(spec: spec, width: 0, format: .fp32, period: period))
        phases[phases.count - 1].compute.append(unit)
        return unit
    }

    /// A FIFO of `depth` tokens from `from`'s output `fromPort` to `to`'s input `toPort`, DAM's
    /// latencies of one cycle each way.
    func connect(_ from: DataflowUnit, _ fromPort: Int, to: DataflowUnit, _ toPort: Int, depth: Int) {
        let channel = BoundedChannel<DataflowToken>(name: "\(from.name)→\(to.name)", capacity: depth, sendLatency: period,
                                                    responseLatency: period, clock: clock)
        chip.connect(channel, from: from, to: to)
        from.connect(output: fromPort, channel)
        to.connect(input: toPort, channel, rows: nil)
        channelCount += 1
    }

    /// Ends the phase: joins the previous phase's writers to this phase's readers through a barrier.
    func endPhase() {
        let index = phases.count - 1
        guard index > 0 else { return }
        let previous = phases[index - 1].writers
        let spec = DataflowUnit.Spec(name: "barrier \(phases[index].name)", kind: .broadcast, latencyCycles: 0, intervalCycles: 1,
                                     firings: 1, length: 1, inputRates: previous.map { _ in .everyFiring },
                                     outputRates: startReaders.map { _ in .everyFiring })
        let barrier = chip.add(DataflowUnit(spec: spec, width: 0, format: .fp32, period: period))
        for (port, writer) in previous.enumerated() { connect(writer, 0, to: barrier, port, depth: 1) }
        for (port, reader) in startReaders.enumerated() { connect(barrier, port, to: reader, 0, depth: 1) }
        phases[index].barrier = barrier
    }

    /// The last phase's writers have nobody to tell: a sink unit takes their done tokens.
    func finish() {
        guard let last = phases.last, !last.writers.isEmpty else { return }
        let spec = DataflowUnit.Spec(name: "end", kind: .sink, latencyCycles: 0, intervalCycles: 1, firings: 1, length: 1,
                                     inputRates: last.writers.map { _ in .everyFiring }, outputRates: [])
        let end = chip.add(DataflowUnit(spec: spec, width: 0, format: .fp32, period: period))
        for (port, writer) in last.writers.enumerated() { connect(writer, 0, to: end, port, depth: 1) }
    }

    func start() { for component in chip.components { chip.start(component) } }
}
