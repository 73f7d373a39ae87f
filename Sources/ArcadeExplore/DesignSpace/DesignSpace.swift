import ArcadeCore
import ArcadeHardware

/// A loaded design-space file: the knobs, constraints and objectives over a base architecture and
/// workload. Load one with `DesignSpaceFile.load(path:)` (the format is documented there).
///
/// Every agent searches the same encoding, `encoding` (a `MultiDiscreteSpace`, one dimension per
/// parameter, in file order); for numeric kinds index order is value order.
///
/// ```swift
/// let space = try DesignSpaceFile.load(path: "Workloads/spaces/systolic-resnet18.yaml")
/// let point = space.encoding.point(rank: 0)
/// if space.isFeasible(point) { print(space.decode(point), space.architectureText(for: point)) }
/// ```
public struct DesignSpace: Sendable {
    /// A constraint as written, with its line, compiled.
    public struct Constraint: Sendable, Equatable {
        public var expression: DesignSpaceExpression
        public var line: Int?
        public var text: String { expression.text }
    }

    public var name: String
    /// The space file as given.
    public var file: String
    /// Absolute or file-relative paths resolved against the space file's folder.
    public var architecturePath: String
    public var workloadPath: String
    /// `compat:` mode passed to the simulator, if any.
    public var compatibility: String?
    public var parameters: [DesignParameter]
    public var constraints: [Constraint]
    public var objectives: [DesignObjective]
    /// The space file's full text, stored with every result.
    public var text: String
    /// FNV-1a 64 (hex) of the space text, the base architecture text and the workload text: two
    /// sweeps with equal hashes evaluate the same points on the same inputs. Stable across
    /// platforms and versions (unlike `Hasher`).
    public var hash: String
    /// The base architecture's `family:`.
    public var family: String { architecture.family }
    let architecture: DesignSpaceArchitecture
    /// `parameterValues[d][i]` is the value of dimension d at index i, as constraints see it.
    let parameterValues: [[DesignSpaceExpression.Value]]

    init(name: String, file: String, architecturePath: String, workloadPath: String, compatibility: String?,
         parameters: [DesignParameter], constraints: [Constraint], objectives: [DesignObjective], text: String,
         hash: String, architecture: DesignSpaceArchitecture) {
        self.name = name
        self.file = file
        self.architecturePath = architecturePath
        self.workloadPath = workloadPath
        self.compatibility = compatibility
        self.parameters = parameters
        self.constraints = constraints
        self.objectives = objectives
        self.text = text
        self.hash = hash
        self.architecture = architecture
        parameterValues = parameters.map { parameter in
            zip(parameter.values, parameter.numericValues).map { text, number in number.map { .number($0) } ?? .string(text) }
        }
    }

    /// One dimension per parameter, `counts[d]` = number of values of parameter d.
    public var encoding: MultiDiscreteSpace { MultiDiscreteSpace(counts: parameters.map(\.values.count)) }
    public var parameterNames: [String] { parameters.map(\.name) }
    public var ordered: [Bool] { parameters.map(\.ordered) }
    /// Objective labels (`cycles`, `-overall_utilization`, `cycles~500000`), all minimised.
    public var objectiveNames: [String] { objectives.map(\.label) }
    /// Number of points before constraints (saturating).
    public var cardinality: Int { encoding.cardinality }

    /// The value of each parameter at `point`, e.g. ["32", "ws", "256"].
    public func decode(_ point: [Int]) -> [String] {
        precondition(encoding.contains(point), "point \(point) is outside the space \(encoding.counts)")
        return zip(parameters, point).map { $0.values[$1] }
    }

    /// The first constraint `point` violates, or nil when it satisfies all. No simulation.
    public func violatedConstraint(_ point: [Int]) -> Constraint? {
        guard !constraints.isEmpty else { return nil }
        let values = point.enumerated().map { parameterValues[$0.offset][$0.element] }
        return constraints.first { !$0.expression.holds(values) }
    }

    /// Whether `point` is inside the encoding and satisfies every constraint. No simulation.
    public func isFeasible(_ point: [Int]) -> Bool {
        encoding.contains(point) && violatedConstraint(point) == nil
    }

    /// The base architecture YAML with every parameter key set to its value at `point`.
    public func architectureText(for point: [Int]) -> String {
        architecture.text(values: decode(point))
    }

    /// The hardware model for `point` (errors name the space file and the decoded point).
    public func model(for point: [Int]) throws -> any HardwareModel {
        let label = "\(file) at [\(zip(parameterNames, decode(point)).map { "\($0)=\($1)" }.joined(separator: ", "))]"
        let values = decode(point)
        return try DesignSpaceArchitecture.model(document: architecture.document(values: values),
                                                 text: architecture.text(values: values), file: label,
                                                 basePath: architecturePath)
    }

    /// Simulates `point` on the workload (no constraint check, no cache).
    public func simulate(_ point: [Int]) throws -> SimulationReport {
        try model(for: point).simulate(workloadPath: workloadPath, options: SimulationOptions(compatibility: compatibility))
    }

    /// Every number the family reports for a point, for result tables: its declared totals that
    /// every run reports (flags left out), then the derived metrics it can compute (`edp`). A
    /// metric minimised as it is (`minimize: cycles`) is left out: its objective column holds it.
    public var metrics: [(name: String, unit: String)] {
        let minimised = Set(objectives.filter { $0.goal == .minimize }.map(\.metric))
        return allMetrics.filter { !minimised.contains($0.name) }
    }

    private var allMetrics: [(name: String, unit: String)] {
        guard let family = HardwareRegistry.family(named: family) else { return [] }
        let totals = family.metrics.filter { $0.condition == nil && $0.unit != .flag }.map { ($0.name, $0.unit.symbol) }
        let derived = DerivedMetric.all.filter { family.metricValueIsDerivable($0) }.map { ($0.name, $0.unit) }
        return totals + derived
    }

    /// The unit of each objective: its metric's ("" for a target's relative distance).
    public var objectiveUnits: [String] {
        let units = Dictionary(allMetrics.map { ($0.name, $0.unit) }, uniquingKeysWith: { first, _ in first })
        return objectives.map { objective in
            if case .target = objective.goal { return "" }
            return units[objective.metric] ?? ""
        }
    }

    /// The value of each of `metrics` in `report` (NaN where it has none).
    public func metricValues(from report: SimulationReport) -> [Double] {
        metrics.map { DesignObjective.metric($0.name, in: report) ?? .nan }
    }

    /// The minimised objective values of a report, in objective order.
    public func objectiveValues(from report: SimulationReport) throws -> [Double] {
        try objectives.map { objective in
            guard let raw = DesignObjective.metric(objective.metric, in: report) else {
                throw InputError(file: file, line: objective.line, field: "objectives",
                                 "the report has no metric '\(objective.metric)'")
            }
            return objective.minimised(raw)
        }
    }
}

/// FNV-1a, 64 bit (Fowler–Noll–Vo; offset basis and prime from the reference), over UTF-8 bytes.
enum DesignSpaceHash {
    static func fnv1a(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (index, part) in parts.enumerated() {
            // A separator byte between parts, so ("ab", "c") and ("a", "bc") differ.
            for byte in part.utf8 + (index + 1 < parts.count ? [0] : []) {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
