/// A value in a result: what every hardware family reports, and what the table printer,
/// the JSON writer and the HDF5 writer all understand, so a new family needs no new output code.
public enum ResultValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int64)
    case double(Double)
    case string(String)

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .string: return nil
        }
    }
}

/// One column of a result table: a name (snake_case, with its unit in the name where it has one),
/// and homogeneous values.
public enum ResultColumnValues: Equatable, Sendable {
    case int([Int64])
    case double([Double])
    case string([String])

    public var count: Int {
        switch self {
        case .int(let values): return values.count
        case .double(let values): return values.count
        case .string(let values): return values.count
        }
    }

    public subscript(row: Int) -> ResultValue {
        switch self {
        case .int(let values): return .int(values[row])
        case .double(let values): return .double(values[row])
        case .string(let values): return .string(values[row])
        }
    }
}

public struct ResultColumn: Equatable, Sendable {
    public var name: String
    public var values: ResultColumnValues

    public init(_ name: String, _ values: ResultColumnValues) {
        self.name = name
        self.values = values
    }
}

/// A named table, column-major: one row per layer, per request class, per design point.
public struct ResultTable: Equatable, Sendable {
    public var name: String
    public var columns: [ResultColumn]

    public init(name: String, columns: [ResultColumn]) {
        precondition(Set(columns.map(\.values.count)).count <= 1, "ragged result table \(name)")
        self.name = name
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }

    public func column(_ name: String) -> ResultColumnValues? {
        columns.first { $0.name == name }?.values
    }
}

/// What one simulation run reports: ordered totals, per-item tables, and descriptive
/// attributes (the architecture and workload as given, the tool version, the mode).
public struct SimulationReport: Equatable, Sendable {
    /// The hardware family that produced it, e.g. `systolic`.
    public var family: String
    /// Ordered key/value totals; keys are snake_case with units in the name.
    public var totals: [(key: String, value: ResultValue)]
    /// Per-item tables; the first is the main one (per layer for systolic arrays).
    public var tables: [ResultTable]
    /// Free-form string attributes stored with the result (architecture text, workload text, ...).
    public var attributes: [(key: String, value: String)]

    public init(family: String, totals: [(key: String, value: ResultValue)], tables: [ResultTable],
                attributes: [(key: String, value: String)]) {
        self.family = family
        self.totals = totals
        self.tables = tables
        self.attributes = attributes
    }

    public func total(_ key: String) -> ResultValue? { totals.first { $0.key == key }?.value }

    public static func == (lhs: SimulationReport, rhs: SimulationReport) -> Bool {
        lhs.family == rhs.family && lhs.tables == rhs.tables
            && lhs.totals.map(\.key) == rhs.totals.map(\.key) && lhs.totals.map(\.value) == rhs.totals.map(\.value)
            && lhs.attributes.map(\.key) == rhs.attributes.map(\.key)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }
}
