import ArcadeCore
import Foundation

/// What `Comparison.run` does: every agent on every seed, same budget, same evaluator.
public struct ComparisonOptions: Sendable {
    public var agents: [String]
    public var seeds: [UInt64]
    public var budget: Int
    /// Points proposed per step (evaluated together, in parallel when the evaluator can).
    public var batch: Int
    /// Hyperparameter overrides per agent name (`--set ga.population=32` → ["ga": ["population": "32"]]).
    public var overrides: [String: [String: String]]
    /// Enumerate the whole space first, giving the exact optimum and Pareto front.
    public var exhaustive: Bool
    /// Budgets, as fractions of `budget`, at which best-found is summarised.
    public var budgetFractions: [Double]

    public init(agents: [String], seeds: [UInt64], budget: Int, batch: Int = 1,
                overrides: [String: [String: String]] = [:], exhaustive: Bool = false,
                budgetFractions: [Double] = [0.1, 0.25, 0.5, 1.0]) {
        self.agents = agents
        self.seeds = seeds
        self.budget = budget
        self.batch = batch
        self.overrides = overrides
        self.exhaustive = exhaustive
        self.budgetFractions = budgetFractions
    }
}

/// Where a comparison is, for progress lines: `phase` is "enumerate" or "search".
public struct ComparisonProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
    public var elapsedSeconds: Double

    public init(phase: String, done: Int, total: Int, elapsedSeconds: Double) {
        self.phase = phase
        self.done = done
        self.total = total
        self.elapsedSeconds = elapsedSeconds
    }
}

/// The whole space, evaluated: the exact optimum and (multi-objective) the exact Pareto front.
public struct ExhaustiveResult: Sendable {
    public var points: Int
    public var feasiblePoints: Int
    /// Lowest first objective; its `index` is the point's rank in the space.
    public var optimum: EvaluatedPoint?
    /// Every feasible point no other dominates (empty for single-objective spaces); `index` = rank.
    public var paretoFront: [EvaluatedPoint]
    public var seconds: Double
    /// Every point of the space in rank order (`index` = rank), failures with their reason.
    public var all: [EvaluatedPoint] = []
}

/// Runs agents × seeds on one evaluator and summarises them (see `AgentSummary`).
///
/// Every run gets the same `SearchProblem` from the same evaluator, so every agent searches the
/// same encoded space with the same budget: the fairness ArchGym's per-agent encodings lacked.
/// One `EvaluationCache` is shared by the enumeration and all runs, so no point is simulated twice
/// in a comparison, while each run still spends its own budget on every point new to it.
public enum Comparison {
    /// Largest space `exhaustive` will enumerate.
    public static let exhaustiveLimit = 100_000
    /// Most seeds per agent: every run is kept in memory for the summary.
    public static let maximumSeeds = 10_000
    /// Points handed to the evaluator per call during enumeration (it parallelises inside a call).
    static let enumerationChunk = 256

    public static func run(evaluator: some PointEvaluator, options: ComparisonOptions,
                           progress: ((ComparisonProgress) -> Void)? = nil) throws -> ComparisonSummary {
        try validate(options, evaluator: evaluator)
        let clock = ContinuousClock()
        let started = clock.now
        let cache = EvaluationCache()
        var exhaustive: ExhaustiveResult? = nil
        if options.exhaustive {
            exhaustive = enumerate(evaluator: evaluator, cache: cache) { done, total in
                progress?(ComparisonProgress(phase: "enumerate", done: done, total: total,
                                             elapsedSeconds: Exploration.seconds(clock.now - started)))
            }
        }
        let budget = min(options.budget, evaluator.space.cardinality)
        let runCount = options.agents.count.multipliedReportingOverflow(by: options.seeds.count)
        let product = budget.multipliedReportingOverflow(by: runCount.partialValue)
        let total = runCount.overflow || product.overflow ? Int.max : product.partialValue
        var finished = 0
        var runs: [[ExplorationRun]] = []
        let searchStarted = clock.now
        for agent in options.agents {
            var agentRuns: [ExplorationRun] = []
            for seed in options.seeds {
                let base = finished
                let run = try Exploration.run(agent: agent, evaluator: evaluator, budget: budget, seed: seed,
                                              batch: options.batch, overrides: options.overrides[agent] ?? [:],
                                              cache: cache) { done, _ in
                    progress?(ComparisonProgress(phase: "search", done: base + done, total: total,
                                                 elapsedSeconds: Exploration.seconds(clock.now - searchStarted)))
                }
                finished = finished.addingReportingOverflow(budget).overflow ? Int.max : finished + budget
                agentRuns.append(run)
            }
            runs.append(agentRuns)
        }
        return ComparisonSummary(options: options, budget: budget, objectiveNames: evaluator.objectiveNames,
                                parameterNames: evaluator.parameterNames, layout: PointTableLayout(evaluator: evaluator),
                                exhaustive: exhaustive, runs: runs,
                                simulatedPoints: cache.count)
    }

