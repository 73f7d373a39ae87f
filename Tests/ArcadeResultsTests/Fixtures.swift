import ArcadeCore
import Foundation

/// A report with every column kind (booleans too), units, unicode, a long attribute, typed
/// attributes, a settings group, and an empty table.
func sampleReport() -> SimulationReport {
    let architecture = "array:\n  rows: 32\n  columns: 32\n# Größe — 尺寸 ✓\n"
    let workload = String(repeating: "Conv1, 224, 224, 7, 7, 3, 64, 2,\n", count: 4000)  // ~130 kB
    let layers = ResultTable(name: "layers", columns: [
        ResultColumn("layer", .string(["Conv1", "Größe_2", "层3", ""])),
        ResultColumn("compute_cycles", .int([123_456, 0, -1, Int64.max]), unit: "cycles"),
        ResultColumn("utilization_percent", .double([87.5, 0.0, -0.0, 1e-300]), unit: "%"),
        ResultColumn("dataflow", .string(["os", "ws", "is", "emoji 🚀"])),
        ResultColumn("feasible", .bool([true, false, true, true])),
    ])
    let empty = ResultTable(name: "requests", columns: [
        ResultColumn("request_class", .string([])),
        ResultColumn("latency_ns", .double([])),
    ])
    return SimulationReport(
        family: "systolic",
        totals: [("total_cycles", .int(987_654_321)), ("utilization_percent", .double(71.25)),
                 ("dataflow", .string("os")), ("energy_pj", .double(.infinity))],
        tables: [layers, empty],
        attributes: [("workload", .string(workload)), ("architecture", .string(architecture)), ("mode", "simulate"),
                     ("seed", .int(-7)), ("clock_mhz", .double(937.5)), ("exhaustive", .bool(true))],
        totalUnits: ["total_cycles": "cycles", "energy_pj": "pJ"],
        groups: [ResultGroup(name: "timing", attributes: [
            ResultAttribute("tCK_ps", .int(833), unit: "ps"), ResultAttribute("nCL", .int(16), unit: "cycles"),
            ResultAttribute("estimate", .bool(false)), ResultAttribute("name", "DDR4-2400"),
        ])])
}

/// A fresh empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("arcade-results-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Entries of a directory, including hidden ones (temporaries start with a dot).
func directoryEntries(_ url: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
}

/// Runs an executable and returns (exit status, stdout + stderr).
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
