import ArcadeExplore
import ArgumentParser

struct BenchAgents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Measure each search agent's optimiser overhead per suggestion (ms), excluding evaluation.",
        discussion: """
            Runs every agent (or --agents) on a synthetic 6-knob space of 57,600 points with a cheap \
            objective, so the time measured is the agent's own propose/observe work. Reports the \
            median over 3 seeds of the mean ms per suggestion after --observations evaluations.
            """
    )

    @Option(name: .long, help: "Comma-separated agents (default: all registered).")
    var agents: String?

    @Option(name: .long, help: "Evaluations per run (the issue's figure for bo/tpe is at 200).")
    var observations = 200

    func run() throws {
        let names = agents.map { $0.split(separator: ",").map(String.init) } ?? AgentRegistry.agents.map { $0.name }
        print("agent         ms/suggestion  (\(observations) observations, median of 3 seeds)")
        for name in names {
            _ = try AgentRegistry.agent(named: name)
            let milliseconds = try AgentOverheadBenchmark.run(agent: name, observations: observations)
            print(name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%13.4f", milliseconds))
        }
    }
}
