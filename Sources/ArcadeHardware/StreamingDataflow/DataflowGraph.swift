import ArcadeCore

/// A graph with every size resolved for one workload, and its token rates checked: each unit's
/// number of firings, and on every channel the producer sends exactly as many tokens as the
/// consumer takes — a mismatch would end in a deadlock or leftover tokens, so it is an input
/// error naming the channel instead.
struct DataflowGraph: Sendable {
    struct Unit: Sendable {
        var template: DataflowUnitTemplate
        var latencyCycles: Int
        var intervalCycles: Int
        /// Firings per row (per-row ports move one token per row).
        var length: Int
        var lanes: Int
        var passes: Int
        var rows: Int
        var firings: Int
        /// Cycles one firing occupies: the interval, times ⌈D / lanes⌉ for vector work, or a
        /// scratchpad's row-read time.
        var effectiveIntervalCycles: Int
    }
    struct Channel: Sendable {
        var template: DataflowChannelTemplate
        var depth: Int
        var latencyCycles: Int
        var responseLatencyCycles: Int
        var tokens: Int
    }

    var template: DataflowGraphTemplate
    /// The workload with the graph's `workload_overrides` applied: the sizes this graph runs.
    var workload: AttentionWorkload
    var sizes: [String: Int] { workload.sizes }
    var units: [Unit]
    var channels: [Channel]

    static let cycleLimit = 1 << 20
    static let depthLimit = 1 << 24
    static let firingLimit = 1 << 40

    init(template: DataflowGraphTemplate, workload: AttentionWorkload, file: String) throws {
        self.template = template
        self.workload = AttentionWorkload(sequenceLength: template.overrides["N"] ?? workload.sequenceLength,
                                          headDim: template.overrides["D"] ?? workload.headDim,
                                          heads: template.overrides["H"] ?? workload.heads, seed: workload.seed)
        let sizes = self.workload.sizes
        let n = sizes["N"]!, d = sizes["D"]!, h = sizes["H"]!
        var resolved: [Unit] = []
        for unit in template.units {
            let latency = try unit.latency.value(sizes: sizes, range: 0...Self.cycleLimit)
            let interval = try unit.interval.value(sizes: sizes, range: 1...Self.cycleLimit)
            let length = try unit.length.value(sizes: sizes, range: 1...Self.depthLimit)
            let lanes = try unit.lanes.value(sizes: sizes, range: 1...4096)
            let passes = try unit.passes.value(sizes: sizes, range: 1...Self.depthLimit)
            let rows = try unit.rows.value(sizes: sizes, range: 1...Self.depthLimit)
            var effective = interval
            switch unit.kind {
            case .dotProduct, .outerProduct, .runningOutput: effective = interval * ((d + lanes - 1) / lanes)
            case .binary where unit.inputs[0].type == .vector: effective = interval * ((d + lanes - 1) / lanes)
            case .scratchpad:
                let wordsPerBank = (d + unit.banks - 1) / unit.banks
                effective = max(interval, (wordsPerBank + unit.ports - 1) / unit.ports)
                let bytes = rows * d * template.format.bytes
                guard bytes <= unit.capacityBytes else {
                    throw InputError(file: file, line: unit.line, field: "units.\(unit.name).capacity_bytes",
                                     "scratchpad '\(unit.name)' must hold \(rows) rows × \(d) \(template.format.rawValue) values = "
                                         + "\(bytes) bytes, more than its capacity_bytes \(unit.capacityBytes)")
                }
            default: break
            }
            let firings = unit.kind == .source || unit.kind == .dramSource ? h * n * passes : 0
            resolved.append(Unit(template: unit, latencyCycles: latency, intervalCycles: interval, length: length, lanes: lanes,
                                 passes: passes, rows: rows, firings: firings, effectiveIntervalCycles: effective))
        }
        var channels: [Channel] = []
        for channel in template.channels {
            if let depth = try? DataflowSizeExpression.evaluate(channel.depth.text, sizes: sizes), depth < 1 {
                throw InputError(file: channel.depth.file, line: channel.depth.line, field: channel.depth.field,
                                 "'\(channel.depth.text)' is \(depth): a FIFO holds at least one element (allowed: 1...\(Self.depthLimit)), "
                                     + "so every cycle of units has a FIFO of depth ≥ 1 and no zero-delay loop can form")
            }
            channels.append(Channel(template: channel,
                                    depth: try channel.depth.value(sizes: sizes, range: 1...Self.depthLimit),
                                    latencyCycles: try channel.latency.value(sizes: sizes, range: 1...Self.cycleLimit),
                                    responseLatencyCycles: try channel.responseLatency.value(sizes: sizes, range: 1...Self.cycleLimit),
                                    tokens: -1))
        }
        self.units = resolved
        self.channels = channels
        try inferRates(file: file)
    }

