import ArgumentParser

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Arcade's own speed (release builds: swift build -c release).",
        subcommands: [BenchKernel.self, BenchChannels.self, BenchDRAMPaths.self, BenchAgents.self, BenchSweep.self, BenchDataflow.self, BenchCache.self, BenchPoints.self]
    )
}
