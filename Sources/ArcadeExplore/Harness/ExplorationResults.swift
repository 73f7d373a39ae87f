import ArcadeCore

/// Turns explorations and comparisons into `SimulationReport`s, so `ResultFile.write` stores them
/// as one HDF5 file of pandas-readable tables, like every simulation.
///
/// `explore` files: tables `evaluations` (index, one string column per parameter, one per objective,
/// feasible, failure) and `trajectory` (index, best_so_far: best first objective after evaluation
/// `index`). `compare` files: `summary` (one row per agent), `evaluations` and `trajectories` with
/// agent and seed columns, and `pareto_front` when the space has several objectives. Attributes hold
/// the space's full definition text, the agents with their hyperparameters, the seeds and the budget.
/// Infeasible points have NaN objectives; a best-so-far before the first feasible point is +inf.
public enum ExplorationResults {
    /// Report family, stored as the file's `family` attribute.
    public static let exploreFamily = "explore"
    public static let compareFamily = "compare"

    public static func report(run: ExplorationRun, parameterNames: [String], objectiveNames: [String],
                              spaceName: String, spaceText: String, batch: Int = 1) -> SimulationReport {
        let names = columnNames(parameters: parameterNames, objectives: objectiveNames)
        let layout = run.layout ?? textLayout(parameterNames: parameterNames, objectiveNames: objectiveNames)
        let evaluations = ResultTable(name: "evaluations", columns: [
            ResultColumn("index", .int(run.evaluations.map { Int64($0.index) })),
        ] + pointColumns(run.evaluations, names: names, layout: layout))
        let trajectory = ResultTable(name: "trajectory", columns: [
            ResultColumn("index", .int(run.bestSoFar.indices.map(Int64.init))),
            ResultColumn("best_so_far", .double(run.bestSoFar), unit: layout.objectives.first?.unit ?? ""),
        ])
        let best = run.best
        var totals: [(key: String, value: ResultValue)] = [
            ("budget", .int(Int64(run.budget))),
            ("evaluations", .int(Int64(run.evaluations.count))),
            ("suggestions", .int(Int64(run.suggestions))),
            ("repeats", .int(Int64(run.repeats))),
            ("feasible_evaluations", .int(Int64(run.evaluations.filter(\.feasible).count))),
            ("best_index", .int(Int64(best?.index ?? -1))),
        ]
        for (name, value) in zip(objectiveNames, best?.objectives ?? objectiveNames.map { _ in .nan }) {
            totals.append(("best_\(name)", .double(value)))
        }
        totals += [
            ("optimiser_ms_per_suggestion", .double(run.overheadMillisecondsPerSuggestion)),
            ("optimiser_seconds", .double(run.optimiserSeconds)),
            ("evaluation_seconds", .double(run.evaluationSeconds)),
        ]
        var attributes: [(key: String, value: ResultValue)] = [
            ("space_name", .string(spaceName)), ("space", .string(spaceText)), ("agent", .string(run.agent)),
            ("hyperparameters", .string(describe(run.hyperparameters))), ("seed", seedValue(run.seed)),
            ("budget", .int(Int64(run.budget))), ("batch", .int(Int64(batch))),
            ("objectives", .string(objectiveNames.joined(separator: ","))),
            (PointTableLayout.attributeName, .string(layout.json)),
        ]
        if let reason = run.stopReason { attributes.append(("stop_reason", .string(reason))) }
        return SimulationReport(family: exploreFamily, totals: totals, tables: [evaluations, trajectory],
                                attributes: attributes, totalUnits: bestUnits(layout),
                                groups: [hyperparameterGroup(run.hyperparameters, name: "hyperparameters")])
    }

