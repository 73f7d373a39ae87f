import ArcadeCore
import Foundation

/// The plots `ResultReportPage` shows, built from the file's own tables (so any result file,
/// however old its run, gets them): per-row cycles and percentages of a run's main table; a
/// sweep's objective scatter coloured by its first categorical knob; an exploration's best-so-far
/// over every evaluation; a comparison's median best-so-far per agent.
public enum ResultReportPlots {
    public static func charts(for report: SimulationReport, kind: ResultReportKind) -> [SVGChart] {
        switch kind {
        case .run: return runCharts(report)
        case .sweep: return sweepCharts(report)
        case .exploration: return explorationCharts(report)
        case .comparison: return comparisonCharts(report)
        }
    }

    /// Numbers of a column (ints widened), or nil for text and flags.
    static func numbers(_ values: ResultColumnValues) -> [Double]? {
        switch values {
        case .int(let numbers): return numbers.map(Double.init)
        case .double(let numbers): return numbers
        case .string, .bool: return nil
        }
    }

    /// Log when every value is positive and they span more than two decades.
    static func wantsLog(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
        return high / low > 100
    }

    static func runCharts(_ report: SimulationReport) -> [SVGChart] {
        guard let table = report.tables.first, table.rowCount > 0 else { return [] }
        let x = (0..<table.rowCount).map(Double.init)
        var charts: [SVGChart] = []
        for (unit, title) in [("cycles", "cycles per row"), ("%", "percentages per row")] {
            let columns = table.columns.filter { $0.unit == unit && numbers($0.values) != nil }
            guard !columns.isEmpty else { continue }
            let values = columns.flatMap { numbers($0.values)! }
            var chart = SVGChart(title: "\(report.family) \(table.name): \(title)", xLabel: "\(table.name) row (in file order)",
                                 yLabel: unit, logY: unit == "cycles" && wantsLog(values))
            for column in columns {
                chart.series.append(.init(name: column.name, x: x, y: numbers(column.values)!, style: .stepsWithMarkers))
            }
            charts.append(chart)
        }
        return charts
    }

    static func sweepCharts(_ report: SimulationReport) -> [SVGChart] {
        guard let table = report.tables.first(where: { $0.name == SweepTableFormat.tableName }),
              let json = report.attribute(PointTableLayout.attributeName),
              let layout = try? PointTableLayout(json: json, file: "report"),
              let first = layout.objectives.first,
              case .bool(let feasible)? = table.column("feasible"),
              let yAll = table.column(first.name).flatMap(numbers) else { return [] }
        // x: the second objective, else area, else the first metric that is not the objective.
        let xMetric = layout.objectives.dropFirst().first
            ?? layout.metrics.first { $0.name == "area_mm2" } ?? layout.metrics.first
        guard let xMetric, let xAll = table.column(xMetric.name).flatMap(numbers) else { return [] }
        let keep = feasible.indices.filter { feasible[$0] && xAll[$0].isFinite && yAll[$0].isFinite }
        let category = layout.parameters.first { $0.kind == .text }
        let groups: [(name: String, rows: [Int])]
        if let category, case .string(let texts)? = table.column(category.name) {
            groups = category.values.map { value in ("\(category.name)=\(value)", keep.filter { texts[$0] == value }) }
                .filter { !$0.rows.isEmpty }
        } else {
            groups = [("feasible points", keep)]
        }
        let xs = keep.map { xAll[$0] }, ys = keep.map { yAll[$0] }
        var chart = SVGChart(title: "\(report.attribute("sweep_space") ?? "sweep"): \(first.name) vs \(xMetric.name) (\(keep.count) feasible points)",
                             xLabel: label(xMetric), yLabel: label(first), logX: wantsLog(xs), logY: wantsLog(ys))
        for group in groups {
            chart.series.append(.init(name: group.name, x: group.rows.map { xAll[$0] }, y: group.rows.map { yAll[$0] }, style: .markers))
        }
        return [chart]
    }

    static func label(_ metric: PointTableLayout.Metric) -> String {
        axisLabel(metric.name, unit: metric.unit)
    }

    /// `name (unit)`, or the name alone when it has no unit or already says it (`cycles`).
    static func axisLabel(_ name: String, unit: String) -> String {
        unit.isEmpty || name.hasSuffix(unit) ? name : "\(name) (\(unit))"
    }

    static func explorationCharts(_ report: SimulationReport) -> [SVGChart] {
        guard let trajectory = report.tables.first(where: { $0.name == "trajectory" }),
              let best = trajectory.column("best_so_far").flatMap(numbers), !best.isEmpty else { return [] }
        let unit = trajectory.columns.first { $0.name == "best_so_far" }?.unit ?? ""
        let objective = report.attribute("objectives")?.split(separator: ",").first.map(String.init) ?? "objective"
        let evaluations = report.tables.first { $0.name == "evaluations" }
        let every = evaluations.flatMap { $0.column(objective).flatMap(numbers) } ?? []
        let spread = (best + every).filter { $0.isFinite && $0 > 0 }
        var chart = SVGChart(title: "\(report.attribute("space_name") ?? "space"): best \(objective) so far (\(report.attribute("agent") ?? "agent"))",
                             xLabel: "evaluations", yLabel: axisLabel(objective, unit: unit),
                             logY: (spread.max() ?? 1) / (spread.min() ?? 1) > 10)
        if let evaluations, let all = evaluations.column(objective).flatMap(numbers) {
            let finite = all.indices.filter { all[$0].isFinite }
            chart.series.append(.init(name: "every evaluation", x: finite.map { Double($0 + 1) }, y: finite.map { all[$0] },
                                      style: .markers, color: "#999999"))
        }
        let finite = best.indices.filter { best[$0].isFinite }
        var line = SVGChart.Series(name: "best so far", x: finite.map { Double($0 + 1) }, y: finite.map { best[$0] }, style: .steps)
        line.lineWidth = 2.5
        chart.series.append(line)
        return [chart]
    }

    static func comparisonCharts(_ report: SimulationReport) -> [SVGChart] {
        guard let table = report.tables.first(where: { $0.name == "trajectories" }),
              case .string(let agents)? = table.column("agent"),
              case .int(let indices)? = table.column("index"),
              let best = table.column("best").flatMap(numbers) else { return [] }
        let unit = table.columns.first { $0.name == "best" }?.unit ?? ""
        let objective = report.attribute("objectives")?.split(separator: ",").first.map(String.init) ?? "objective"
        var order: [String] = []
        var byAgent: [String: [Int: [Double]]] = [:]
        for row in agents.indices where best[row].isFinite {
            if byAgent[agents[row]] == nil { order.append(agents[row]) }
            byAgent[agents[row], default: [:]][Int(indices[row]), default: []].append(best[row])
        }
        let all = best.filter(\.isFinite)
        var chart = SVGChart(title: "\(report.attribute("space_name") ?? "space"): best \(objective) so far (median over seeds)",
                             xLabel: "evaluations", yLabel: axisLabel("best \(objective)", unit: unit),
                             logY: wantsLog(all))
        for agent in order {
            let points = byAgent[agent]!.sorted { $0.key < $1.key }
            chart.series.append(.init(name: agent, x: points.map { Double($0.key + 1) },
                                      y: points.map { Spread($0.value)?.median ?? .nan }, style: .steps))
        }
        if case .double(let optimum)? = report.total("optimum"), optimum.isFinite {
            chart.references.append(.init(label: "exact optimum \(SVGChart.tickLabel(optimum))", y: optimum))
        }
        return chart.series.isEmpty ? [] : [chart]
    }
}
