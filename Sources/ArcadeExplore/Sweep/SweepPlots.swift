import Foundation

/// The plots `arcade sweep --plot FILE.svg` writes from the sweep's records: an objective scatter
/// (FILE.svg) and parallel coordinates of the best points (FILE-parallel.svg).
///
/// - One objective: the objective against the knob that explains most of its variance (η² of the
///   log objective grouped by the knob's value) among the numeric knobs, coloured by the most
///   influential remaining knob with at most eight values.
/// - Several objectives: objective 1 against objective 2, coloured the same way, with the Pareto
///   front as a black staircase.
/// - Parallel coordinates: every knob and objective, for the top 10% by the first objective (one
///   objective) or the Pareto set (several), at most 200 lines.
public enum SweepPlots {
    public static let companions = ["parallel"]

    /// The companion plots' suffixes for a space with these objectives: `parallel`, and one
    /// scatter against the first objective for each objective after the second (`FILE-<name>.svg`).
    public static func companions(objectives: [String]) -> [String] {
        companions + objectives.dropFirst(2)
    }

    public static func files(records: [SweepRecord], layout: PointTableLayout, spaceName: String) -> [(suffix: String?, svg: String)] {
        var files: [(suffix: String?, svg: String)] = [(nil, scatter(records: records, layout: layout, spaceName: spaceName).render()),
                                                       ("parallel", parallel(records: records, layout: layout, spaceName: spaceName).render())]
        for index in layout.objectives.indices.dropFirst(2) {
            files.append((layout.objectives[index].name,
                          scatter(records: records, layout: layout, spaceName: spaceName, yObjective: index).render()))
        }
        return files
    }

    static func feasible(_ records: [SweepRecord]) -> [SweepRecord] {
        records.filter { $0.feasible && !$0.objectives.isEmpty && $0.objectives.allSatisfy(\.isFinite) }
    }