    public static func report(comparison: ComparisonSummary, spaceName: String, spaceText: String) -> SimulationReport {
        let names = columnNames(parameters: comparison.parameterNames, objectives: comparison.objectiveNames)
        let layout = comparison.layout
        var evaluations: [(agent: String, seed: UInt64, entry: EvaluatedPoint)] = []
        var trajectories: [(agent: String, seed: UInt64, index: Int, best: Double)] = []
        for agent in comparison.agents {
            for run in agent.runs {
                evaluations += run.evaluations.map { (agent.name, run.seed, $0) }
                trajectories += run.bestSoFar.enumerated().map { (agent.name, run.seed, $0.offset, $0.element) }
            }
        }
        var tables = [
            summaryTable(comparison),
            ResultTable(name: "evaluations", columns: [
                ResultColumn("agent", .string(evaluations.map(\.agent))),
                ResultColumn("seed", .int(evaluations.map { Int64(bitPattern: $0.seed) })),
                ResultColumn("index", .int(evaluations.map { Int64($0.entry.index) })),
            ] + pointColumns(evaluations.map(\.entry), names: names, layout: layout)),
            ResultTable(name: "trajectories", columns: [
                ResultColumn("agent", .string(trajectories.map(\.agent))),
                ResultColumn("seed", .int(trajectories.map { Int64(bitPattern: $0.seed) })),
                ResultColumn("index", .int(trajectories.map { Int64($0.index) })),
                ResultColumn("best", .double(trajectories.map(\.best)), unit: layout.objectives.first?.unit ?? ""),
            ]),
        ]
        if let exhaustive = comparison.exhaustive, !exhaustive.all.isEmpty {
            tables.append(ResultTable(name: "exhaustive", columns: [
                ResultColumn("rank", .int(exhaustive.all.map { Int64($0.index) })),
            ] + pointColumns(exhaustive.all, names: names, layout: layout)))
        }
        let front = frontPoints(comparison)
        if comparison.objectiveNames.count > 1 {
            tables.append(ResultTable(name: "pareto_front", columns: [
                ResultColumn("source", .string(front.map { _ in comparison.exhaustive == nil ? "best_known" : "exact" })),
            ] + pointColumns(front, names: names, layout: layout).filter { $0.name != "feasible" && $0.name != "failure" }))
        }
        var totals: [(key: String, value: ResultValue)] = [
            ("budget", .int(Int64(comparison.budget))),
            ("seeds", .int(Int64(comparison.options.seeds.count))),
            ("simulated_points", .int(Int64(comparison.simulatedPoints))),
            ("best_known", .double(comparison.bestKnown)),
        ]
        if let exhaustive = comparison.exhaustive {
            totals += [("optimum", .double(exhaustive.optimum?.score ?? .nan)),
                       ("space_points", .int(Int64(exhaustive.points))),
                       ("feasible_points", .int(Int64(exhaustive.feasiblePoints))),
                       ("pareto_points", .int(Int64(exhaustive.paretoFront.count)))]
        }
        let agents = comparison.agents.map { "\($0.name)(\(describe($0.hyperparameters)))" }.joined(separator: "; ")
        let attributes: [(key: String, value: ResultValue)] = [
            ("space_name", .string(spaceName)), ("space", .string(spaceText)), ("agents", .string(agents)),
            ("seeds", .string(comparison.options.seeds.map(String.init).joined(separator: ","))),
            ("budget", .int(Int64(comparison.budget))), ("batch", .int(Int64(comparison.options.batch))),
            ("exhaustive", .bool(comparison.exhaustive != nil)),
            ("objectives", .string(comparison.objectiveNames.joined(separator: ","))),
            ("hypervolume", .string("log10 space, reference = reference front's worst corner + 10% of its range")),
            (PointTableLayout.attributeName, .string(layout.json)),
        ]
        var groups: [ResultGroup] = []
        var seenAgents = Set<String>()
        for agent in comparison.agents where seenAgents.insert(agent.name).inserted {
            groups.append(hyperparameterGroup(agent.hyperparameters, name: "hyperparameters_\(agent.name)"))
        }
        return SimulationReport(family: compareFamily, totals: totals, tables: tables, attributes: attributes,
                                totalUnits: ["best_known": layout.objectives.first?.unit ?? "",
                                             "optimum": layout.objectives.first?.unit ?? ""],
                                groups: groups)
    }

    /// One row per agent: the metrics `AgentSummary` holds, flattened to columns.
    public static func summaryTable(_ comparison: ComparisonSummary) -> ResultTable {
        let agents = comparison.agents
        var columns = [ResultColumn("agent", .string(agents.map(\.name))),
                       ResultColumn("hyperparameters", .string(agents.map { describe($0.hyperparameters) }))]
        func spread(_ prefix: String, _ values: [Spread?]) {
            columns.append(ResultColumn("\(prefix)_median", .double(values.map { $0?.median ?? .nan })))
            columns.append(ResultColumn("\(prefix)_min", .double(values.map { $0?.min ?? .nan })))
            columns.append(ResultColumn("\(prefix)_max", .double(values.map { $0?.max ?? .nan })))
        }
        spread("best", agents.map(\.best))
        for (position, checkpoint) in (agents.first?.bestAtBudget ?? []).enumerated() {
            spread("best_at_\(checkpoint.evaluations)", agents.map { $0.bestAtBudget[position].best })
        }
        if comparison.optimum != nil {
            spread("regret_pct", agents.map(\.regretPercent))
            columns.append(ResultColumn("seeds_at_optimum", .int(agents.map { Int64($0.seedsReachedOptimum ?? 0) })))
        }
        columns.append(ResultColumn("evals_to_1pct_median", .double(agents.map(\.medianEvaluationsToWithin1Percent))))
        columns.append(ResultColumn("seeds_within_1pct", .int(agents.map { Int64($0.evaluationsToWithin1Percent.compactMap { $0 }.count) })))
        if comparison.objectiveNames.count > 1 { spread("hypervolume_ratio", agents.map(\.hypervolumeRatio)) }
        columns.append(ResultColumn("overhead_ms_per_suggestion", .double(agents.map(\.overheadMillisecondsPerSuggestion))))
        columns.append(ResultColumn("repeats", .int(agents.map { Int64($0.runs.map(\.repeats).reduce(0, +)) })))
        return ResultTable(name: "summary", columns: columns)
    }

