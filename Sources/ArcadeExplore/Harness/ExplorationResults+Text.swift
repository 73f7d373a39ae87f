import ArcadeCore
import Foundation

/// What `arcade explore` and `arcade compare` print: text for people, one JSON document for
/// programs. In the library so the CLI stays a thin shell and tests can check the output.
extension ExplorationResults {
    /// The best design (decoded), its objectives and metrics with units, a sparkline of best-so-far
    /// and a table of it at a few budgets, and the optimiser's overhead; lines fitted to `width`
    /// (nil: as long as they are).
    public static func text(run: ExplorationRun, parameterNames: [String], objectiveNames: [String],
                            spaceName: String, width: Int? = TextTable.defaultWidth) -> String {
        var agent = "agent: \(run.agent)"
        let settings = describe(run.hyperparameters)
        if !settings.isEmpty { agent += " (\(settings))" }
        var out = TextTable.pack(["space: \(spaceName)", agent, "seed: \(run.seed)", "budget: \(NumberText.integer(run.budget))"],
                                 width: width).joined(separator: "\n") + "\n\n"
        guard let best = run.best else {
            return out + "no feasible design among \(run.evaluations.count) evaluations\n" + footer(run)
        }
        out += "best design (evaluation \(best.index + 1) of \(run.evaluations.count)):\n"
        out += aligned(zip(parameterNames, best.parameters).map { ["  " + $0, $1] }, rightAligned: [false, false])
        out += "objectives:\n"
        let units = run.layout?.objectives.map(\.unit) ?? []
        out += aligned(objectiveNames.indices.map { index in
            ["  " + objectiveNames[index], number(best.objectives[index]), index < units.count ? units[index] : ""]
        }, rightAligned: [false, true, false])
        out += bestMetricsText(run: run, best: best)
        let objective = objectiveNames.first ?? "objective"
        let unit = units.first ?? ""
        out += "\nbest \(objective) so far  \(sparkline(run.bestSoFar, width: 48))\n"
        let checkpoints = Array(Set([0.1, 0.25, 0.5, 1].map { max(1, Int((Double(run.budget) * $0).rounded(.up))) })).sorted()
        out += aligned([["  evaluations", unit.isEmpty ? "best" : "best (\(unit))"]]
                       + checkpoints.map { ["  " + NumberText.integer($0), number(run.bestAfter(evaluations: $0))] },
                       rightAligned: [true, true])
        return out + "\n" + footer(run)
    }

    /// The best design's other metrics with units (the whole report, not just the objective).
    static func bestMetricsText(run: ExplorationRun, best: EvaluatedPoint) -> String {
        guard let layout = run.layout, layout.metrics.count == best.metrics.count, !best.metrics.isEmpty else { return "" }
        return "its metrics:\n" + aligned(zip(layout.metrics, best.metrics).map { metric, value in
            ["  " + metric.name, number(value), metric.unit]
        }, rightAligned: [false, true, false])
    }

