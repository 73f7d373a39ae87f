import ArcadeCore

/// One unique design point evaluated during a run, as stored in result tables.
public struct EvaluatedPoint: Equatable, Sendable {
    /// 0-based position among the run's unique evaluations (the budget counter).
    public var index: Int
    /// Encoded point (indices into the space's dimensions).
    public var point: [Int]
    /// Decoded parameter values, one per dimension (`PointEvaluator.decode`).
    public var parameters: [String]
    /// Objective values as the evaluator reports them (all minimised); empty when infeasible.
    public var objectives: [Double]
    public var feasible: Bool
    /// Why the point is infeasible (constraint, simulator rejection); nil when feasible.
    public var failure: String?
    /// Every metric of the simulation (`PointEvaluator.metricNames` order); empty when none or failed.
    public var metrics: [Double] = []

    /// First objective, or +∞ when infeasible: what best-so-far curves track.
    public var score: Double { feasible ? (objectives.first ?? .infinity) : .infinity }
}

/// Everything one agent × seed run produced.
public struct ExplorationRun: Sendable {
    public var agent: String
    public var seed: UInt64
    public var hyperparameters: Hyperparameters
    /// The budget the run was given (after capping at the space's size).
    public var budget: Int
    /// Unique evaluations in the order they were spent; `evaluations[i].index == i`.
    public var evaluations: [EvaluatedPoint]
    /// `bestSoFar[i]` = lowest first objective among `evaluations[0...i]` (+∞ while none is feasible).
    public var bestSoFar: [Double]
    /// Points the agent proposed, repeats included (the denominator of overhead per suggestion).
    public var suggestions: Int
    /// Proposals that spent no budget: repeats answered from the run's cache, duplicates within a
    /// batch, and points outside the space (answered as infeasible).
    public var repeats: Int
    /// Wall time inside the agent's `propose`/`observe` only.
    public var optimiserSeconds: Double
    /// Wall time inside the evaluator (zero for points found in a shared cache).
    public var evaluationSeconds: Double
    /// Set when the run ended before spending its budget, e.g. an agent that only repeats itself.
    public var stopReason: String?
    /// The columns of its point table; nil for runs made without an evaluator (text columns then).
    public var layout: PointTableLayout? = nil

    /// The agent's own cost: optimiser milliseconds per proposed point (repeats included).
    public var overheadMillisecondsPerSuggestion: Double {
        suggestions == 0 ? 0 : optimiserSeconds * 1000 / Double(suggestions)
    }

    /// The best feasible evaluation by first objective (earliest on ties), if any.
    public var best: EvaluatedPoint? {
        evaluations.filter(\.feasible).min { ($0.score, $0.index) < ($1.score, $1.index) }
    }

    /// Best-so-far after `count` evaluations (1-based count); the final value when the run stopped early.
    public func bestAfter(evaluations count: Int) -> Double {
        guard !bestSoFar.isEmpty, count > 0 else { return .infinity }
        return bestSoFar[min(count, bestSoFar.count) - 1]
    }
}

/// Evaluation results shared across the runs of one comparison (one evaluator, one simulator
/// version), so a point any agent or the enumeration has simulated is never simulated again.
/// Budget accounting is per run and does not look at this cache.
public final class EvaluationCache {
    private var entries: [[Int]: (evaluation: Evaluation, failure: String?)] = [:]

    public init() {}

    public var count: Int { entries.count }

    public subscript(point: [Int]) -> (evaluation: Evaluation, failure: String?)? {
        get { entries[point] }
        set { entries[point] = newValue }
    }
}

/// The search loop: an agent proposes batches, the evaluator scores the new points, the agent
/// observes the results, until `budget` unique points have been evaluated.
///
/// Fairness rules (the part ArchGym left to each agent): every agent sees the same encoded space;
/// a point proposed again within a run is answered from the run's cache and costs no budget; an
/// agent is stopped after `proposalLimitFactor × budget` proposals so one that only repeats itself
/// cannot loop forever. Optimiser time (inside `propose`/`observe`) is measured separately from
/// evaluation time, so slow simulations do not hide a slow optimiser.
///
/// ```swift
/// let run = try Exploration.run(agent: "random", evaluator: SyntheticEvaluator.toyAccelerator(),
///                               budget: 100, seed: 1)
/// print(run.best?.parameters ?? [], run.bestSoFar.last!)
/// ```
public enum Exploration {
    /// Proposals (repeats included) allowed per unit of budget before a run is stopped.
    public static let proposalLimitFactor = 20

