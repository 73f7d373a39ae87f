import ArcadeCore
import ArcadeKernel

/// The result of evaluating one design point, as every agent sees it.
public struct Evaluation: Equatable, Sendable {
    /// Indices into the space's dimensions (`MultiDiscreteSpace`).
    public var point: [Int]
    /// Objective values, all to be MINIMISED (the harness negates maximised objectives and turns
    /// ArchGym-style targets into distances), in the space's objective order. Empty when infeasible.
    public var objectives: [Double]
    /// False when a constraint is violated or the simulator rejected the point; the agent should
    /// treat it as worse than any feasible point.
    public var feasible: Bool
    /// Every metric of the simulation, in `PointEvaluator.metricNames` order (empty when the
    /// evaluator reports none or the point failed). Agents ignore it; result tables store it.
    public var metrics: [Double]

    public init(point: [Int], objectives: [Double], feasible: Bool, metrics: [Double] = []) {
        self.point = point
        self.objectives = objectives
        self.feasible = feasible
        self.metrics = metrics
    }

    /// The scalar every single-objective agent minimises: the first objective, or +∞ when infeasible.
    public var score: Double { feasible ? (objectives.first ?? .infinity) : .infinity }
}

/// What an agent is told about the problem when it is made.
public struct SearchProblem: Sendable {
    /// The encoded design space: dimension d takes indices `0..<space.counts[d]`. For integer knobs
    /// the index order is the value order, so neighbouring indices are neighbouring values.
    public var space: MultiDiscreteSpace
    /// Number of objectives (≥ 1); multi-objective agents use all, others the first.
    public var objectiveCount: Int
    /// Total evaluations the agent will get (agents that anneal or schedule may use it).
    public var budget: Int
    /// For each dimension, whether its values are ordered (numbers) or unordered categories.
    public var ordered: [Bool]

    public init(space: MultiDiscreteSpace, objectiveCount: Int = 1, budget: Int, ordered: [Bool]? = nil) {
        self.space = space
        self.objectiveCount = objectiveCount
        self.budget = budget
        self.ordered = ordered ?? Array(repeating: true, count: space.counts.count)
    }
}

/// A search agent: proposes batches of points, then is told how they scored.
///
/// Adding an agent = one file with a type conforming to this protocol + one line in
/// `AgentRegistry.agents`. The shared conformance tests (Tests/ArcadeExploreTests) then check it
/// automatically: proposals inside the space, determinism under a seed, progress on easy problems.
///
/// Protocol of use (the harness): `propose(count:)` → evaluate → `observe(_:)` with those results,
/// repeated until the budget is spent. Proposals may repeat earlier points; the harness answers
/// repeats from its cache without spending budget, but an agent that only repeats itself is stopped.
public protocol SearchAgent {
    /// Registry name used on the command line (`--agent ga`).
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    /// The settable hyperparameters with their documented defaults.
    static var hyperparameters: [HyperparameterSpec] { get }

    /// A fresh agent. `hyperparameters` holds validated values for every spec (defaults filled in).
    init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws

    /// Up to `count` points to evaluate next (at least one).
    mutating func propose(count: Int) -> [[Int]]

    /// Results for points this agent proposed (in the order proposed).
    mutating func observe(_ evaluations: [Evaluation])
}

/// A documented hyperparameter: name, default, allowed range, meaning.
public struct HyperparameterSpec: Sendable {
    public var name: String
    public var defaultValue: Double
    public var range: ClosedRange<Double>
    public var integer: Bool
    public var help: String

    public init(_ name: String, default defaultValue: Double, range: ClosedRange<Double>, integer: Bool = false,
                help: String) {
        precondition(range.contains(defaultValue), "default of \(name) outside its range")
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
        self.integer = integer
        self.help = help
    }
}

/// Validated hyperparameter values, defaults filled in.
public struct Hyperparameters: Sendable, Equatable {
    public private(set) var values: [String: Double]

    /// Defaults of `specs`, overridden by `overrides` (`name=value` from the CLI). Unknown names,
    /// non-numbers and out-of-range values are errors naming the agent, the field and what is allowed.
    public init(specs: [HyperparameterSpec], overrides: [String: String] = [:], agent: String) throws {
        var values: [String: Double] = [:]
        for spec in specs { values[spec.name] = spec.defaultValue }
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let known = specs.map(\.name).joined(separator: ", ")
                throw InputError(field: name, "is not a hyperparameter of agent '\(agent)'; known: \(known.isEmpty ? "(none)" : known)")
            }
            guard let value = Double(text), value.isFinite else {
                throw InputError(field: name, "'\(text)' is not a number (agent '\(agent)')")
            }
            guard spec.range.contains(value), !spec.integer || value.rounded() == value else {
                let kind = spec.integer ? "a whole number" : "a number"
                throw InputError(field: name, "\(text) is not allowed for agent '\(agent)'; expected \(kind) in "
                                     + "\(spec.range.lowerBound)...\(spec.range.upperBound)")
            }
            values[name] = value
        }
        self.values = values
    }

    public subscript(_ name: String) -> Double {
        guard let value = values[name] else { preconditionFailure("hyperparameter \(name) was not declared") }
        return value
    }

    public func int(_ name: String) -> Int { Int(self[name]) }
}
