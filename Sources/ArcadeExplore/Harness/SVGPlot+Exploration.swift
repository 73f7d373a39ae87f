/// The two plots `arcade compare --plot` writes, built from a `ComparisonSummary`.
public enum ExplorationPlots {
    /// Best-so-far (first objective) vs evaluations: per agent the median over seeds as a step line
    /// and the min–max over seeds as a band; the exact optimum as a dashed line when known.
    /// `logY` nil chooses log when every value is positive and they span more than a factor of 3.
    public static func convergence(_ comparison: ComparisonSummary, spaceName: String, logY: Bool? = nil) -> SVGChart {
        let objective = comparison.objectiveNames.first ?? "objective"
        let seeds = comparison.options.seeds.count
        var chart = SVGChart(title: "\(spaceName): best \(objective) so far (median, min–max over \(seeds) seeds)",
                             xLabel: "evaluations", yLabel: "best \(objective)")
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
        let names = comparison.objectiveNames
        let exact = comparison.exhaustive != nil
        var chart = SVGChart(title: "\(spaceName): Pareto front (\(exact ? "exact" : "best known") vs found)",
                             xLabel: names[0], yLabel: names[1], logX: true, logY: true)
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

    /// Non-dominated points of a 2-D set, sorted by the first coordinate, duplicates removed.
    static func staircase(_ points: [(Double, Double)]) -> [(Double, Double)] {
        var unique: [(Double, Double)] = []
        for point in points.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) where unique.last.map({ point.1 < $0.1 }) ?? true {
            unique.append(point)
        }
        return unique
    }
}