    /// Makes agent `name` from the registry and runs it. Throws `InputError` for an unknown agent
    /// or hyperparameter, or a budget or batch below 1.
    public static func run(agent name: String, evaluator: some PointEvaluator, budget: Int, seed: UInt64,
                           batch: Int = 1, overrides: [String: String] = [:], cache: EvaluationCache? = nil,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> ExplorationRun {
        try validate(budget: budget, batch: batch)
        let budget = min(budget, evaluator.space.cardinality)
        let type = try AgentRegistry.agent(named: name)
        let hyperparameters = try Hyperparameters(specs: type.hyperparameters, overrides: overrides, agent: type.name)
        var agent = try type.init(problem: evaluator.problem(budget: budget), hyperparameters: hyperparameters, seed: seed)
        return run(&agent, name: type.name, hyperparameters: hyperparameters, seed: seed, evaluator: evaluator,
                   budget: budget, batch: batch, cache: cache, progress: progress)
    }

    /// Largest `--batch`: agents build the whole batch in memory before it is evaluated.
    public static let maximumBatch = 100_000

    public static func validate(budget: Int, batch: Int) throws {
        guard budget >= 1 else { throw InputError(field: "--budget", "\(budget) is not allowed; expected at least 1") }
        guard (1...maximumBatch).contains(batch) else {
            throw InputError(field: "--batch", "\(batch) is not allowed; allowed: 1 to \(maximumBatch)")
        }
    }

    /// The budget a run really gets: at most the number of points in the space. `note` says so
    /// when `budget` was capped (the CLI prints it on stderr).
    public static func effectiveBudget(_ budget: Int, space: MultiDiscreteSpace) -> (budget: Int, note: String?) {
        guard !space.cardinalityExceedsInt, budget > space.cardinality else { return (budget, nil) }
        return (space.cardinality, "note: --budget \(budget) is larger than the space (\(space.cardinality) points); "
                + "using \(space.cardinality)")
    }

    /// Proposals allowed before a run is stopped, `proposalLimitFactor × budget`, saturating (a
    /// budget near Int.max on a space of more than 2^63 points must not overflow).
    static func proposalLimit(budget: Int) -> Int {
        let (limit, overflow) = budget.multipliedReportingOverflow(by: proposalLimitFactor)
        return overflow ? Int.max : limit
    }

    /// Runs an already-made agent. `budget` should not exceed the space's cardinality (the
    /// proposal limit ends the run otherwise).
    public static func run(_ agent: inout any SearchAgent, name: String, hyperparameters: Hyperparameters,
                           seed: UInt64, evaluator: some PointEvaluator, budget: Int, batch: Int = 1,
                           cache shared: EvaluationCache? = nil,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) -> ExplorationRun {
        let clock = ContinuousClock()
        var result = ExplorationRun(agent: name, seed: seed, hyperparameters: hyperparameters, budget: budget,
                                    evaluations: [], bestSoFar: [], suggestions: 0, repeats: 0,
                                    optimiserSeconds: 0, evaluationSeconds: 0, stopReason: nil,
                                    layout: PointTableLayout(evaluator: evaluator))
        // Point → index into result.evaluations: answers repeats without spending budget.
        var seen: [[Int]: Int] = [:]
        var best = Double.infinity
        let proposalLimit = proposalLimit(budget: budget)

        while result.evaluations.count < budget {
            guard result.suggestions < proposalLimit else {
                result.stopReason = "stopped after \(result.suggestions) proposals (\(proposalLimitFactor)× budget) "
                    + "with \(result.evaluations.count) unique evaluations"
                break
            }
            let wanted = min(batch, budget - result.evaluations.count)
            var start = clock.now
            let proposed = agent.propose(count: wanted)
            result.optimiserSeconds += seconds(clock.now - start)
            guard !proposed.isEmpty else {
                result.stopReason = "the agent proposed nothing"
                break
            }
            result.suggestions += proposed.count

            // Classify in proposal order; only the prefix that fits in the budget is answered.
            var answered: [(point: [Int], kind: Answer)] = []
            var fresh: [[Int]] = []
            var freshInBatch: [[Int]: Int] = [:]
            for point in proposed {
                if !evaluator.space.contains(point) {
                    answered.append((point, .outside))
                } else if let index = seen[point] {
                    answered.append((point, .known(index)))
                } else if let slot = freshInBatch[point] {
                    answered.append((point, .fresh(slot)))
                } else {
                    guard result.evaluations.count + fresh.count < budget else { break }
                    freshInBatch[point] = fresh.count
                    answered.append((point, .fresh(fresh.count)))
                    fresh.append(point)
                }
            }

            // New points: from the shared cache where possible, the evaluator for the rest.
            var outcomes = fresh.map { shared?[$0] }
            let missing = outcomes.indices.filter { outcomes[$0] == nil }
            if !missing.isEmpty {
                start = clock.now
                let computed = evaluator.evaluate(missing.map { fresh[$0] })
                result.evaluationSeconds += seconds(clock.now - start)
                precondition(computed.count == missing.count, "evaluator returned \(computed.count) results for \(missing.count) points")
                for (slot, outcome) in zip(missing, computed) {
                    outcomes[slot] = outcome
                    shared?[fresh[slot]] = outcome
                }
            }
            let firstNew = result.evaluations.count
            for (slot, point) in fresh.enumerated() {
                let (evaluation, failure) = outcomes[slot]!
                let index = result.evaluations.count
                seen[point] = index
                let entry = EvaluatedPoint(index: index, point: point, parameters: evaluator.decode(point),
                                           objectives: evaluation.feasible ? evaluation.objectives : [],
                                           feasible: evaluation.feasible,
                                           failure: evaluation.feasible ? nil : (failure ?? "infeasible"),
                                           metrics: evaluation.metrics)
                result.evaluations.append(entry)
                best = min(best, entry.score)
                result.bestSoFar.append(best)
            }

            let observations: [Evaluation] = answered.map { point, kind in
                switch kind {
                case .outside:
                    return Evaluation(point: point, objectives: [], feasible: false)
                case .known(let index):
                    return observation(result.evaluations[index], point)
                case .fresh(let slot):
                    return observation(result.evaluations[firstNew + slot], point)
                }
            }
            result.repeats += answered.count - fresh.count
            start = clock.now
            agent.observe(observations)
            result.optimiserSeconds += seconds(clock.now - start)
            if !fresh.isEmpty { progress?(result.evaluations.count, budget) }
        }
        return result
    }

    private static func observation(_ entry: EvaluatedPoint, _ point: [Int]) -> Evaluation {
        Evaluation(point: point, objectives: entry.objectives, feasible: entry.feasible)
    }

    private enum Answer {
        case outside
        case known(Int)
        case fresh(Int)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
