import ArcadeCore
import ArcadeHardware
import Yams

/// One objective of a design space: a metric of the simulation report and what to do with it.
/// Every objective is turned into a value to MINIMISE, so agents never see a sign convention:
/// - `minimize: m` → m
/// - `maximize: m` → −m
/// - `target: {metric: m, value: t}` → |m − t| / |t| (ArchGym's "closeness to a target spec";
///   0 is a perfect hit)
///
/// Metrics are the report's numeric totals (its family's `HardwareModel.metrics`) plus the
/// `DerivedMetric`s (the energy-delay product), computed from the family's declared delay and energy.
public struct DesignObjective: Sendable, Equatable {
    public enum Goal: Sendable, Equatable {
        case minimize
        case maximize
        case target(Double)
    }

    public var metric: String
    public var goal: Goal
    public var line: Int?

    /// The column name for tables: `cycles`, `-overall_utilization` (negated), `cycles~500000` (distance).
    public var label: String {
        switch goal {
        case .minimize: return metric
        case .maximize: return "-" + metric
        case .target(let value): return "\(metric)~\(DesignParameter.format(value))"
        }
    }

    /// The value to minimise, from the raw metric.
    public func minimised(_ raw: Double) -> Double {
        switch goal {
        case .minimize: return raw
        case .maximize: return -raw
        case .target(let value): return abs(raw - value) / abs(value)
        }
    }

    /// The raw value of `metric` in `report`, or nil when the report does not have it.
    public static func metric(_ name: String, in report: SimulationReport) -> Double? {
        guard let family = HardwareRegistry.family(named: report.family) else { return report.total(name)?.doubleValue }
        return family.metricValue(name, in: report)
    }

    /// Every metric name `report` offers, for error messages.
    static func availableMetrics(in report: SimulationReport) -> [String] {
        report.totals.filter { $0.value.doubleValue != nil }.map(\.key)
            + DerivedMetric.all.map(\.name).filter { metric($0, in: report) != nil }
    }

    static func parse(_ node: DesignSpaceYAML, _ item: Yams.Node, field: String) throws -> DesignObjective {
        let entries = try node.mapping(item, field: field, allowed: ["minimize", "maximize", "target"])
        guard entries.count == 1, let entry = entries.first else {
            throw node.error(item, field, "give exactly one of: minimize: METRIC, maximize: METRIC, target: {metric: M, value: V}")
        }
        let line = item.mark?.line
        switch entry.key {
        case "minimize": return DesignObjective(metric: try node.scalar(entry.value, field: field + ".minimize"), goal: .minimize, line: line)
        case "maximize": return DesignObjective(metric: try node.scalar(entry.value, field: field + ".maximize"), goal: .maximize, line: line)
        default:
            let targetField = field + ".target"
            let parts = try node.mapping(entry.value, field: targetField, allowed: ["metric", "value"])
            guard let metricNode = parts.first(where: { $0.key == "metric" })?.value,
                  let valueNode = parts.first(where: { $0.key == "value" })?.value else {
                throw node.error(entry.value, targetField, "needs both 'metric' and 'value'")
            }
            let value = try node.number(valueNode, field: targetField + ".value")
            guard value != 0 else { throw node.error(valueNode, targetField + ".value", "0 is not allowed; the distance is relative to the target") }
            return DesignObjective(metric: try node.scalar(metricNode, field: targetField + ".metric"), goal: .target(value), line: line)
        }
    }
}
