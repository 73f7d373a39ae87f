import ArcadeCore
import Foundation

/// The plot `arcade simulate --plot` writes, from the run's own report tables: per systolic layer
/// the cycles split into compute and stall (stacked) next to the compute and overall utilisation;
/// per DRAM channel the requests split into row hits, misses and conflicts next to the row-hit rate;
/// per dataflow FIFO its depth, peak and mean occupancy next to the cycles its sender was blocked;
/// per cache level its hits and misses next to its miss rate and average miss latency; per FPGA SLR
/// the share of each resource the engine takes, next to the time each phase of the first layer takes.
/// Horizontal bars, so ResNet-18's and BERT's layer names stay readable.
public enum RunPlots {
    /// Families `chart(for:)` draws; others are refused before anything is simulated.
    public static let families = ["systolic", "dram", "dataflow", "cache", "fpga"]

    public static func check(family: String) throws {
        guard families.contains(family) else {
            throw InputError(field: "--plot", "the \(family) family has no per-layer plot (plots exist for: \(families.joined(separator: ", ")))")
        }
    }

    public static func chart(for report: SimulationReport) throws -> SVGBarChart {
        switch report.family {
        case "systolic":
            if let chart = systolic(report) { return chart }
        case "dram":
            if let chart = dram(report) { return chart }
        case "dataflow":
            if let chart = dataflow(report) { return chart }
        case "cache":
            if let chart = cache(report) { return chart }
        case "fpga":
            if let chart = fpga(report) { return chart }
        default: break
        }
        try check(family: report.family)
        throw InputError(field: "--plot", "the \(report.family) report has no per-layer table to plot")
    }

    static func numbers(_ table: ResultTable, _ name: String) -> [Double]? {
        table.column(name).flatMap(ResultReportPlots.numbers)
    }

    static func unit(_ table: ResultTable, _ name: String) -> String {
        table.columns.first { $0.name == name }?.unit ?? ""
    }

    static func systolic(_ report: SimulationReport) -> SVGBarChart? {
        guard let table = report.tables.first(where: { $0.name == "layers" }), case .string(let names)? = table.column("name"),
              let cycles = numbers(table, "cycles"), let stalls = numbers(table, "stall_cycles"),
              let compute = numbers(table, "compute_utilization"), let overall = numbers(table, "overall_utilization") else { return nil }
        let workload = report.attribute("workload_name") ?? "workload"
        let architecture = report.attribute("architecture_name") ?? "architecture"
        let total = cycles.reduce(0, +), stalled = stalls.reduce(0, +)
        var chart = SVGBarChart(title: "\(architecture) on \(workload): cycles and utilisation per layer",
                                categoryLabel: "layer (workload order)", categories: names)
        let cycleUnit = unit(table, "cycles")
        chart.panels = [
            .init(title: "cycles per layer", xLabel: ResultReportPlots.axisLabel("cycles", unit: cycleUnit), segments: [
                .init(name: "compute cycles", values: zip(cycles, stalls).map { $0 - $1 }, color: "#0072B2"),
                .init(name: "stall cycles (waiting on DRAM)", values: stalls, color: "#D55E00"),
            ], stacked: true),
            .init(title: "utilisation per layer", xLabel: "utilisation (\(unit(table, "compute_utilization")))", segments: [
                .init(name: "compute utilisation (MACs / PE·compute cycles)", values: compute, color: "#009E73"),
                .init(name: "overall utilisation (MACs / PE·cycles)", values: overall, color: "#CC79A7"),
            ], stacked: false, maximum: 100),
        ]
        chart.panelWeights = [3, 2]
        chart.caption = "\(names.count) layers, \(SVGChart.tickLabel(total)) cycles in all, of which "
            + "\(SVGChart.tickLabel(stalled)) stall (\(String(format: "%.1f", total > 0 ? stalled * 100 / total : 0))%)"
        return chart
    }

    static func dram(_ report: SimulationReport) -> SVGBarChart? {
        guard let table = report.tables.first(where: { $0.name == "channels" }), let channels = numbers(table, "channel"),
              let hits = numbers(table, "row_hits"), let misses = numbers(table, "row_misses"),
              let conflicts = numbers(table, "row_conflicts") else { return nil }
        let workload = report.attribute("workload_name") ?? "trace"
        let architecture = report.attribute("architecture_name") ?? "architecture"
        var chart = SVGBarChart(title: "\(architecture) on \(workload): row-buffer outcome per channel",
                                categoryLabel: "channel", categories: channels.map { "channel \(Int($0))" })
        let rate = (0..<table.rowCount).map { row -> Double in
            let all = hits[row] + misses[row] + conflicts[row]
            return all > 0 ? hits[row] * 100 / all : 0
        }
        chart.panels = [
            .init(title: "requests per channel", xLabel: ResultReportPlots.axisLabel("requests", unit: unit(table, "row_hits")), segments: [
                .init(name: "row hits", values: hits, color: "#009E73"),
                .init(name: "row misses (bank closed)", values: misses, color: "#E69F00"),
                .init(name: "row conflicts (other row open)", values: conflicts, color: "#D55E00"),
            ], stacked: true),
            .init(title: "row-hit rate per channel", xLabel: "row hits (% of requests)", segments: [
                .init(name: "row-hit rate", values: rate, color: "#0072B2"),
            ], stacked: false, maximum: 100),
        ]
        chart.panelWeights = [3, 2]
        return chart
    }

