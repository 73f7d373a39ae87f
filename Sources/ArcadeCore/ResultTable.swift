/// A value in a result: what every hardware family reports, and what the table printer,
/// the JSON writer and the HDF5 writer all understand, so a new family needs no new output code.
public enum ResultValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int64)
    case double(Double)
    case string(String)
    /// A yes/no fact (`feasible`, `energy_is_estimate`): HDF5 enum {FALSE, TRUE}, which h5py and
    /// pandas read as `bool`.
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        }
    }

    /// The number, or nil for text. Booleans are not numbers here: no objective minimises a flag.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .string, .bool: return nil
        }
    }
}

extension ResultValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// One column of a result table: a name (snake_case, with its unit in the name where it has one),
/// and homogeneous values.
public enum ResultColumnValues: Equatable, Sendable {
    case int([Int64])
    case double([Double])
    case string([String])
    case bool([Bool])

    public var count: Int {
        switch self {
        case .int(let values): return values.count
        case .double(let values): return values.count
        case .string(let values): return values.count
        case .bool(let values): return values.count
        }
    }

    public subscript(row: Int) -> ResultValue {
        switch self {
        case .int(let values): return .int(values[row])
        case .double(let values): return .double(values[row])
        case .string(let values): return .string(values[row])
        case .bool(let values): return .bool(values[row])
        }
    }

    /// A one-row column holding `value`.
    public init(single value: ResultValue) {
        switch value {
        case .int(let number): self = .int([number])
        case .double(let number): self = .double([number])
        case .string(let text): self = .string([text])
        case .bool(let flag): self = .bool([flag])
        }
    }
}

/// A column's name and values, and its unit (`cycles`, `µs`, `nJ`, `%`; "" for names, flags and
/// plain ratios), which the HDF5 writer stores in the table's `units` attribute.
///
/// `label` and `importance` only shape terminal tables (`ReportRendering.text`): the family names
/// its short header and marks the columns a default, 120-column table may leave out (`.detail`;
/// `--wide` shows them). They are presentation, not data: HDF5 and JSON do not store them and
/// equality ignores them, so a table read back from a file equals the one written.
public struct ResultColumn: Equatable, Sendable {
    /// Whether a width-limited terminal table keeps the column (`summary`) or may drop it (`detail`).
    public enum Importance: Equatable, Sendable {
        case summary
        case detail
    }

    public var name: String
    public var values: ResultColumnValues
    public var unit: String
    /// The header for people ("compute util"); nil: the name with spaces for underscores.
    public var label: String?
    public var importance: Importance

    public init(_ name: String, _ values: ResultColumnValues, unit: String = "", label: String? = nil,
                importance: Importance = .summary) {
        self.name = name
        self.values = values
        self.unit = unit
        self.label = label
        self.importance = importance
    }

    /// The terminal header: the label and its unit, `cycles`, `energy (nJ)`, `compute util (%)`
    /// (no unit repeated when the label already ends with it: `stall cycles`, `MACs`).
    public var header: String {
        let text = label ?? String(name.map { $0 == "_" ? " " : $0 })
        guard !unit.isEmpty else { return text }
        let last = text.split(separator: " ").last.map { $0.lowercased() } ?? ""
        let unitWord = unit.lowercased()
        return last == unitWord || last + "s" == unitWord ? text : "\(text) (\(unit))"
    }

    public static func == (lhs: ResultColumn, rhs: ResultColumn) -> Bool {
        lhs.name == rhs.name && lhs.values == rhs.values && lhs.unit == rhs.unit
    }
}

/// Structured settings stored as one HDF5 group of typed attributes (e.g. `/timing` with
/// `tCK_ps = 833`, `nCL = 40`), rather than one `key=value …` string.
public struct ResultGroup: Equatable, Sendable {
    public var name: String
    public var attributes: [ResultAttribute]

    public init(name: String, attributes: [ResultAttribute]) {
        self.name = name
        self.attributes = attributes
    }
}

/// A named, typed attribute, with the unit of a number ("" when none).
public struct ResultAttribute: Equatable, Sendable {
    public var key: String
    public var value: ResultValue
    public var unit: String

    public init(_ key: String, _ value: ResultValue, unit: String = "") {
        self.key = key
        self.value = value
        self.unit = unit
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

/// A file in a peer simulator's own format (e.g. SCALE-Sim's `COMPUTE_REPORT.csv`), rendered by
/// the family that reproduces that peer when `SimulationOptions.peerReports` asks for it; the CLI
/// only writes it out (`arcade simulate --report-dir`).
public struct PeerReportFile: Equatable, Sendable {
    /// The file name the peer gives it, no folders.
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
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
    /// Typed attributes stored with the result (architecture text, workload text, seeds, budgets, ...):
    /// numbers stay numbers in HDF5.
    public var attributes: [(key: String, value: ResultValue)]
    /// The unit of each total that has one, by key (written as the `units` attribute of `/totals`).
    public var totalUnits: [String: String]
    /// Structured settings, one HDF5 group each (DRAM timing, an agent's hyperparameters).
    public var groups: [ResultGroup]
    /// The peer's own report files, when asked for (not stored in HDF5).
    public var peerReportFiles: [PeerReportFile] = []

    public init(family: String, totals: [(key: String, value: ResultValue)], tables: [ResultTable],
                attributes: [(key: String, value: ResultValue)], totalUnits: [String: String] = [:],
                groups: [ResultGroup] = []) {
        self.family = family
        self.totals = totals
        self.tables = tables
        self.attributes = attributes
        self.totalUnits = totalUnits
        self.groups = groups
    }

    public func total(_ key: String) -> ResultValue? { totals.first { $0.key == key }?.value }

    /// The attribute `key` as text (numbers and flags in their plain form), or nil.
    public func attribute(_ key: String) -> String? { attributes.first { $0.key == key }?.value.description }

    public static func == (lhs: SimulationReport, rhs: SimulationReport) -> Bool {
        lhs.family == rhs.family && lhs.tables == rhs.tables
            && lhs.totals.map(\.key) == rhs.totals.map(\.key) && lhs.totals.map(\.value) == rhs.totals.map(\.value)
            && lhs.attributes.map(\.key) == rhs.attributes.map(\.key)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
            && lhs.totalUnits == rhs.totalUnits && lhs.groups == rhs.groups
            && lhs.peerReportFiles == rhs.peerReportFiles
    }
}
