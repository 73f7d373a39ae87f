import ArcadeCore
import ArcadeResults
import Foundation

/// Sweep files in HDF5: the in-progress file holds table `sweep_metadata` (key, value) and the
/// appendable table `points`; the complete file is a `ResultFile` (attributes + `points` + `totals`).
public final class HDF5SweepStorage: SweepStorage {
    public init() {}

    public func exists(path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func read(path: String) throws -> (attributes: [(key: String, value: String)], table: ResultTable)? {
        guard exists(path: path) else { return nil }
        var attributes = try ResultFileReader.attributes(path: path).filter { $0.key != "arcade_version" }
        if let metadata = try? ResultFileReader.table(SweepTableFormat.metadataTableName, path: path),
           case .string(let keys)? = metadata.column("key"), case .string(let values)? = metadata.column("value") {
            attributes = Array(zip(keys, values)).map { (key: $0.0, value: $0.1) }
        }
        return (attributes, try ResultFileReader.table(SweepTableFormat.tableName, path: path))
    }

    public func openAppending(path: String, attributes: [(key: String, value: String)], columns: [ResultColumn]) throws -> any SweepAppender {
        if !exists(path: path) {
            let metadata = try AppendableTable(path: path, table: SweepTableFormat.metadataTableName,
                                               columns: [("key", .string), ("value", .string)])
            try metadata.append([ResultColumn("key", .string(attributes.map(\.key))),
                                 ResultColumn("value", .string(attributes.map(\.value)))])
            try metadata.flush()
            try metadata.close()
        }
        let table = try AppendableTable(path: path, table: SweepTableFormat.tableName,
                                        columns: columns.map { ($0.name, ResultColumnKind($0.values)) })
        return Appender(table: table)
    }

    public func writeComplete(path: String, family: String, totals: [(key: String, value: ResultValue)],
                       attributes: [(key: String, value: String)], table: ResultTable) throws {
        try ResultFile.write(SimulationReport(family: family, totals: totals, tables: [table], attributes: attributes),
                             to: path, softwareVersion: ArcadeVersion.current)
    }

    public func remove(path: String) throws {
        if exists(path: path) { try FileManager.default.removeItem(atPath: path) }
    }

    private final class Appender: SweepAppender {
        let table: AppendableTable
        init(table: AppendableTable) { self.table = table }
        func append(_ columns: [ResultColumn]) throws { try table.append(columns) }
        func flush() throws { try table.flush() }
        func close() throws { try table.close() }
    }
}
