import Foundation

/// The plots `arcade compare --plot` writes, built from a `ComparisonSummary`: best-so-far,
/// regret, Pareto front and hypervolume over evaluations.
public enum ExplorationPlots {
    /// Companion files of `--plot FILE.svg`: FILE-pareto.svg and FILE-hypervolume.svg (several
    /// objectives), FILE-regret.svg (whenever the optimum or a best known value is finite and nonzero).
    public static let companions = ["pareto", "regret", "hypervolume"]

    /// Every plot of a comparison as SVG text, with the companion suffix of its file (nil: FILE.svg
    /// itself). More than three agents get one small-multiple panel each for best-so-far, so their
    /// bands stay readable.
    public static func files(_ comparison: ComparisonSummary, spaceName: String) -> [(suffix: String?, svg: String)] {
        let main = convergence(comparison, spaceName: spaceName)
        var single = main
        single.legendOutside = true
        single.width = 900
        var files: [(String?, String)] = [(nil, comparison.agents.count > 3 ? main.smallMultiples(columns: 3) : single.render())]
        if let pareto = paretoFront(comparison, spaceName: spaceName) { files.append(("pareto", pareto.render())) }
        if let regret = regret(comparison, spaceName: spaceName) { files.append(("regret", regret.render())) }
        if let hypervolume = hypervolume(comparison, spaceName: spaceName) { files.append(("hypervolume", hypervolume.render())) }
        return files
    }

    /// `arcade explore --plot`: best-so-far vs evaluations as a step line over every evaluated point
    /// as a dot; the chart the HTML report draws from the same run's result file.
    public static func exploration(_ run: ExplorationRun, parameterNames: [String], objectiveNames: [String],
                                   spaceName: String, batch: Int) -> SVGChart? {
        let report = ExplorationResults.report(run: run, parameterNames: parameterNames, objectiveNames: objectiveNames,
                                               spaceName: spaceName, spaceText: "", batch: batch)
        return ResultReportPlots.explorationCharts(report).first
    }

    /// `best cycles` or `best energy (uJ)`: the objective's name with its unit.
    static func objectiveLabel(_ comparison: ComparisonSummary, _ index: Int, prefix: String = "") -> String {
        let name = index < comparison.objectiveNames.count ? comparison.objectiveNames[index] : "objective"
        let unit = index < comparison.layout.objectives.count ? comparison.layout.objectives[index].unit : ""
        return ResultReportPlots.axisLabel(prefix + name, unit: unit)
    }

    /// Best-so-far (first objective) vs evaluations: per agent the median over seeds as a step line
    /// and the min–max over seeds as a band; the exact optimum as a dashed line when known.
    /// `logY` nil chooses log when every value is positive and they span more than a factor of 3.
    public static func convergence(_ comparison: ComparisonSummary, spaceName: String, logY: Bool? = nil) -> SVGChart {
        let objective = comparison.objectiveNames.first ?? "objective"
        let seeds = comparison.options.seeds.count
        var chart = SVGChart(title: "\(spaceName): best \(objective) so far (median, min–max over \(seeds) seeds)",
                             xLabel: "evaluations", yLabel: objectiveLabel(comparison, 0, prefix: "best "))
        chart.bandsSetDomain = false
        let counts = Array(1...max(1, comparison.budget))
        for agent in comparison.agents {
            var median: [Double] = [], low: [Double] = [], high: [Double] = []
            for count in counts {
                let spread = Spread(agent.runs.map { $0.bestAfter(evaluations: count) })!
                median.append(spread.median)
                low.append(spread.min)
                high.append(spread.max)
            }
            chart.series.append(.init(name: agent.name, x: counts.map(Double.init), y: median, lower: low, upper: high))
        }
        if let optimum = comparison.optimum, optimum.isFinite {
            chart.references.append(.init(label: "exact optimum \(SVGChart.tickLabel(optimum))", y: optimum))
        }
        let values = chart.series.flatMap { $0.y + ($0.lower ?? []) }.filter(\.isFinite)
        if let logY {
            chart.logY = logY
        } else if let low = values.min(), let high = values.max(), low > 0 {
            chart.logY = high / low > 3
        }
        return chart
    }

