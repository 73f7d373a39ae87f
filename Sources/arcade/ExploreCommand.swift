import ArcadeCore
import ArcadeExplore
import ArcadeResults
import ArgumentParser
import Foundation

/// `arcade explore SPACE.yaml --agent NAME --budget N`: one agent, one seed, one HDF5 file.
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search a design space with one agent and report the best design found.",
        discussion: """
            SPACE is a design-space YAML (see Workloads/spaces/). The agent proposes points in batches \
            of --batch (evaluated in parallel); a point proposed again is answered from a cache and \
            does not spend budget. Prints the best design, its objectives and the best-so-far curve \
            (or one JSON document with --json), and writes every evaluated point and the trajectory \
            to results/<space>__<agent>__seed<S>.h5 unless --out names another file or --no-out is given.

            Agents (hyperparameters with defaults; set with --set name=value):
            \(Explore.agentHelp)
            """)

    @Argument(help: "Design-space file (.yaml).")
    var space: String

    @Option(help: "Search agent (see the list below).")
    var agent: String

    @Option(help: "Unique evaluations to spend.")
    var budget: Int

    @Option(help: "Seed of the agent's random choices.")
    var seed: UInt64 = 0

    @Option(help: "Points proposed and evaluated together.")
    var batch: Int = 1

    @Option(name: .customLong("set"), help: "Agent hyperparameter, name=value (repeatable).")
    var settings: [String] = []

    @Option(help: "HDF5 result file (default: results/<space>__<agent>__seed<S>.h5).")
    var out: String?

    @Flag(help: "Do not write a result file.")
    var noOut = false

    @Option(help: ArgumentHelp("Write the best design found as an architecture file that 'arcade simulate' runs as it is.",
                               valueName: "file.yaml"))
    var saveBest: String?

    @Option(help: "Write best-so-far vs evaluations (every evaluated point as a dot) to this SVG file.")
    var plot: String?

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @OptionGroup var table: TableOptions

    func run() throws {
        try Exploration.validate(budget: budget, batch: batch)
        let overrides = try Comparison.parseSettings(settings, agent: agent)
        _ = try Hyperparameters(specs: try AgentRegistry.agent(named: agent).hyperparameters, overrides: overrides, agent: agent)
        let agentName = try AgentRegistry.agent(named: agent).name
        let outPath = noOut ? nil : out ?? "results/\(Self.stem(space))__\(agentName)__seed\(seed).h5"
        if let outPath { try OutputPath.check(outPath, field: "--out") }
        if let saveBest { try OutputPath.check(saveBest, field: "--save-best") }
        if let plot { try PlotFiles.check(plot, otherOutputs: [outPath, saveBest]) }
        let designSpace = try DesignSpaceFile.load(path: space)
        let evaluator = DesignSpaceEvaluator(space: designSpace)
        if let note = Exploration.effectiveBudget(budget, space: evaluator.space).note {
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
        let progress = ProgressBar(phase: "explore", unit: "points")
        defer { progress.finish() }
        let result = try Exploration.run(agent: agent, evaluator: evaluator, budget: budget, seed: seed, batch: batch,
                                         overrides: overrides) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        let names = (parameters: evaluator.parameterNames, objectives: evaluator.objectiveNames)
        var written: String? = nil
        if let path = outPath {
            let report = ExplorationResults.report(run: result, parameterNames: names.parameters, objectiveNames: names.objectives,
                                                   spaceName: designSpace.name, spaceText: designSpace.text, batch: batch)
            try ResultFile.write(report, to: path, softwareVersion: ArcadeVersion.current)
            written = path
        }
        if let plot, let chart = ExplorationPlots.exploration(result, parameterNames: names.parameters, objectiveNames: names.objectives,
                                                             spaceName: designSpace.name, batch: batch) {
            try PlotFiles.write(chart.render(), to: plot)
        }
        if let saveBest {
            guard let best = result.best else {
                throw InputError(field: "--save-best", "no feasible design was found, so there is none to save")
            }
            try BestDesignFile.write(space: designSpace, point: best,
                                     header: "best design of \(designSpace.name) found by \(agentName), seed \(seed), budget \(budget)",
                                     to: saveBest)
        }
        if json {
            print(ExplorationResults.json(run: result, parameterNames: names.parameters, objectiveNames: names.objectives,
                                          spaceName: designSpace.name))
        } else {
            print(ExplorationResults.text(run: result, parameterNames: names.parameters, objectiveNames: names.objectives,
                                          spaceName: designSpace.name, width: table.width), terminator: "")
            if let written { print("results written to \(written)") }
            if let plot { print("plot written to \(plot)") }
            if let saveBest { print("best design written to \(saveBest) (run it: arcade simulate \(saveBest) \(designSpace.workloadPath))") }
        }
    }

    static func stem(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// One line per agent: `name: summary (key=default, …)`.
    static var agentHelp: String {
        (AgentRegistry.agents + AgentRegistry.external).map { agent in
            let settings = agent.hyperparameters.map { spec in
                "\(spec.name)=\(spec.integer ? String(Int(spec.defaultValue)) : String(spec.defaultValue))"
            }
            return "  \(agent.name): \(agent.summary)" + (settings.isEmpty ? "" : " (\(settings.joined(separator: ", ")))")
        }.joined(separator: "\n")
    }
}
