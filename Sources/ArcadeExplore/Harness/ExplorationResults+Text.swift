import ArcadeCore
import Foundation

/// What `arcade explore` and `arcade compare` print: text for people, one JSON document for
/// programs. In the library so the CLI stays a thin shell and tests can check the output.
extension ExplorationResults {
    /// The best design (decoded), its objectives, a sparkline of best-so-far and a table of it at
    /// a few budgets, and the optimiser's overhead.
    public static func text(run: ExplorationRun, parameterNames: [String], objectiveNames: [String],
                            spaceName: String) -> String {
        var out = "space: \(spaceName)   agent: \(run.agent)"
        let settings = describe(run.hyperparameters)
        if !settings.isEmpty { out += " (\(settings))" }
        out += "   seed: \(run.seed)   budget: \(run.budget)\n\n"
        guard let best = run.best else {
            return out + "no feasible design among \(run.evaluations.count) evaluations\n" + footer(run)
        }
        out += "best design (evaluation \(best.index + 1) of \(run.evaluations.count)):\n"
        out += aligned(zip(parameterNames, best.parameters).map { ["  " + $0, $1] }, rightAligned: [false, false])
        out += "objectives:\n"
        out += aligned(zip(objectiveNames, best.objectives).map { ["  " + $0, number($1)] }, rightAligned: [false, true])
        out += bestMetricsText(run: run, best: best)
        let objective = objectiveNames.first ?? "objective"
        out += "\nbest \(objective) so far  \(sparkline(run.bestSoFar, width: 48))\n"
        let checkpoints = Array(Set([0.1, 0.25, 0.5, 1].map { max(1, Int((Double(run.budget) * $0).rounded(.up))) })).sorted()
        out += aligned([["  evaluations", "best"]] + checkpoints.map { ["  " + String($0), number(run.bestAfter(evaluations: $0))] },
                       rightAligned: [true, true])
        return out + "\n" + footer(run)
    }

    /// The best design's other metrics with units (the whole report, not just the objective).
    static func bestMetricsText(run: ExplorationRun, best: EvaluatedPoint) -> String {
        guard let layout = run.layout, layout.metrics.count == best.metrics.count, !best.metrics.isEmpty else { return "" }
        return "its metrics:\n" + aligned(zip(layout.metrics, best.metrics).map { metric, value in
            ["  " + metric.name, number(value) + (metric.unit.isEmpty ? "" : " " + metric.unit)]
        }, rightAligned: [false, true])
    }

    private static func footer(_ run: ExplorationRun) -> String {
        var out = "optimiser overhead \(String(format: "%.4f", run.overheadMillisecondsPerSuggestion)) ms per suggestion; "
            + "evaluation \(String(format: "%.2f", run.evaluationSeconds)) s; \(run.repeats) repeated proposals answered from cache\n"
        if let reason = run.stopReason { out += "note: \(reason)\n" }
        return out
    }