    private static func footer(_ run: ExplorationRun) -> String {
        var out = "optimiser overhead \(NumberText.real(run.overheadMillisecondsPerSuggestion, significantDigits: 3)) ms per suggestion; "
            + "evaluation \(NumberText.real(run.evaluationSeconds, significantDigits: 3)) s; "
            + "\(NumberText.integer(run.repeats)) repeated proposals answered from cache\n"
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
    /// The agents' table is a `TextTable` fitted to `width` (nil: every column).
    public static func text(comparison: ComparisonSummary, spaceName: String, width: Int? = TextTable.defaultWidth) -> String {
        let result = comparison
        let unit = result.layout.objectives.first?.unit ?? ""
        var out = TextTable.pack(["space: \(spaceName)",
                                  "budget: \(NumberText.integer(result.budget)) evaluations × \(result.options.seeds.count) seeds",
                                  "simulated points: \(NumberText.integer(result.simulatedPoints))"], width: width)
            .joined(separator: "\n") + "\n"
        if let exhaustive = result.exhaustive {
            var words = ["exhaustive: \(NumberText.integer(exhaustive.points)) points (\(NumberText.integer(exhaustive.feasiblePoints)) "
                         + "feasible) in \(NumberText.real(exhaustive.seconds, significantDigits: 3)) s; optimum "
                         + NumberText.withUnit(number(result.bestKnown), unit)]
            if let optimum = exhaustive.optimum { words += ["at"] + zip(result.parameterNames, optimum.parameters).map { "\($0)=\($1)" } }
            if !exhaustive.paretoFront.isEmpty { words[words.count - 1] += ";"; words.append("Pareto front \(exhaustive.paretoFront.count) points") }
            out += TextTable.pack(words, separator: " ", width: width).joined(separator: "\n") + "\n"
        } else {
            out += "best known (no enumeration): \(NumberText.withUnit(number(result.bestKnown), unit))\n"
        }
        out += "best \(result.objectiveNames.first ?? "objective") found: median over seeds [min – max]\n\n"
        let checkpoints = result.agents.first?.bestAtBudget.map(\.evaluations) ?? []
        let suffix = unit.isEmpty ? "" : " (\(unit))"
        let agents = result.agents
        func spread(_ value: Spread, digits: Int = 4) -> String {
            "\(NumberText.real(value.median, significantDigits: digits)) [\(NumberText.real(value.min, significantDigits: digits)) – "
                + "\(NumberText.real(value.max, significantDigits: digits))]"
        }
        // The final checkpoint, regret and time to 1% are the comparison; the rest is detail.
        var columns = [TextTable.Column(header: "agent", cells: agents.map(\.name), rightAligned: false)]
        columns += checkpoints.indices.map { index in
            TextTable.Column(header: "best@\(checkpoints[index])" + suffix, cells: agents.map { number($0.bestAtBudget[index].best.median) },
                             rightAligned: true, importance: index == checkpoints.count - 1 ? .summary : .detail)
        }
        columns.append(TextTable.Column(header: "range@\(result.budget)" + suffix,
                                        cells: agents.map { "[\(number($0.best.min)) – \(number($0.best.max))]" },
                                        rightAligned: true, importance: .detail))
        if result.optimum != nil {
            columns.append(TextTable.Column(header: "regret (%)", cells: agents.map { $0.regretPercent.map { spread($0) } ?? "-" },
                                            rightAligned: true))
            columns.append(TextTable.Column(header: "at optimum", cells: agents.map { "\($0.seedsReachedOptimum ?? 0)/\($0.runs.count)" },
                                            rightAligned: true))
        }
        columns.append(TextTable.Column(header: "evals to 1%", cells: agents.map { agent in
            let reached = agent.evaluationsToWithin1Percent.compactMap { $0 }.count
            let median = agent.medianEvaluationsToWithin1Percent
            // A median of "never" still says how many seeds did get there.
            return (median.isFinite ? NumberText.real(median) : ">\(result.budget)") + " (\(reached)/\(agent.runs.count))"
        }, rightAligned: true))
        if result.objectiveNames.count > 1 {
            columns.append(TextTable.Column(header: "HV ratio", cells: agents.map { $0.hypervolumeRatio.map { spread($0, digits: 3) } ?? "-" },
                                            rightAligned: true))
        }
        columns.append(TextTable.Column(header: "ms/suggestion",
                                        cells: agents.map { NumberText.real($0.overheadMillisecondsPerSuggestion, significantDigits: 3) },
                                        rightAligned: true, importance: .detail))
        out += TextTable(columns: columns, hiddenColumnsHint: "--wide to show all, or --json").render(width: width)
        if result.objectiveNames.count > 1 {
            let note = "HV ratio: hypervolume of each seed's points over the \(result.exhaustive == nil ? "best known" : "exact") "
                + "front's, in log10 space, reference = front's worst corner + 10% of its range"
            out += "\n" + TextTable.pack([note], width: width).joined(separator: "\n") + "\n"
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

    /// `NumberText.real`, with "-" for non-finite values (nothing feasible found yet).
    static func number(_ value: Double) -> String {
        value.isFinite ? NumberText.real(value) : "-"
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