    static func dataflow(_ report: SimulationReport) -> SVGBarChart? {
        guard let table = report.tables.first(where: { $0.name == "channels" }), case .string(let names)? = table.column("name"),
              let depth = numbers(table, "depth"), let peak = numbers(table, "peak_occupancy"),
              let mean = numbers(table, "mean_occupancy"), let blocked = numbers(table, "sender_blocked_cycles") else { return nil }
        let workload = report.attribute("workload_name") ?? "workload"
        let architecture = report.attribute("architecture_name") ?? "graph"
        var chart = SVGBarChart(title: "\(architecture) on \(workload): occupancy and back-pressure per FIFO",
                                categoryLabel: "FIFO (graph order)", categories: names)
        chart.panels = [
            .init(title: "occupancy per FIFO", xLabel: ResultReportPlots.axisLabel("elements", unit: unit(table, "depth")), segments: [
                .init(name: "depth", values: depth, color: "#BBBBBB"),
                .init(name: "peak occupancy", values: peak, color: "#0072B2"),
                .init(name: "mean occupancy", values: mean, color: "#009E73"),
            ], stacked: false),
            .init(title: "sender blocked per FIFO", xLabel: ResultReportPlots.axisLabel("cycles", unit: unit(table, "sender_blocked_cycles")),
                  segments: [.init(name: "cycles the sender waited on a full FIFO", values: blocked, color: "#D55E00")], stacked: false),
        ]
        chart.panelWeights = [3, 2]
        let cycles = report.total("cycles")?.doubleValue ?? 0
        chart.caption = "\(names.count) FIFOs, \(SVGChart.tickLabel(cycles)) cycles; a FIFO whose peak reaches its depth back-pressures its sender"
        return chart
    }

    /// Rows are the SLRs: what a lane placed in one needs is what makes a design not fit.
    static func fpga(_ report: SimulationReport) -> SVGBarChart? {
        guard let table = report.tables.first(where: { $0.name == "slrs" }), let slrs = numbers(table, "slr") else { return nil }
        let kinds: [(column: String, name: String, color: String)] = [
            ("lut_percent", "LUTs", "#0072B2"), ("ff_percent", "flip-flops", "#56B4E9"), ("dsp_percent", "DSP slices", "#D55E00"),
            ("bram18_percent", "BRAM18 blocks", "#009E73"), ("uram_percent", "URAM blocks", "#CC79A7"),
        ]
        var segments: [SVGBarChart.Segment] = []
        for kind in kinds {
            guard let values = numbers(table, kind.column) else { return nil }
            segments.append(.init(name: kind.name, values: values, color: kind.color))
        }
        let workload = report.attribute("workload_name").map { URL(fileURLWithPath: $0).lastPathComponent } ?? "workload"
        let architecture = report.attribute("architecture_name") ?? "engine"
        let device = report.attribute("device") ?? "device"
        var chart = SVGBarChart(title: "\(architecture) on \(device) (\(workload)): resources per SLR",
                                categoryLabel: "SLR", categories: slrs.map { "SLR\(Int($0))" })
        chart.panels = [.init(title: "share of each SLR's resources used", xLabel: "used (% of the SLR)", segments: segments, stacked: false,
                                maximum: 100)]
        chart.rowHeight = 60
        let latency = report.total("latency_us")?.doubleValue ?? 0
        chart.caption = "latency \(SVGChart.tickLabel(latency)) µs; a lane is placed whole in one SLR, and past the shell reserve "
            + "a design is refused naming the resource"
        return chart
    }

    static func cache(_ report: SimulationReport) -> SVGBarChart? {
        guard let table = report.tables.first(where: { $0.name == "levels" }), case .string(let names)? = table.column("name"),
              let hits = numbers(table, "hits"), let misses = numbers(table, "misses"),
              let latency = numbers(table, "average_miss_latency_cycles") else { return nil }
        let trace = report.attribute("trace").map { URL(fileURLWithPath: $0).lastPathComponent } ?? "trace"
        let architecture = report.attribute("architecture_name") ?? "hierarchy"
        var chart = SVGBarChart(title: "\(architecture) on \(trace): hits, misses and miss latency per level",
                                categoryLabel: "level (nearest the core first)", categories: names)
        let rate = zip(hits, misses).map { $0 + $1 > 0 ? $1 * 100 / ($0 + $1) : 0 }
        chart.panels = [
            .init(title: "accesses per level", xLabel: ResultReportPlots.axisLabel("accesses", unit: unit(table, "hits")), segments: [
                .init(name: "hits", values: hits, color: "#009E73"),
                .init(name: "misses", values: misses, color: "#D55E00"),
            ], stacked: true),
            .init(title: "miss rate per level", xLabel: "misses (% of the level's accesses)", segments: [
                .init(name: "miss rate", values: rate, color: "#0072B2"),
            ], stacked: false, maximum: 100),
            .init(title: "average miss latency", xLabel: ResultReportPlots.axisLabel("cycles", unit: "cycles"), segments: [
                .init(name: "cycles from arrival at the level to completion", values: latency, color: "#CC79A7"),
            ], stacked: false),
        ]
        chart.panelWeights = [3, 2, 2]
        let amat = report.total("amat_cycles")?.doubleValue ?? 0
        chart.caption = "AMAT \(String(format: "%.1f", amat)) cycles over \(SVGChart.tickLabel(report.total("accesses")?.doubleValue ?? 0)) "
            + "data accesses; counts are \(report.attribute("counting") ?? "arcade")'s"
        return chart
    }
}
