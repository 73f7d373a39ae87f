import ArcadeCore
import Foundation

/// One evaluated point of a sweep: one row of the `points` table.
public struct SweepRecord: Equatable, Sendable {
    /// `space.encoding.rank(of: point)`: the row's key.
    public var rank: Int
    /// Decoded parameter values, in parameter order.
    public var parameters: [String]
    /// Minimised objective values, in objective order (NaN when the point failed).
    public var objectives: [Double]
    /// Every metric of the layout (`PointTableLayout.metrics`), NaN when the point failed.
    public var metrics: [Double]
    public var feasible: Bool
    /// Why the point failed (violated constraint, simulator error), "" when it did not.
    public var failure: String

    public init(rank: Int, parameters: [String], objectives: [Double], metrics: [Double] = [], feasible: Bool, failure: String) {
        self.rank = rank
        self.parameters = parameters
        self.objectives = objectives
        self.metrics = metrics
        self.feasible = feasible
        self.failure = failure
    }

    /// Equality that treats NaN values as equal (failed points store NaN).
    public static func == (lhs: SweepRecord, rhs: SweepRecord) -> Bool {
        func same(_ a: [Double], _ b: [Double]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        return lhs.rank == rhs.rank && lhs.parameters == rhs.parameters && lhs.feasible == rhs.feasible
            && lhs.failure == rhs.failure && same(lhs.objectives, rhs.objectives) && same(lhs.metrics, rhs.metrics)
    }
}

/// The on-disk layout of a sweep: table `points` with column `rank` (int64), then the columns of
/// `PointTableLayout` (typed parameters, objectives and every metric with units, `feasible` bool,
/// `failure` text). Attributes describe the sweep; `sweep_hash` identifies it and `point_layout`
/// holds the layout, so merge and readers need no space file.
public struct SweepTableFormat: Sendable {
    public static let tableName = "points"

    public let layout: PointTableLayout

    public init(layout: PointTableLayout) { self.layout = layout }

    public init(space: DesignSpace) { self.init(layout: PointTableLayout(evaluator: DesignSpaceEvaluator(space: space, parallelism: 1))) }

    /// The layout stored in a sweep file's attributes. A file without one is from an Arcade
    /// before typed sweep tables (result format 1), which is said plainly.
    public init(attributes: [(key: String, value: String)], file: String) throws {
        guard let json = attributes.first(where: { $0.key == PointTableLayout.attributeName })?.value else {
            throw InputError(file: file, "has no '\(PointTableLayout.attributeName)' attribute: it was written by an older Arcade "
                             + "(result format 1, text parameters, no metrics); rerun the sweep with this version to recreate it")
        }
        self.init(layout: try PointTableLayout(json: json, file: file))
    }

    public var parameterNames: [String] { layout.parameterNames }
    public var objectiveNames: [String] { layout.objectiveNames }

    /// Column names in order.
    public var columnNames: [String] { ["rank"] + parameterNames + objectiveNames + layout.metricNames + ["feasible", "failure"] }

    /// Refuses a layout whose column names repeat (a parameter called `rank`, an objective twice),
    /// before any file is created. `file` is the space file, for the message.
    public func validate(file: String) throws {
        var seen = Set<String>()
        let metrics = Set(layout.metricNames)
        for name in columnNames where !seen.insert(name).inserted {
            let reserved = ["rank", "feasible", "failure"].contains(name)
            if metrics.contains(name) && !reserved {
                throw InputError(file: file, field: name, "a parameter or objective may not be called '\(name)': the sweep table has "
                                 + "a metric column of that name (objectives are stored as they are minimised; the metric is beside them)")
            }
            throw InputError(file: file, field: name, reserved
                ? "a parameter or objective may not be called '\(name)': the sweep table has a column of that name"
                : "names two columns of the sweep table (a parameter and an objective, or an objective twice); allowed: distinct names")
        }
    }

    /// Column-major rows (empty records give the empty, typed columns).
    public func columns(_ records: [SweepRecord]) -> [ResultColumn] {
        [ResultColumn("rank", .int(records.map { Int64($0.rank) }))]
            + layout.parameterColumns(records.map(\.parameters))
            + layout.outcomeColumns(objectives: records.map(\.objectives), metrics: records.map(\.metrics),
                                    feasible: records.map(\.feasible), failures: records.map(\.failure))
    }

    public func table(_ records: [SweepRecord]) -> ResultTable {
        ResultTable(name: Self.tableName, columns: columns(records))
    }

    /// Records back from a table with exactly this layout.
    public func records(_ table: ResultTable, file: String) throws -> [SweepRecord] {
        guard table.columns.map(\.name) == columnNames else {
            throw InputError(file: file, "table '\(table.name)' has columns \(table.columns.map(\.name)), expected \(columnNames)")
        }
        let values = table.columns.map(\.values)
        func doubles(_ column: Int) throws -> [Double] {
            guard case .double(let result) = values[column] else { throw InputError(file: file, "column '\(columnNames[column])' is not float") }
            return result
        }
        guard case .int(let ranks) = values[0] else { throw InputError(file: file, "column 'rank' is not integer") }
        let parameterCount = parameterNames.count, objectiveCount = objectiveNames.count, metricCount = layout.metrics.count
        let parameters = try layout.parameterTexts(Array(values[1..<(1 + parameterCount)]), file: file)
        let objectives = try (0..<objectiveCount).map { try doubles(1 + parameterCount + $0) }
        let metrics = try (0..<metricCount).map { try doubles(1 + parameterCount + objectiveCount + $0) }
        let tail = 1 + parameterCount + objectiveCount + metricCount
        guard case .bool(let feasible) = values[tail] else { throw InputError(file: file, "column 'feasible' is not boolean") }
        guard case .string(let failures) = values[tail + 1] else { throw InputError(file: file, "column 'failure' is not text") }
        return ranks.indices.map { row in
            SweepRecord(rank: Int(ranks[row]), parameters: parameters.isEmpty ? [] : parameters[row],
                        objectives: objectives.map { $0[row] }, metrics: metrics.map { $0[row] },
                        feasible: feasible[row], failure: failures[row])
        }
    }

