import ArcadeCore
import ArcadeKernel
import Foundation
@testable import ArcadeHardware

/// Loading shipped and hand-written dataflow graphs for the dataflow tests.
enum DataflowTestSupport {
    static func shipped(_ name: String) throws -> DataflowModel {
        let path = FamilyConformance.absolute("Architectures/dataflow/\(name).yaml")
        return try require_(HardwareRegistry.loadArchitecture(path: path) as? DataflowModel, "\(name) is not a dataflow graph")
    }

    /// A shipped graph with its text edited (e.g. a FIFO depth), loaded as if it were the file.
    static func shipped(_ name: String, replacing old: String, with new: String) throws -> DataflowModel {
        let path = FamilyConformance.absolute("Architectures/dataflow/\(name).yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        precondition(text.contains(old), "\(name).yaml has no '\(old)'")
        return try graph(text.replacingOccurrences(of: old, with: new), file: path)
    }

    static func graph(_ text: String, file: String = "test-graph.yaml") throws -> DataflowModel {
        let document = try ConfigSection.load(yaml: text, file: file)
        _ = try document.string("family")
        return try DataflowModel(architecture: document, sourceText: text)
    }

    static func run(_ model: DataflowModel, n: Int, d: Int, heads: Int = 1, seed: UInt64 = 1) throws -> SimulationReport {
        try model.simulate(AttentionWorkload(sequenceLength: n, headDim: d, heads: heads, seed: seed))
    }

    static func int(_ report: SimulationReport, _ key: String) -> Int64? {
        if case .int(let value)? = report.total(key) { return value }
        return nil
    }

    static func double(_ report: SimulationReport, _ key: String) -> Double? { report.total(key)?.doubleValue }

    /// The `channels` table's column `column` for channel `name`.
    static func channel(_ report: SimulationReport, _ name: String, _ column: String) -> ResultValue? {
        guard let table = report.tables.first(where: { $0.name == "channels" }),
              case .string(let names)? = table.column("name"), let row = names.firstIndex(of: name) else { return nil }
        return table.column(column)?[row]
    }
}

struct RequireFailure: Error { let message: String }

/// `x as? T` that throws instead of returning nil (usable outside `#require`).
func require_<T>(_ value: T?, _ message: String = "unexpected nil") throws -> T {
    guard let value else { throw RequireFailure(message: message) }
    return value
}
