import ArcadeHardware
import ArgumentParser

struct ListFamilies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the hardware families Arcade can simulate, with their workload formats."
    )

    func run() throws {
        for family in HardwareRegistry.families {
            print("\(family.family)")
            print("  \(family.summary)")
            print("  workload: \(family.workloadDescription)")
            if !family.compatibilityModes.isEmpty {
                print("  --compat: \(family.compatibilityModes.joined(separator: ", "))")
            }
        }
    }
}