    /// The first two objectives, log axes: the reference front (exact when enumerated, else the best
    /// known) as a black staircase, and per agent the non-dominated points it found over all seeds.
    /// Nil for single-objective comparisons.
    public static func paretoFront(_ comparison: ComparisonSummary, spaceName: String) -> SVGChart? {
        guard comparison.objectiveNames.count >= 2 else { return nil }
        let exact = comparison.exhaustive != nil
        var chart = SVGChart(title: "\(spaceName): Pareto front (\(exact ? "exact" : "best known") vs found)",
                             xLabel: objectiveLabel(comparison, 0), yLabel: objectiveLabel(comparison, 1), logX: true, logY: true)
        let front = staircase(ExplorationResults.frontPoints(comparison).map { ($0.objectives[0], $0.objectives[1]) })
        chart.series.append(.init(name: exact ? "exact front" : "best known front", x: front.map(\.0), y: front.map(\.1),
                                  style: .stepsWithMarkers, color: "#000000"))
        for (index, agent) in comparison.agents.enumerated() {
            let found = agent.runs.flatMap(\.evaluations).filter(\.feasible).map { ($0.objectives[0], $0.objectives[1]) }
            let mine = staircase(found)
            chart.series.append(.init(name: agent.name, x: mine.map(\.0), y: mine.map(\.1), style: .markers,
                                      color: SVGChart.palette[index % (SVGChart.palette.count - 1)]))
        }
        return chart
    }

    /// Relative regret in percent: (best − optimum) / |optimum| × 100; +∞ while nothing feasible
    /// was found, never below 0 (a best known value that is not exact can be beaten only by itself).
    public static func regretPercent(_ best: Double, optimum: Double) -> Double {
        guard best.isFinite else { return .infinity }
        return max(0, (best - optimum) / abs(optimum) * 100)
    }

    /// The floor zero regret is drawn at on the log axis: 0.01%, or the decade below the smallest
    /// positive regret when one is smaller, so no real regret is ever drawn at the floor.
    static func regretFloor(_ regrets: [Double]) -> Double {
        let positive = regrets.filter { $0 > 0 && $0.isFinite }
        guard let smallest = positive.min() else { return 0.01 }
        let decade = log10(smallest).rounded(.down)
        let below = decade == log10(smallest) ? decade - 1 : decade
        return max(1e-6, min(0.01, pow(10, below)))
    }

    /// Regret (percent above the optimum) of the median best-so-far per agent on a log axis, with
    /// the min–max over seeds as a band for up to three agents. The optimum is the exact one when the
    /// space was enumerated, else the best any agent found; zero regret is drawn at a floor (said in
    /// the caption and by a dashed line), so the last few percent, where good agents differ, get
    /// decades of room. Nil when the optimum is unknown, infinite or zero.
    public static func regret(_ comparison: ComparisonSummary, spaceName: String) -> SVGChart? {
        let exact = comparison.optimum != nil
        let optimum = comparison.optimum ?? comparison.bestKnown
        guard optimum.isFinite, optimum != 0 else { return nil }
        let objective = comparison.objectiveNames.first ?? "objective"
        let counts = Array(1...max(1, comparison.budget))
        var curves: [(name: String, median: [Double], low: [Double], high: [Double])] = []
        for agent in comparison.agents {
            var median: [Double] = [], low: [Double] = [], high: [Double] = []
            for count in counts {
                let spread = Spread(agent.runs.map { regretPercent($0.bestAfter(evaluations: count), optimum: optimum) })!
                median.append(spread.median)
                low.append(spread.min)
                high.append(spread.max)
            }
            curves.append((agent.name, median, low, high))
        }
        let bands = curves.count <= 3
        let floor = regretFloor(curves.flatMap { $0.median + (bands ? $0.low + $0.high : []) })
        func clamp(_ values: [Double]) -> [Double] { values.map { $0.isFinite ? max($0, floor) : $0 } }
        let source = exact ? "exact optimum \(SVGChart.tickLabel(optimum))" : "best found by any agent, \(SVGChart.tickLabel(optimum))"
        var chart = SVGChart(title: "\(spaceName): regret of best \(objective) so far (median over \(comparison.options.seeds.count) seeds"
                             + (bands ? ", min–max band)" : ")"),
                             xLabel: "evaluations", yLabel: "regret (% above optimum)", logY: true)
        chart.bandsSetDomain = false
        for curve in curves {
            chart.series.append(.init(name: curve.name, x: counts.map(Double.init), y: clamp(curve.median),
                                      lower: bands ? clamp(curve.low) : nil, upper: bands ? clamp(curve.high) : nil))
        }
        chart.references.append(.init(label: "regret 0 (optimum reached), drawn at the \(SVGChart.tickLabel(floor))% floor", y: floor))
        chart.caption = "regret = (best so far − optimum) / |optimum| × 100, optimum = \(source); "
            + "0 is drawn at \(SVGChart.tickLabel(floor))% so the log axis can show it"
        chart.width = 960
        chart.height = 500
        chart.legendOutside = true
        return chart
    }

