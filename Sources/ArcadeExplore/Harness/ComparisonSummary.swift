/// Median and range of one metric over seeds.
public struct Spread: Equatable, Sendable {
    public var median: Double
    public var min: Double
    public var max: Double

    public init(median: Double, min: Double, max: Double) {
        self.median = median
        self.min = min
        self.max = max
    }

    /// Median of `values` (mean of the two middle ones for an even count; +∞ values sort last,
    /// so "never reached" counts as worse than any number). Nil for no values.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = sorted.first!
        max = sorted.last!
    }
}

/// Per-agent metrics of a comparison, each over the agent's seeds.
public struct AgentSummary: Sendable {
    public var name: String
    public var hyperparameters: Hyperparameters
    public var runs: [ExplorationRun]
    /// Best first objective after `evaluations` evaluations, at each of the comparison's budget fractions.
    public var bestAtBudget: [(evaluations: Int, best: Spread)]
    /// Best first objective at the full budget.
    public var best: Spread
    /// Relative regret at the full budget, in percent of |optimum|; nil unless the optimum is known exactly.
    public var regretPercent: Spread?
    /// Per seed, evaluations (1-based count) until best-so-far came within 1% of the best known value;
    /// nil for a seed that never did.
    public var evaluationsToWithin1Percent: [Int?]
    /// Seeds whose best equals the exact optimum; nil unless the optimum is known.
    public var seedsReachedOptimum: Int?
    /// Hypervolume of each seed's found points over the reference front's (log space); multi-objective only.
    public var hypervolumeRatio: Spread?
    /// Median over seeds of optimiser milliseconds per proposed point.
    public var overheadMillisecondsPerSuggestion: Double

    /// Median of `evaluationsToWithin1Percent`, a seed that never got there counting as +∞.
    public var medianEvaluationsToWithin1Percent: Double {
        Spread(evaluationsToWithin1Percent.map { $0.map(Double.init) ?? .infinity })?.median ?? .infinity
    }
}

/// Everything `Comparison.run` found, plus the summaries the table, JSON, HDF5 and plots show.
public struct ComparisonSummary: Sendable {
    public var options: ComparisonOptions
    /// The per-run budget actually used (capped at the space's size).
    public var budget: Int
    public var objectiveNames: [String]
    public var parameterNames: [String]
    /// The columns of every point table (typed parameters, objectives and metrics with units).
    public var layout: PointTableLayout
    public var exhaustive: ExhaustiveResult?
    /// Lowest first objective anyone found (the exact optimum when enumerated).
    public var bestKnown: Double
    /// The exact Pareto front when enumerated, else the non-dominated union of every run's points
    /// (the best known front); empty for single-objective spaces.
    public var referenceFront: [[Double]]
    public var agents: [AgentSummary]
    /// Distinct points the evaluator was asked to score during the whole comparison.
    public var simulatedPoints: Int

    /// The exact optimum's first objective, when the space was enumerated.
    public var optimum: Double? { exhaustive.map { $0.optimum?.score ?? .infinity } }

    public init(options: ComparisonOptions, budget: Int, objectiveNames: [String], parameterNames: [String],
                layout: PointTableLayout? = nil,
                exhaustive: ExhaustiveResult?, runs: [[ExplorationRun]], simulatedPoints: Int) {
        self.options = options
        self.budget = budget
        self.objectiveNames = objectiveNames
        self.parameterNames = parameterNames
        self.layout = layout ?? PointTableLayout(
            parameters: parameterNames.map { PointTableLayout.Parameter(name: $0, kind: .text, values: []) },
            objectives: objectiveNames.map { PointTableLayout.Metric(name: $0, unit: "") }, metrics: [])
        self.exhaustive = exhaustive
        self.simulatedPoints = simulatedPoints
        let allRuns = runs.flatMap { $0 }
        let found = allRuns.map { $0.bestSoFar.last ?? .infinity }.min() ?? .infinity
        bestKnown = exhaustive?.optimum?.score ?? found
        if objectiveNames.count > 1 {
            if let exhaustive {
                referenceFront = exhaustive.paretoFront.map(\.objectives)
            } else {
                let points = allRuns.flatMap { $0.evaluations.filter(\.feasible).map(\.objectives) }
                referenceFront = Pareto.nonDominated(points).map { points[$0] }
            }
        } else {
            referenceFront = []
        }
        let optimum = exhaustive?.optimum?.score
        agents = zip(options.agents, runs).map { [bestKnown, referenceFront] name, runs in
            ComparisonSummary.summarise(name: name, runs: runs, budget: budget, fractions: options.budgetFractions,
                                       bestKnown: bestKnown, optimum: optimum, referenceFront: referenceFront)
        }
    }

    static func summarise(name: String, runs: [ExplorationRun], budget: Int, fractions: [Double], bestKnown: Double,
                          optimum: Double?, referenceFront: [[Double]]) -> AgentSummary {
        let checkpoints = Array(Set(fractions.map { Swift.max(1, Int((Double(budget) * $0).rounded(.up))) })).sorted()
        let bestAtBudget = checkpoints.map { count in (count, Spread(runs.map { $0.bestAfter(evaluations: count) })!) }
        let finals = runs.map { $0.bestAfter(evaluations: budget) }
        var hypervolume: Spread? = nil
        if !referenceFront.isEmpty {
            hypervolume = Spread(runs.compactMap { run in
                Pareto.hypervolumeRatio(found: run.evaluations.filter(\.feasible).map(\.objectives),
                                        referenceFront: referenceFront)
            })
        }
        return AgentSummary(
            name: runs.first?.agent ?? name, hyperparameters: runs.first!.hyperparameters, runs: runs,
            bestAtBudget: bestAtBudget, best: Spread(finals)!,
            regretPercent: optimum.flatMap { optimum in Spread(finals.map { ExplorationMetrics.regretPercent(best: $0, optimum: optimum) }) },
            evaluationsToWithin1Percent: runs.map { ExplorationMetrics.evaluationsToReach(bestKnown, within: 0.01, trajectory: $0.bestSoFar) },
            seedsReachedOptimum: optimum.map { optimum in finals.filter { ExplorationMetrics.reached(optimum, best: $0) }.count },
            hypervolumeRatio: hypervolume,
            overheadMillisecondsPerSuggestion: Spread(runs.map(\.overheadMillisecondsPerSuggestion))?.median ?? 0)
    }
}

/// The comparison metrics as pure functions of trajectories, so they can be checked by hand.
public enum ExplorationMetrics {
    /// (best − optimum) / |optimum| × 100; absolute difference × 100 when the optimum is 0;
    /// +∞ when nothing feasible was found.
    public static func regretPercent(best: Double, optimum: Double) -> Double {
        guard best.isFinite else { return .infinity }
        if reached(optimum, best: best) { return 0 }
        return (best - optimum) / (optimum == 0 ? 1 : abs(optimum)) * 100
    }

    /// Whether `best` equals `target` up to floating-point noise (1e-12 relative).
    public static func reached(_ target: Double, best: Double) -> Bool {
        best <= target + 1e-12 * Swift.max(abs(target), 1e-300)
    }

    /// The 1-based number of evaluations after which `trajectory` (best-so-far) first came within
    /// `fraction` (relative, of |target|) of `target`; nil if it never did.
    public static func evaluationsToReach(_ target: Double, within fraction: Double, trajectory: [Double]) -> Int? {
        guard target.isFinite else { return nil }
        let threshold = target + fraction * abs(target)
        return trajectory.firstIndex { $0 <= threshold }.map { $0 + 1 }
    }
}