    /// Tokens an output port sends over a run, from the unit's firings.
    func tokens(sentBy unit: Unit, port: Int) -> Int {
        if unit.template.kind == .scratchpad { return unit.firings / (1 + unit.passes) * unit.passes }
        return unit.template.outputs[port].perRow ? unit.firings / unit.length : unit.firings
    }

    /// Tokens an input port takes over a run.
    func tokens(takenBy unit: Unit, port: Int) -> Int {
        if unit.template.kind == .scratchpad { return unit.firings / (1 + unit.passes) }
        return unit.template.inputs[port].perRow ? unit.firings / unit.length : unit.firings
    }

    /// Propagates firings from the sources: a unit fires once per token of its first input that
    /// moves every firing (a scratchpad: once per stored row plus once per replayed row).
    mutating func inferRates(file: String) throws {
        var known = units.map { $0.template.kind == .source || $0.template.kind == .dramSource }
        var progress = true
        while progress {
            progress = false
            for index in channels.indices where channels[index].tokens < 0 && known[channels[index].template.from.unit] {
                let channel = channels[index].template
                channels[index].tokens = tokens(sentBy: units[channel.from.unit], port: channel.from.port)
                progress = true
                let consumer = channel.to.unit
                guard !known[consumer] else { continue }
                let unit = units[consumer]
                let drivingPort = unit.template.inputs.firstIndex { !$0.perRow } ?? 0
                guard channel.to.port == drivingPort else { continue }
                let count = channels[index].tokens
                var firings = unit.template.kind == .scratchpad ? count * (1 + unit.passes) : count
                if unit.template.inputs[drivingPort].perRow { firings *= unit.length }
                guard firings <= Self.firingLimit else {
                    throw InputError(file: file, line: unit.template.line, field: "units.\(unit.template.name)",
                                     "\(firings) firings is more than the limit \(Self.firingLimit)")
                }
                units[consumer].firings = firings
                known[consumer] = true
            }
        }
        for (index, unit) in units.enumerated() where !known[index] {
            throw InputError(file: file, line: unit.template.line, field: "units.\(unit.template.name)",
                             "cannot tell how often '\(unit.template.name)' fires: no source feeds it (a cycle with no source?)")
        }
        for unit in units where unit.template.kind == .scratchpad && (unit.firings / (1 + unit.passes)) % unit.rows != 0 {
            throw InputError(file: file, line: unit.template.line, field: "units.\(unit.template.name).rows",
                             "scratchpad '\(unit.template.name)' receives \(unit.firings / (1 + unit.passes)) rows, "
                                 + "not a multiple of rows = \(unit.rows)")
        }
        for unit in units where unit.template.kind != .scratchpad && unit.firings % unit.length != 0
            && (unit.template.inputs + unit.template.outputs).contains(where: \.perRow) {
            throw InputError(file: file, line: unit.template.line, field: "units.\(unit.template.name).length",
                             "'\(unit.template.name)' fires \(unit.firings) times, not a multiple of its row length \(unit.length)")
        }
        for channel in channels {
            let consumer = units[channel.template.to.unit]
            let taken = tokens(takenBy: consumer, port: channel.template.to.port)
            guard taken == channel.tokens else {
                let from = units[channel.template.from.unit].template, to = consumer.template
                throw InputError(file: file, line: channel.template.line, field: "channels.\(channel.template.name)",
                                 "rate mismatch: \(from.name).\(from.outputs[channel.template.from.port].name) sends \(channel.tokens) "
                                     + "tokens but \(to.name).\(to.inputs[channel.template.to.port].name) takes \(taken) "
                                     + "(check length, passes and rows)")
            }
        }
    }

    var totalFirings: Int { units.reduce(0) { $0 + $1.firings } }
}

extension DataflowGraph.Unit {
    var outstandingRows: Int { template.outstandingRows }
    var requestsPerCycle: Int { template.requestsPerCycle }

    /// Whether the unit multiplies D-wide vectors, so that its `lanes` are hardware (multipliers).
    var doesVectorWork: Bool {
        switch template.kind {
        case .dotProduct, .outerProduct, .runningOutput: return true
        case .binary: return template.inputs[0].type == .vector
        default: return false
        }
    }
}