    /// Hypervolume of the points found after each count of evaluations, in percent of the reference
    /// front's (exact when enumerated, else best known), under `Pareto.hypervolumeRatio`'s convention
    /// (log10 objectives; reference point the front's worst corner + 10% of its range). Nil for a
    /// single objective.
    public static func hypervolume(_ comparison: ComparisonSummary, spaceName: String) -> SVGChart? {
        guard comparison.objectiveNames.count >= 2, !comparison.referenceFront.isEmpty else { return nil }
        let budget = max(1, comparison.budget)
        // At most ~150 checkpoints: every count for small budgets, evenly spread (always the last) above.
        let step = max(1, budget / 150)
        let counts = Array(Set(Array(stride(from: 1, through: budget, by: step)) + [budget])).sorted()
        let exact = comparison.exhaustive != nil
        var chart = SVGChart(title: "\(spaceName): hypervolume of the points found (median, min–max over \(comparison.options.seeds.count) seeds)",
                             xLabel: "evaluations", yLabel: "hypervolume (% of the \(exact ? "exact" : "best known") front's)")
        for agent in comparison.agents {
            let perRun = agent.runs.map { hypervolumeCurve($0.evaluations, counts: counts, referenceFront: comparison.referenceFront) }
            let spreads = counts.indices.map { position in Spread(perRun.map { $0[position] })! }
            chart.series.append(.init(name: agent.name, x: counts.map(Double.init), y: spreads.map(\.median),
                                      lower: comparison.agents.count <= 3 ? spreads.map(\.min) : nil,
                                      upper: comparison.agents.count <= 3 ? spreads.map(\.max) : nil))
        }
        chart.references.append(.init(label: "\(exact ? "exact" : "best known") front = 100%", y: 100))
        chart.caption = "objectives in log10 space; reference point = the reference front's worst corner + 10% of its range per objective"
        chart.width = 960
        chart.height = 500
        chart.legendOutside = true
        return chart
    }

    /// Hypervolume (percent of `referenceFront`'s) of the feasible points among the first `count`
    /// evaluations, for each count.
    static func hypervolumeCurve(_ evaluations: [EvaluatedPoint], counts: [Int], referenceFront: [[Double]]) -> [Double] {
        counts.map { count in
            let found = evaluations.prefix(count).filter(\.feasible).map(\.objectives)
            return found.isEmpty ? 0 : (Pareto.hypervolumeRatio(found: found, referenceFront: referenceFront) ?? 0) * 100
        }
    }

    /// Non-dominated points of a 2-D set, sorted by the first coordinate, duplicates removed.
    static func staircase(_ points: [(Double, Double)]) -> [(Double, Double)] {
        var unique: [(Double, Double)] = []
        for point in points.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) where unique.last.map({ point.1 < $0.1 }) ?? true {
            unique.append(point)
        }
        return unique
    }
}
