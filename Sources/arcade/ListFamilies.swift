import ArcadeHardware
import ArgumentParser

struct ListFamilies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the hardware families Arcade can simulate, with their workload formats and metrics."
    )

    func run() throws {
        for family in HardwareRegistry.families {
            print("\(family.family)")
            print("  \(family.summary)")
            print("  workload: \(family.workloadDescription)")
            if !family.compatibilityModes.isEmpty {
                print("  --compat: \(family.compatibilityModes.joined(separator: ", "))")
            }
            if !family.exampleWorkloads.isEmpty {
                print("  shipped workloads: \(family.exampleWorkloads.joined(separator: ", "))")
            }
            print("  metrics (totals):")
            let width = family.metrics.map(\.name.count).max() ?? 0
            let unitWidth = (family.metrics.map(\.unit.symbol.count).max() ?? 0) + 2
            for metric in family.metrics {
                let name = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let condition = metric.condition.map { " (\($0))" } ?? ""
                let unit = "[\(metric.unit)]".padding(toLength: unitWidth, withPad: " ", startingAt: 0)
                print("    \(name)  \(unit)  \(metric.description)\(condition)")
            }
            let derived = DerivedMetric.all.filter { family.metricValueIsDerivable($0) }
            for metric in derived {
                print("    \(metric.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
                      + "[\(metric.unit)]".padding(toLength: unitWidth, withPad: " ", startingAt: 0) + "  "
                      + "\(metric.description); objectives only")
            }
        }
    }
}
