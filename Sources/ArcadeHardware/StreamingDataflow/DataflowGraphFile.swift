import ArcadeCore
import Foundation

/// A size written in a graph file (`N + 1`), kept as text until the workload's sizes are known,
/// with where it was written so that an error names file, line and field.
struct DataflowSizeField: Sendable, Equatable {
    var text: String
    var file: String
    var line: Int?
    var field: String

    /// `key` of `section` as written (`default` when absent; required when that is nil).
    init(_ key: String, of section: ConfigSection, default defaultText: String?) throws {
        text = try section.string(key, default: defaultText)
        file = section.file
        line = section.line(of: key)
        field = "\(section.path).\(key)"
    }

    func value(sizes: [String: Int], range: ClosedRange<Int>) throws -> Int {
        let value: Int
        do { value = try DataflowSizeExpression.evaluate(text, sizes: sizes) } catch let failure as DataflowSizeExpression.Failure {
            throw InputError(file: file, line: line, field: field, failure.message)
        }
        guard range.contains(value) else {
            let sizesText = sizes.keys.sorted().map { "\($0)=\(sizes[$0]!)" }.joined(separator: " ")
            throw InputError(file: file, line: line, field: field,
                             "'\(text)' is \(value) with \(sizesText); allowed: \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}

/// One unit as written: its kind, parameters (sizes unresolved) and resolved port types.
struct DataflowUnitTemplate: Sendable, Equatable {
    var name: String
    var kind: DataflowUnitKind
    var line: Int?
    var latency: DataflowSizeField
    var interval: DataflowSizeField
    var length: DataflowSizeField
    var lanes: DataflowSizeField
    var passes: DataflowSizeField
    var rows: DataflowSizeField
    var op: String
    var tensor: String
    var scale: Bool
    var capacityBytes: Int
    var banks: Int
    var ports: Int
    var outstandingRows: Int
    var requestsPerCycle: Int
    var inputs: [DataflowUnitKind.Port]
    var outputs: [DataflowUnitKind.Port]
}

/// One channel as written: endpoints by unit and port index, depth and latencies unresolved.
struct DataflowChannelTemplate: Sendable, Equatable {
    var name: String
    var line: Int?
    var from: (unit: Int, port: Int)
    var to: (unit: Int, port: Int)
    var depth: DataflowSizeField
    var latency: DataflowSizeField
    var responseLatency: DataflowSizeField
    var type: DataflowUnitKind.ElementType

    static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.from == b.from && a.to == b.to && a.depth == b.depth && a.latency == b.latency
            && a.responseLatency == b.responseLatency
    }
}

/// A dataflow graph file (`Architectures/dataflow/*.yaml`), read and checked for structure: every
/// unit's kind and parameters, every channel's endpoints, each port connected exactly once, and
/// element types (scalar or vector) agreeing along each channel. Sizes stay expressions of the
/// workload (`depth: N + 1`) until `DataflowGraph.resolve(sizes:)`.
///
/// ```yaml
/// family: dataflow
/// clock_mhz: 1000
/// number_format: fp32            # fp32, fp16, bf16
/// units:
///   q: {kind: source, tensor: q}
///   k: {kind: source, tensor: k, passes: N}
///   qkt: {kind: dot_product, latency: 1 + log2(D), scale: true}
///   ...
/// channels:
///   q_to_qkt: {from: q.out, to: qkt.q, depth: 2}           # latency, response_latency: 1 cycle
/// ```
struct DataflowGraphTemplate: Sendable {
    var name: String
    var clockMegahertz: Double
    var format: NumberFormat
    var units: [DataflowUnitTemplate]
    var channels: [DataflowChannelTemplate]
    /// `workload_overrides`: sizes that replace the workload file's, so a design space can sweep them.
    var overrides: [String: Int]
    /// `memory:`: the DRAM that `dram_source` units read through (a `family: dram` file).
    var memory: DRAMSystemConfig?

    static let unitKeys = ["kind", "latency", "interval"]
    static let overrideKeys = ["sequence_length": "N", "head_dim": "D", "heads": "H"]

    static func parse(_ document: ConfigSection) throws -> DataflowGraphTemplate {
        document.markRead("family")
        var graphDocument = document
        if let included = try document.optionalString("graph") {
            // The graph lives in another file (so one design space can switch graphs); this file may
            // still set `workload_overrides`, and nothing else.
            let path = document.resolvePath(included)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw document.error("graph", "cannot read the graph file '\(path)'")
            }
            graphDocument = try ConfigSection.load(yaml: text, file: path)
            let family = try graphDocument.string("family", default: "dataflow")
            guard family == "dataflow" else { throw graphDocument.error("family", "a graph file must have family: dataflow") }
            guard !graphDocument.has("graph") else { throw graphDocument.error("graph", "a graph file cannot include another") }
        }
        let overrides = try readOverrides(document)
        if graphDocument !== document {
            try document.finish()
        }
        let memory = try readMemory(graphDocument)
        let name = try graphDocument.string("name", default: URL(fileURLWithPath: graphDocument.file).deletingPathExtension().lastPathComponent)
        let clock = try graphDocument.double("clock_mhz", default: 1000, range: 1...100_000)
        let format = NumberFormat(rawValue: try graphDocument.choice("number_format", NumberFormat.allCases.map(\.rawValue), default: "fp32"))!
        guard let unitsSection = try graphDocument.section("units") else {
            throw graphDocument.error("units", "is required: a mapping of unit name → {kind: …, …}")
        }
        var units: [DataflowUnitTemplate] = []
        for unitName in unitsSection.keys {
            guard let section = try unitsSection.section(unitName) else { continue }
            units.append(try readUnit(name: unitName, section))
        }
        guard !units.isEmpty else { throw graphDocument.error("units", "lists no unit") }
        guard let channelsSection = try graphDocument.section("channels") else {
            throw graphDocument.error("channels", "is required: a mapping of channel name → {from: unit.port, to: unit.port, depth: …}")
        }
        var channels: [DataflowChannelTemplate] = []
        for channelName in channelsSection.keys {
            guard let section = try channelsSection.section(channelName) else { continue }
            channels.append(try readChannel(name: channelName, section, units: units))
        }
        try graphDocument.finish()
        if memory == nil, let unit = units.first(where: { $0.kind == .dramSource }) {
            throw InputError(file: graphDocument.file, line: unit.line, field: "units.\(unit.name)",
                             "a dram_source needs the graph's 'memory:' (a family: dram architecture file, e.g. ../dram/hbm2.yaml)")
        }
        var template = DataflowGraphTemplate(name: name, clockMegahertz: clock, format: format, units: units,
                                             channels: channels, overrides: overrides, memory: memory)
        try template.checkConnections(file: graphDocument.file)
        return template
    }

    /// `memory:`, a DRAM architecture file relative to this one (cycles of files are refused).
    static func readMemory(_ document: ConfigSection) throws -> DRAMSystemConfig? {
        guard let relative = try document.optionalString("memory") else { return nil }
        return try ArchitectureReferences.dram(relative, key: "memory", from: document).config
    }

    static func readOverrides(_ document: ConfigSection) throws -> [String: Int] {
        guard let section = try document.section("workload_overrides") else { return [:] }
        var overrides: [String: Int] = [:]
        for (key, name) in overrideKeys where section.has(key) {
            let range = key == "sequence_length" ? AttentionWorkload.sequenceLengths
                : key == "head_dim" ? AttentionWorkload.headDims : AttentionWorkload.headCounts
            overrides[name] = try section.int(key, range: range)
        }
        try section.finish(allowedHint: Array(overrideKeys.keys))
        return overrides
    }

    static func readUnit(name: String, _ section: ConfigSection) throws -> DataflowUnitTemplate {
        let kind = DataflowUnitKind(rawValue: try section.choice("kind", DataflowUnitKind.allCases.map(\.rawValue)))!
        func size(_ key: String, _ defaultText: String) throws -> DataflowSizeField {
            try DataflowSizeField(key, of: section, default: defaultText)
        }
        let allowed = Set(Self.unitKeys + kind.parameters)
        for key in section.keys where !allowed.contains(key) {
            throw section.error(key, "a \(kind.rawValue) unit has no parameter '\(key)'; allowed: "
                                    + (Self.unitKeys + kind.parameters).joined(separator: ", "))
        }
        let op = kind.operations.isEmpty ? "" : try section.choice("op", kind.operations)
        let tensor = kind == .source || kind == .dramSource ? try section.choice("tensor", ["q", "k", "v"]) : ""
        let outputCount = kind == .broadcast ? try section.int("outputs", default: 2, range: 1...64) : 2
        let unit = DataflowUnitTemplate(
            name: name, kind: kind, line: section.line,
            latency: try size("latency", "1"), interval: try size("interval", "1"),
            length: try size("length", kind == .binary ? "1" : "N"), lanes: try size("lanes", "D"),
            passes: try size("passes", "1"), rows: try size("rows", "N"),
            op: op, tensor: tensor, scale: kind == .dotProduct ? try section.bool("scale", default: false) : false,
            capacityBytes: kind == .scratchpad ? try section.int("capacity_bytes", range: 1...(1 << 40)) : 0,
            banks: kind == .scratchpad ? try section.int("banks", default: 16, range: 1...4096) : 1,
            ports: kind == .scratchpad ? try section.int("ports", default: 1, range: 1...64) : 1,
            outstandingRows: kind == .dramSource ? try section.int("outstanding_rows", default: 16, range: 1...65_536) : 1,
            requestsPerCycle: kind == .dramSource ? try section.int("requests_per_cycle", default: 1, range: 1...64) : 1,
            inputs: kind.inputs(), outputs: kind.outputs(count: outputCount))
        try section.finish()
        return unit
    }

    static func readChannel(name: String, _ section: ConfigSection, units: [DataflowUnitTemplate]) throws -> DataflowChannelTemplate {
        func endpoint(_ key: String, outputs: Bool) throws -> (unit: Int, port: Int) {
            let text = try section.string(key)
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw section.error(key, "'\(text)' is not unit.port (e.g. qkt.out)") }
            guard let unit = units.firstIndex(where: { $0.name == parts[0] }) else {
                throw section.error(key, "unknown unit '\(parts[0])'; units: \(units.map(\.name).joined(separator: ", "))")
            }
            let ports = outputs ? units[unit].outputs : units[unit].inputs
            guard let port = ports.firstIndex(where: { $0.name == parts[1] }) else {
                let kind = units[unit].kind.rawValue
                throw section.error(key, ports.isEmpty
                    ? "unit '\(parts[0])' (\(kind)) has no \(outputs ? "output" : "input") ports"
                    : "unit '\(parts[0])' (\(kind)) has no \(outputs ? "output" : "input") '\(parts[1])'; allowed: "
                        + ports.map(\.name).joined(separator: ", "))
            }
            return (unit, port)
        }
        func size(_ key: String, _ defaultText: String?) throws -> DataflowSizeField {
            try DataflowSizeField(key, of: section, default: defaultText)
        }
        let channel = DataflowChannelTemplate(
            name: name, line: section.line, from: try endpoint("from", outputs: true), to: try endpoint("to", outputs: false),
            depth: try size("depth", nil), latency: try size("latency", "1"), responseLatency: try size("response_latency", "1"),
            type: .any)
        try section.finish()
        return channel
    }

    /// Each port connected exactly once; element types agree (resolving `any` ports from producers).
    mutating func checkConnections(file: String) throws {
        var inputUse: [String: String] = [:], outputUse: [String: String] = [:]
        for channel in channels {
            let fromKey = "\(units[channel.from.unit].name).\(units[channel.from.unit].outputs[channel.from.port].name)"
            let toKey = "\(units[channel.to.unit].name).\(units[channel.to.unit].inputs[channel.to.port].name)"
            if let other = outputUse[fromKey] {
                throw InputError(file: file, line: channel.line, field: "channels.\(channel.name).from",
                                 "output \(fromKey) is connected twice (also by channel '\(other)'); use a broadcast unit to fork")
            }
            if let other = inputUse[toKey] {
                throw InputError(file: file, line: channel.line, field: "channels.\(channel.name).to",
                                 "input \(toKey) is connected twice (also by channel '\(other)')")
            }
            outputUse[fromKey] = channel.name
            inputUse[toKey] = channel.name
        }
        for unit in units {
            for port in unit.inputs where inputUse["\(unit.name).\(port.name)"] == nil {
                throw InputError(file: file, line: unit.line, field: "units.\(unit.name)",
                                 "input \(unit.name).\(port.name) is not connected: add a channel with to: \(unit.name).\(port.name)")
            }
            for port in unit.outputs where outputUse["\(unit.name).\(port.name)"] == nil {
                throw InputError(file: file, line: unit.line, field: "units.\(unit.name)",
                                 "output \(unit.name).\(port.name) is not connected: add a channel with from: \(unit.name).\(port.name)")
            }
        }
        // Resolve `any` types from producers until nothing changes (broadcast chains): an `any`
        // input takes its producer's type, and a unit's `any` outputs take its first input's.
        var changed = true
        while changed {
            changed = false
            for index in channels.indices {
                let channel = channels[index]
                let produced = units[channel.from.unit].outputs[channel.from.port].type
                guard produced != .any, channels[index].type == .any else { continue }
                channels[index].type = produced
                changed = true
                let consumer = channel.to
                guard units[consumer.unit].inputs[consumer.port].type == .any else { continue }
                units[consumer.unit].inputs[consumer.port].type = produced
                if consumer.port == 0 {
                    for output in units[consumer.unit].outputs.indices where units[consumer.unit].outputs[output].type == .any {
                        units[consumer.unit].outputs[output].type = produced
                    }
                }
            }
        }
        for channel in channels {
            let produced = channel.type
            let expected = units[channel.to.unit].inputs[channel.to.port].type
            let from = units[channel.from.unit], to = units[channel.to.unit]
            guard produced != .any else {
                throw InputError(file: file, line: channel.line, field: "channels.\(channel.name)",
                                 "cannot tell whether \(from.name).\(from.outputs[channel.from.port].name) carries scalars or vectors "
                                     + "(a cycle of broadcast units with no typed producer)")
            }
            guard expected == produced else {
                throw InputError(file: file, line: channel.line, field: "channels.\(channel.name)",
                                 "type mismatch: \(from.name).\(from.outputs[channel.from.port].name) sends \(produced)s but "
                                     + "\(to.name).\(to.inputs[channel.to.port].name) takes \(expected)s")
            }
        }
    }
}