    /// Share of the variance of `scores` explained by grouping on `keys` (η², 0…1).
    static func influence(keys: [String], scores: [Double]) -> Double {
        guard scores.count > 1 else { return 0 }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let total = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return 0 }
        var groups: [String: (sum: Double, count: Double)] = [:]
        for (key, score) in zip(keys, scores) { groups[key, default: (0, 0)].sum += score; groups[key, default: (0, 0)].count += 1 }
        let between = groups.values.reduce(0) { $0 + $1.count * pow($1.sum / $1.count - mean, 2) }
        return between / total
    }

    /// Knob positions ordered by influence on the first objective, most influential first
    /// (ties: space order); knobs with a single value are left out.
    static func knobsByInfluence(_ points: [SweepRecord], layout: PointTableLayout) -> [Int] {
        let raw = points.map { $0.objectives[0] }
        let scores = raw.allSatisfy { $0 > 0 } ? raw.map(log10) : raw
        let useful = layout.parameters.indices.filter { p in Set(points.map { $0.parameters[p] }).count > 1 }
        let weight = Dictionary(uniqueKeysWithValues: useful.map { p in (p, influence(keys: points.map { $0.parameters[p] }, scores: scores)) })
        return useful.sorted { (weight[$0]!, $1) > (weight[$1]!, $0) }
    }

    static func wantsLog(_ values: [Double]) -> Bool {
        guard let low = values.min(), let high = values.max(), low > 0 else { return false }
        return high / low >= 8
    }

    static func metric(_ layout: PointTableLayout, _ index: Int) -> String {
        ResultReportPlots.label(layout.objectives[index])
    }

    /// With two or more objectives: objective `yObjective` (default the second) against the first,
    /// with the Pareto front of the two; with one: the objective against its most influential knob.
    public static func scatter(records: [SweepRecord], layout: PointTableLayout, spaceName: String, yObjective: Int = 1) -> SVGChart {
        let points = feasible(records)
        let ranked = knobsByInfluence(points, layout: layout)
        let numeric = ranked.filter { layout.parameters[$0].kind != .text }
        var chart: SVGChart
        var xKnob: Int? = nil
        let x: (SweepRecord) -> Double
        if layout.objectives.count >= 2 {
            chart = SVGChart(title: "\(spaceName): \(layout.objectives[yObjective].name) vs \(layout.objectives[0].name) (\(points.count) feasible points)",
                             xLabel: metric(layout, 0), yLabel: metric(layout, yObjective))
            x = { $0.objectives[0] }
            chart.logY = wantsLog(points.map { $0.objectives[yObjective] })
        } else {
            let knob = numeric.first ?? ranked.first
            xKnob = knob
            let parameter = knob.map { layout.parameters[$0] }
            if let knob, let parameter, parameter.kind != .text {
                x = { Double($0.parameters[knob]) ?? .nan }
            } else if let knob, let parameter {
                x = { Double(parameter.values.firstIndex(of: $0.parameters[knob]) ?? 0) }
            } else {
                x = { Double($0.rank) }
            }
            let xLabel = parameter.map { $0.kind == .text ? "\($0.name) (value index)" : $0.name } ?? "rank"
            chart = SVGChart(title: "\(spaceName): \(layout.objectives[0].name) vs \(parameter?.name ?? "rank") "
                             + "(\(points.count) feasible points; \(parameter?.name ?? "rank") influences it most)",
                             xLabel: xLabel, yLabel: metric(layout, 0))
            chart.logY = wantsLog(points.map { $0.objectives[0] })
        }
        chart.width = 1000
        chart.height = 560
        chart.legendOutside = true       // a legend inside would hide the points in its corner
        chart.logX = wantsLog(points.map(x))
        let y: (SweepRecord) -> Double = { layout.objectives.count >= 2 ? $0.objectives[yObjective] : $0.objectives[0] }
        // Colour: the most influential other knob with at most eight values (dodged side by side
        // when x is a knob, so groups sharing an x value do not hide each other). When every group
        // has one point per x (the other knobs fixed: a scaling study), each is a curve: joined.
        if let colour = ranked.first(where: { knob in knob != xKnob && Set(points.map { $0.parameters[knob] }).count <= 8 }) {
            let parameter = layout.parameters[colour]
            let values = parameter.values.filter { value in points.contains { $0.parameters[colour] == value } }
            let groups = values.map { value in points.filter { $0.parameters[colour] == value }.sorted { x($0) < x($1) } }
            let curves = xKnob != nil && layout.objectives.count == 1
                && groups.allSatisfy { Set($0.map(x)).count == $0.count } && groups.contains { $0.count > 1 }
            for (group, value) in values.enumerated() {
                let members = groups[group]
                var series = SVGChart.Series(name: "\(parameter.name) = \(value)", x: members.map(x), y: members.map(y),
                                             style: curves ? .linesWithMarkers : .dots,
                                             color: SVGChart.palette[group % SVGChart.palette.count])
                if xKnob != nil && !curves { series.xOffset = (Double(group) - Double(values.count - 1) / 2) * 5 }
                chart.series.append(series)
            }
        } else {
            chart.series.append(.init(name: "feasible points", x: points.map(x), y: points.map(y), style: .dots))
        }
        if layout.objectives.count >= 2 {
            let front = ExplorationPlots.staircase(points.map { ($0.objectives[0], $0.objectives[yObjective]) })
            chart.series.append(.init(name: "Pareto front (\(front.count) points)", x: front.map(\.0), y: front.map(\.1),
                                      style: .stepsWithMarkers, color: "#000000"))
        }
        return chart
    }

    public static func parallel(records: [SweepRecord], layout: PointTableLayout, spaceName: String) -> SVGParallelChart {
        let points = feasible(records)
        var best: [SweepRecord]
        let selection: String
        if layout.objectives.count >= 2 {
            let front = Pareto.nonDominated(points.map(\.objectives))
            best = front.map { points[$0] }
            selection = "Pareto set (\(best.count) points)"
        } else {
            let count = min(points.count, max(5, Int((Double(points.count) * 0.1).rounded(.up))))
            best = Array(points.sorted { ($0.objectives[0], $0.rank) < ($1.objectives[0], $1.rank) }.prefix(count))
            selection = "best 10% (\(best.count) of \(points.count) feasible points)"
        }
        let limit = 200
        let capped = best.count > limit
        if capped { best = Array(best.sorted { ($0.objectives[0], $0.rank) < ($1.objectives[0], $1.rank) }.prefix(limit)) }
        var chart = SVGParallelChart(title: "\(spaceName): \(selection) across knobs and objectives", scoreLabel: metric(layout, 0))
        for (position, parameter) in layout.parameters.enumerated() {
            let values = best.map { Double(parameter.values.firstIndex(of: $0.parameters[position]) ?? 0) }
            chart.axes.append(.init(label: parameter.name, scale: .categories(parameter.values), values: values))
        }
        for (position, objective) in layout.objectives.enumerated() {
            let values = best.map { $0.objectives[position] }
            chart.axes.append(.init(label: ResultReportPlots.label(objective), scale: .numeric(logarithmic: wantsLog(values)), values: values))
        }
        chart.scores = best.map { $0.objectives[0] }
        chart.caption = "one line per design point, darkest = lowest \(layout.objectives[0].name)"
            + (capped ? "; the \(limit) lowest shown" : "") + "; knob values evenly spaced in the space's order"
        return chart
    }
}