    public static func json(run: ExplorationRun, parameterNames: [String], objectiveNames: [String], spaceName: String) -> String {
        let best = run.best
        let fields: [(String, String)] = [
            ("space", string(spaceName)), ("agent", string(run.agent)),
            ("hyperparameters", object(run.hyperparameters.values.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) })),
            ("seed", String(run.seed)), ("budget", String(run.budget)), ("evaluations", String(run.evaluations.count)),
            ("best", best.map { best in object([
                ("index", String(best.index)),
                ("parameters", object(zip(parameterNames, best.parameters).map { ($0, string($1)) })),
                ("objectives", object(zip(objectiveNames, best.objectives).map { ($0, value($1)) })),
                ("metrics", object(zip(run.layout?.metrics.map(\.name) ?? [], best.metrics).map { ($0, value($1)) })),
            ]) } ?? "null"),
            ("best_so_far", "[" + run.bestSoFar.map(value).joined(separator: ", ") + "]"),
            ("overhead_ms_per_suggestion", value(run.overheadMillisecondsPerSuggestion)),
            ("evaluation_seconds", value(run.evaluationSeconds)),
            ("repeats", String(run.repeats)),
            ("stop_reason", run.stopReason.map(string) ?? "null"),
        ]
        return object(fields, indent: "")
    }

    /// One row per agent: best-found (median over seeds) at each checkpoint, the range at the full
    /// budget, regret, evaluations to within 1%, seeds at the optimum, hypervolume ratio, overhead.
    public static func text(comparison: ComparisonSummary, spaceName: String) -> String {
        let result = comparison
        var out = "space: \(spaceName)   budget: \(result.budget) evaluations × \(result.options.seeds.count) seeds"
            + "   simulated points: \(result.simulatedPoints)\n"
        if let exhaustive = result.exhaustive {
            out += "exhaustive: \(exhaustive.points) points (\(exhaustive.feasiblePoints) feasible) in "
                + "\(String(format: "%.1f", exhaustive.seconds)) s; optimum \(number(result.bestKnown))"
            if let optimum = exhaustive.optimum { out += " at " + zip(result.parameterNames, optimum.parameters).map { "\($0)=\($1)" }.joined(separator: " ") }
            if !exhaustive.paretoFront.isEmpty { out += "; Pareto front \(exhaustive.paretoFront.count) points" }
            out += "\n"
        } else {
            out += "best known (no enumeration): \(number(result.bestKnown))\n"
        }
        out += "best \(result.objectiveNames.first ?? "objective") found: median over seeds [min – max]\n\n"
        let checkpoints = result.agents.first?.bestAtBudget.map(\.evaluations) ?? []
        var header = ["agent"] + checkpoints.map { "best@\($0)" } + ["range@\(result.budget)"]
        if result.optimum != nil { header += ["regret %", "at optimum"] }
        header += ["evals to 1%"]
        if result.objectiveNames.count > 1 { header += ["HV ratio"] }
        header += ["ms/suggestion"]
        var rows = [header]
        for agent in result.agents {
            var row = [agent.name] + agent.bestAtBudget.map { number($0.best.median) }
            row.append("[\(number(agent.best.min)) – \(number(agent.best.max))]")
            if let regret = agent.regretPercent {
                row.append(String(format: "%.2f [%.2f – %.2f]", regret.median, regret.min, regret.max))
                row.append("\(agent.seedsReachedOptimum ?? 0)/\(agent.runs.count)")
            }
            let reached = agent.evaluationsToWithin1Percent.compactMap { $0 }.count
            let median = agent.medianEvaluationsToWithin1Percent
            // A median of "never" still says how many seeds did get there.
            row.append((median.isFinite ? String(format: "%g", median) : ">\(result.budget)") + " (\(reached)/\(agent.runs.count))")
            if result.objectiveNames.count > 1 {
                row.append(agent.hypervolumeRatio.map { String(format: "%.3f [%.3f – %.3f]", $0.median, $0.min, $0.max) } ?? "-")
            }
            row.append(String(format: "%.4f", agent.overheadMillisecondsPerSuggestion))
            rows.append(row)
        }
        out += aligned(rows, rightAligned: [false] + Array(repeating: true, count: header.count - 1), rule: true)
        if result.objectiveNames.count > 1 {
            out += "\nHV ratio: hypervolume of each seed's points over the \(result.exhaustive == nil ? "best known" : "exact") "
                + "front's, in log10 space, reference = front's worst corner + 10% of its range\n"
        }
        return out
    }

    /// `{"space": …, "agents": [{"name", "best" (median over seeds), "regret" (percent, null unless the
    /// optimum is known), "overhead_ms_per_suggestion", …}]}`.
    public static func json(comparison result: ComparisonSummary, spaceName: String) -> String {
        let agents = result.agents.map { agent -> String in
            object([
                ("name", string(agent.name)),
                ("hyperparameters", object(agent.hyperparameters.values.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) })),
                ("best", value(agent.best.median)), ("best_min", value(agent.best.min)), ("best_max", value(agent.best.max)),
                ("best_at", "[" + agent.bestAtBudget.map { object([("evaluations", String($0.evaluations)),
                    ("median", value($0.best.median)), ("min", value($0.best.min)), ("max", value($0.best.max))]) }
                    .joined(separator: ", ") + "]"),
                ("regret", agent.regretPercent.map { value($0.median) } ?? "null"),
                ("regret_min", agent.regretPercent.map { value($0.min) } ?? "null"),
                ("regret_max", agent.regretPercent.map { value($0.max) } ?? "null"),
                ("seeds_at_optimum", agent.seedsReachedOptimum.map(String.init) ?? "null"),
                ("evaluations_to_1pct", value(agent.medianEvaluationsToWithin1Percent)),
                ("seeds_within_1pct", String(agent.evaluationsToWithin1Percent.compactMap { $0 }.count)),
                ("hypervolume_ratio", agent.hypervolumeRatio.map { value($0.median) } ?? "null"),
                ("overhead_ms_per_suggestion", value(agent.overheadMillisecondsPerSuggestion)),
            ])
        }
        return object([
            ("space", string(spaceName)), ("objectives", "[" + result.objectiveNames.map(string).joined(separator: ", ") + "]"),
            ("budget", String(result.budget)), ("seeds", "[" + result.options.seeds.map(String.init).joined(separator: ", ") + "]"),
            ("exhaustive", result.exhaustive == nil ? "false" : "true"), ("optimum", result.optimum.map(value) ?? "null"),
            ("best_known", value(result.bestKnown)), ("simulated_points", String(result.simulatedPoints)),
            ("agents", "[\n    " + agents.joined(separator: ",\n    ") + "\n  ]"),
        ], indent: "")
    }

    /// `phase done/total  rate/s  ETA`, for progress lines on stderr.
    public static func progressLine(_ progress: ComparisonProgress) -> String {
        ProgressLine.format(phase: progress.phase, done: progress.done, total: progress.total, unit: "points",
                            elapsedSeconds: progress.elapsedSeconds)
    }

    /// Eight-level block sparkline of `values` resampled to `width` columns (log scale when all are
    /// positive and span over a factor of 10); blank before the first finite value.
    public static func sparkline(_ values: [Double], width: Int) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        guard !values.isEmpty, width > 0 else { return "" }
        let columns = (0..<min(width, values.count)).map { values[($0 * values.count) / min(width, values.count)] }
        let finite = columns.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: columns.count) }
        let logarithmic = low > 0 && high / low > 10
        func scaled(_ value: Double) -> Double { logarithmic ? log10(value) : value }
        let span = scaled(high) - scaled(low)
        return String(columns.map { value -> Character in
            guard value.isFinite else { return " " }
            let level = span > 0 ? Int(((scaled(value) - scaled(low)) / span * 7).rounded()) : 0
            return blocks[min(max(level, 0), 7)]
        })
    }

    /// Four significant digits, thousands grouping for large values, "-" for non-finite.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if abs(value) >= 1e4 && abs(value) < 1e15 { return ReportRendering.format(.int(Int64(value.rounded()))) }
        return String(format: "%.4g", value)
    }

    static func aligned(_ rows: [[String]], rightAligned: [Bool], rule: Bool = false) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.indices.map { column -> String in
                let pad = String(repeating: " ", count: widths[column] - row[column].count)
                return rightAligned[column] ? pad + row[column] : row[column] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        if rule { lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func string(_ text: String) -> String { ReportRendering.jsonString(text) }
    private static func value(_ number: Double) -> String { ReportRendering.jsonValue(.double(number)) }
    private static func object(_ fields: [(String, String)], indent: String? = nil) -> String {
        guard let indent else { return "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}" }
        return "{\n" + fields.map { "\(indent)  \(string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n\(indent)}"
    }
}