    /// The exact front when enumerated, else the non-dominated points among everything found
    /// (each design once).
    public static func frontPoints(_ comparison: ComparisonSummary) -> [EvaluatedPoint] {
        if let exhaustive = comparison.exhaustive { return exhaustive.paretoFront }
        guard comparison.objectiveNames.count > 1 else { return [] }
        var seen: Set<[Int]> = []
        let found = comparison.agents.flatMap(\.runs).flatMap(\.evaluations).filter { $0.feasible && seen.insert($0.point).inserted }
        return Pareto.nonDominated(found.map(\.objectives)).map { found[$0] }
    }

    /// `name=value, …` in name order.
    public static func describe(_ hyperparameters: Hyperparameters) -> String {
        hyperparameters.values.sorted { $0.key < $1.key }.map { name, value in
            "\(name)=\(value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value))"
        }.joined(separator: ", ")
    }

    /// Column names for parameters and objectives, prefixed when they would collide with the
    /// harness's own columns (a parameter called `index` becomes `param_index`).
    static func columnNames(parameters: [String], objectives: [String]) -> (parameters: [String], objectives: [String]) {
        let reserved: Set<String> = ["agent", "seed", "index", "feasible", "failure", "source", "best"]
        let parameterColumns = parameters.map { reserved.contains($0) ? "param_\($0)" : $0 }
        let taken = reserved.union(parameterColumns)
        return (parameterColumns, objectives.map { taken.contains($0) ? "objective_\($0)" : $0 })
    }

    static func pointColumns(_ entries: [EvaluatedPoint], names: (parameters: [String], objectives: [String]),
                             layout: PointTableLayout) -> [ResultColumn] {
        layout.parameterColumns(entries.map(\.parameters), names: names.parameters)
            + layout.outcomeColumns(objectives: entries.map { $0.feasible ? $0.objectives : [] },
                                    metrics: entries.map { $0.feasible ? $0.metrics : [] },
                                    feasible: entries.map(\.feasible), failures: entries.map { $0.failure ?? "" },
                                    objectiveNames: names.objectives)
    }

    /// A layout of text parameters and unitless objectives, for runs made without an evaluator.
    static func textLayout(parameterNames: [String], objectiveNames: [String]) -> PointTableLayout {
        PointTableLayout(parameters: parameterNames.map { .init(name: $0, kind: .text, values: []) },
                         objectives: objectiveNames.map { .init(name: $0, unit: "") }, metrics: [])
    }

    /// Units of the `best_<objective>` totals.
    static func bestUnits(_ layout: PointTableLayout) -> [String: String] {
        Dictionary(layout.objectives.map { ("best_\($0.name)", $0.unit) }, uniquingKeysWith: { first, _ in first })
            .merging(["optimiser_ms_per_suggestion": "ms", "optimiser_seconds": "s", "evaluation_seconds": "s"]) { $1 }
    }

    /// A seed as an HDF5 integer (a seed above Int64.max as its decimal text).
    static func seedValue(_ seed: UInt64) -> ResultValue {
        seed <= UInt64(Int64.max) ? .int(Int64(seed)) : .string(String(seed))
    }

    /// An agent's hyperparameters as typed attributes: integers where whole, floats otherwise.
    static func hyperparameterGroup(_ hyperparameters: Hyperparameters, name: String) -> ResultGroup {
        ResultGroup(name: name, attributes: hyperparameters.values.sorted { $0.key < $1.key }.map { key, value in
            ResultAttribute(key, value.rounded() == value && abs(value) < 1e15 ? .int(Int64(value)) : .double(value))
        })
    }
}
