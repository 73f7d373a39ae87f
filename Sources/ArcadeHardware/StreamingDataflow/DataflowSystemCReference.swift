import ArcadeCore
import Foundation

/// `arcade simulate … --reference systemc` for the dataflow family: the resolved graph as a netlist
/// (Sources/arcade-systemc-dataflow/main.cpp reads it: clocked SC_THREADs over sc_fifo), run in its
/// own process (SystemC elaborates one model per process), its cycle of the last firing compared
/// with Arcade's. Graphs with scratchpads, DRAM sources or channel latencies other than one cycle
/// are refused: the reference has neither.
enum DataflowSystemCReference {
    struct Outcome {
        var cycles: Int
        var seconds: Double
    }

    static let description = "the graph as clocked SC_THREADs over sc_fifo (arcade-systemc-dataflow); "
        + "totals reference_cycles, reference_agrees, reference_seconds and chip_seconds"

    /// One `fifo <depth>` line per channel, then one `unit` line per unit (see main.cpp).
    static func netlist(_ graph: DataflowGraph, file: String) throws -> String {
        var lines: [String] = []
        for channel in graph.channels {
            guard channel.latencyCycles == 1, channel.responseLatencyCycles == 1 else {
                throw InputError(file: file, field: "channels.\(channel.template.name)",
                                 "--reference systemc models one-cycle send and response latencies only")
            }
            lines.append("fifo \(channel.depth)")
        }
        for (index, unit) in graph.units.enumerated() {
            let template = unit.template
            guard template.kind != .scratchpad && template.kind != .dramSource else {
                throw InputError(file: file, field: "units.\(template.name)",
                                 "--reference systemc has no \(template.kind.rawValue) unit (graphs of on-chip sources, "
                                     + "compute units and FIFOs only)")
            }
            func fifo(_ isInput: Bool, _ port: Int) -> Int {
                graph.channels.firstIndex {
                    let end = isInput ? $0.template.to : $0.template.from
                    return end.unit == index && end.port == port
                }!
            }
            let inputs = template.inputs.enumerated().map { "\(fifo(true, $0.offset)):\($0.element.perRow ? "s" : "e")" }
            let outputs = template.outputs.enumerated().map { "\(fifo(false, $0.offset)):\($0.element.perRow ? "r" : "e")" }
            lines.append("unit \(template.name) \(unit.firings) \(unit.length) \(unit.latencyCycles) \(unit.effectiveIntervalCycles)"
                         + (inputs.isEmpty ? "" : " in " + inputs.joined(separator: " "))
                         + (outputs.isEmpty ? "" : " out " + outputs.joined(separator: " ")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `ARCADE_SYSTEMC_DATAFLOW`, else `arcade-systemc-dataflow` beside the running executable.
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["ARCADE_SYSTEMC_DATAFLOW"] { return explicit }
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        return folder.appendingPathComponent("arcade-systemc-dataflow").path
    }

    static func run(_ graph: DataflowGraph, file: String) throws -> Outcome {
        let netlist = try netlist(graph, file: file)
        let path = binary
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw InputError(field: "--reference", "no SystemC reference at \(path); build it with "
                             + "'swift build -c release --product arcade-systemc-dataflow' (needs libsystemc-dev: .ci/setup.sh)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(netlist.utf8))
        try? input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func field(_ name: String) -> String? {
            text.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
        }
        guard process.terminationStatus == 0, let cycles = field("cycles").flatMap(Int.init),
              let seconds = field("seconds").flatMap(Double.init) else {
            throw InputError(field: "--reference", "the SystemC reference failed (exit \(process.terminationStatus)): "
                             + (problems + text).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Outcome(cycles: cycles, seconds: seconds)
    }
}