    /// Rejects bad input before anything is simulated: no agents or seeds, unknown agents or
    /// hyperparameters, overrides for agents not in the comparison, a space too big to enumerate.
    public static func validate(_ options: ComparisonOptions, evaluator: some PointEvaluator) throws {
        try Exploration.validate(budget: options.budget, batch: options.batch)
        guard !options.agents.isEmpty else { throw InputError(field: "--agents", "name at least one agent") }
        guard !options.seeds.isEmpty else { throw InputError(field: "--seeds", "expected at least 1 seed") }
        guard options.seeds.count <= maximumSeeds else {
            throw InputError(field: "--seeds", "\(options.seeds.count) seeds is too many; allowed: 1 to \(maximumSeeds)")
        }
        for agent in options.agents {
            let type = try AgentRegistry.agent(named: agent)
            _ = try Hyperparameters(specs: type.hyperparameters, overrides: options.overrides[agent] ?? [:], agent: type.name)
        }
        for agent in options.overrides.keys where !options.agents.contains(agent) {
            throw InputError(field: "--set", "'\(agent).…' names an agent that is not compared; compared: "
                                 + options.agents.joined(separator: ", "))
        }
        let points = evaluator.space.cardinality
        if options.exhaustive && points > exhaustiveLimit {
            throw InputError(field: "--exhaustive", "the space has \(points == Int.max ? "over 2^63" : String(points)) "
                                 + "points; enumeration is limited to \(exhaustiveLimit)")
        }
    }

    /// Evaluates every point of the space in rank order, in chunks, filling `cache`.
    public static func enumerate(evaluator: some PointEvaluator, cache: EvaluationCache = EvaluationCache(),
                                 progress: ((_ done: Int, _ total: Int) -> Void)? = nil) -> ExhaustiveResult {
        let clock = ContinuousClock()
        let started = clock.now
        let space = evaluator.space
        let total = space.cardinality
        var optimum: (rank: Int, evaluation: Evaluation)? = nil
        var feasible: [(rank: Int, objectives: [Double])] = []
        var done = 0
        var all: [EvaluatedPoint] = []
        all.reserveCapacity(total)
        while done < total {
            let ranks = done..<min(done + enumerationChunk, total)
            let points = ranks.map { space.point(rank: $0) }
            let missing = points.indices.filter { cache[points[$0]] == nil }
            let computed = evaluator.evaluate(missing.map { points[$0] })
            for (slot, outcome) in zip(missing, computed) { cache[points[slot]] = outcome }
            for (rank, point) in zip(ranks, points) {
                let (evaluation, failure) = cache[point]!
                all.append(EvaluatedPoint(index: rank, point: point, parameters: evaluator.decode(point),
                                          objectives: evaluation.feasible ? evaluation.objectives : [],
                                          feasible: evaluation.feasible,
                                          failure: evaluation.feasible ? nil : (failure ?? "infeasible"),
                                          metrics: evaluation.metrics))
                guard evaluation.feasible else { continue }
                feasible.append((rank, evaluation.objectives))
                // Ties keep the lowest rank, so the optimum is deterministic.
                if optimum == nil || evaluation.score < optimum!.evaluation.score { optimum = (rank, evaluation) }
            }
            done = ranks.upperBound
            progress?(done, total)
        }
        // `all` is in rank order with every rank present, so a rank is its position.
        func entry(_ rank: Int, _ objectives: [Double]) -> EvaluatedPoint { all[rank] }
        var front: [EvaluatedPoint] = []
        if evaluator.objectiveNames.count > 1 {
            front = Pareto.nonDominated(feasible.map(\.objectives)).map { entry(feasible[$0].rank, feasible[$0].objectives) }
        }
        return ExhaustiveResult(points: total, feasiblePoints: feasible.count,
                                optimum: optimum.map { entry($0.rank, $0.evaluation.objectives) },
                                paretoFront: front, seconds: Exploration.seconds(clock.now - started), all: all)
    }

    /// Parses `--set agent.key=value` settings for a comparison. A bare `key=value` applies to every
    /// compared agent that declares `key` (and is an error when none does).
    public static func parseSettings(_ settings: [String], agents: [String]) throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for setting in settings {
            let (key, value) = try splitSetting(setting)
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                result[parts[0].lowercased(), default: [:]][parts[1]] = value
            } else {
                let takers = try agents.filter { try AgentRegistry.agent(named: $0).hyperparameters.contains { $0.name == key } }
                guard !takers.isEmpty else {
                    throw InputError(field: "--set", "no compared agent has a hyperparameter '\(key)'; write agent.\(key)=value")
                }
                for agent in takers { result[agent, default: [:]][key] = value }
            }
        }
        return result
    }

    /// Parses `--set key=value` (or `agent.key=value` naming `agent`) for a single-agent run.
    public static func parseSettings(_ settings: [String], agent: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for setting in settings {
            var (key, value) = try splitSetting(setting)
            if key.lowercased().hasPrefix(agent.lowercased() + ".") { key.removeFirst(agent.count + 1) }
            result[key] = value
        }
        return result
    }

    private static func splitSetting(_ setting: String) throws -> (String, String) {
        guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
            throw InputError(field: "--set", "'\(setting)' is not key=value (e.g. --set ga.population=32)")
        }
        return (String(setting[..<equals]).trimmingCharacters(in: .whitespaces),
                String(setting[setting.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
    }
}