    /// Attribute values typed for HDF5: the sweep's counts and seed as integers, the rest as text.
    public static func typedAttributes(_ attributes: [(key: String, value: String)]) -> [(key: String, value: ResultValue)] {
        attributes.map { key, value in
            if ["sweep_seed", "sweep_points"].contains(key), let number = Int64(value) { return (key, .int(number)) }
            return (key, .string(value))
        }
    }
}

/// Where sweep files live: the final file, shard files, and in-progress (`.partial`) files.
public enum SweepFiles {
    /// `results/x.h5` + shard 2/8 → `results/x.shard-2-of-8.h5`.
    public static func shardPath(out: String, shard: SweepShard?) -> String {
        guard let shard else { return out }
        let url = URL(fileURLWithPath: out)
        let ext = url.pathExtension.isEmpty ? "h5" : url.pathExtension
        let stem = url.deletingPathExtension().lastPathComponent
        return replacingLastComponent(of: out, with: "\(stem).shard-\(shard.index)-of-\(shard.count).\(ext)")
    }

    /// `results/x.h5` → `results/.x.h5.partial`: appended to while the sweep runs, renamed away when complete.
    public static func partialPath(for path: String) -> String {
        replacingLastComponent(of: path, with: ".\(URL(fileURLWithPath: path).lastPathComponent).partial")
    }

    static func replacingLastComponent(of path: String, with name: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return name }
        return String(path[...slash]) + name
    }
}

/// Reads and writes sweep files. The HDF5 implementation lives with the command-line tool
/// (`HDF5SweepStorage`); tests may use `InMemorySweepStorage`.
public protocol SweepStorage: Sendable {
    /// The attributes (metadata) and `points` table of the file at `path`, nil when it does not exist.
    func read(path: String) throws -> (attributes: [(key: String, value: String)], table: ResultTable)?
    /// Opens an in-progress file to append rows, creating it with `attributes` and empty `columns` when missing.
    func openAppending(path: String, attributes: [(key: String, value: String)], columns: [ResultColumn]) throws -> any SweepAppender
    /// Writes a complete file at `path` atomically (temporary file, then rename).
    func writeComplete(path: String, family: String, totals: [(key: String, value: ResultValue)],
                       attributes: [(key: String, value: String)], table: ResultTable) throws
    func remove(path: String) throws
    func exists(path: String) -> Bool
    /// Takes the exclusive right to write `path` (released when the returned object is released
    /// or deinitialised); throws when another sweep holds it. Storage without locking returns nil.
    func lock(path: String) throws -> AnyObject?
}

extension SweepStorage {
    public func lock(path: String) throws -> AnyObject? { nil }
}

public protocol SweepAppender: AnyObject {
    func append(_ columns: [ResultColumn]) throws
    /// Makes everything appended so far survive a crash.
    func flush() throws
    func close() throws
}

/// A `SweepStorage` in memory, for tests.
public final class InMemorySweepStorage: SweepStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: (attributes: [(key: String, value: String)], table: ResultTable)] = [:]

    public init() {}

    public func read(path: String) throws -> (attributes: [(key: String, value: String)], table: ResultTable)? {
        lock.withLock { files[path] }
    }

    public func openAppending(path: String, attributes: [(key: String, value: String)], columns: [ResultColumn]) throws -> any SweepAppender {
        lock.withLock {
            if files[path] == nil { files[path] = (attributes, ResultTable(name: SweepTableFormat.tableName, columns: columns)) }
        }
        return Appender(storage: self, path: path)
    }

    public func writeComplete(path: String, family: String, totals: [(key: String, value: ResultValue)],
                              attributes: [(key: String, value: String)], table: ResultTable) throws {
        lock.withLock { files[path] = ([("family", family)] + attributes, table) }
    }

    public func remove(path: String) throws { _ = lock.withLock { files.removeValue(forKey: path) } }

    public func exists(path: String) -> Bool { lock.withLock { files[path] != nil } }

    func append(_ columns: [ResultColumn], to path: String) {
        lock.withLock {
            guard var file = files[path] else { return }
            file.table = ResultTable(name: file.table.name, columns: zip(file.table.columns, columns).map { old, new in
                switch (old.values, new.values) {
                case (.int(let a), .int(let b)): return ResultColumn(old.name, .int(a + b), unit: old.unit)
                case (.double(let a), .double(let b)): return ResultColumn(old.name, .double(a + b), unit: old.unit)
                case (.string(let a), .string(let b)): return ResultColumn(old.name, .string(a + b), unit: old.unit)
                case (.bool(let a), .bool(let b)): return ResultColumn(old.name, .bool(a + b), unit: old.unit)
                default: preconditionFailure("column kinds differ")
                }
            })
            files[path] = file
        }
    }

    private final class Appender: SweepAppender {
        let storage: InMemorySweepStorage
        let path: String
        init(storage: InMemorySweepStorage, path: String) { self.storage = storage; self.path = path }
        func append(_ columns: [ResultColumn]) throws { storage.append(columns, to: path) }
        func flush() throws {}
        func close() throws {}
    }
}
