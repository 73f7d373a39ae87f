import ArcadeCore
import ArcadeExplore
import ArcadeResults
import ArgumentParser
import Foundation

/// `arcade compare SPACE.yaml --agents a,b,c --budget N --seeds K`: every agent on every seed, one table.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare search agents fairly on one design space (same space, budget and seeds).",
        discussion: """
            Runs every agent of --agents on seeds 0..<K with the same budget, sharing one evaluation \
            cache (no point is simulated twice). With --exhaustive (spaces up to \
            \(Comparison.exhaustiveLimit) points) the whole space is enumerated first, so regret and \
            hypervolume are exact.

            The table shows, per agent, the median over seeds of the best first objective found after \
            10%, 25%, 50% and 100% of the budget and its range at the end; regret (percent above the \
            optimum) and seeds that reached it, when the optimum is known; evaluations until best-so-far \
            came within 1% of the best known value (median; seeds that got there); for several \
            objectives the hypervolume ratio (log10 space, reference point = the front's worst corner + \
            10% of its range); and optimiser overhead in milliseconds per suggestion (median).

            --json prints {"agents": [{"name", "best", "regret" (percent, null without --exhaustive), \
            "overhead_ms_per_suggestion", …}], …}. --plot FILE.svg writes best-so-far vs evaluations \
            (median line, min–max band; one panel per agent for more than three), FILE-regret.svg (regret \
            in percent on a log axis, zero drawn at a stated floor) and, for several objectives, \
            FILE-pareto.svg and FILE-hypervolume.svg. Results go to \
            results/<space>__compare.h5 unless --out names another file or --no-out is given.

            Agents (hyperparameters with defaults; set with --set agent.name=value):
            \(Explore.agentHelp)
            """)

    @Argument(help: "Design-space file (.yaml).")
    var space: String

    @Option(help: "Comma-separated agents, e.g. random,ga,tpe.")
    var agents: String

    @Option(help: "Unique evaluations per run.")
    var budget: Int

    @Option(help: "Number of seeds per agent (seeds 0..<K).")
    var seeds: Int = 5

    @Option(help: "Points proposed and evaluated together.")
    var batch: Int = 1

    @Option(name: .customLong("set"), help: "Hyperparameter, agent.name=value (repeatable).")
    var settings: [String] = []

    @Flag(help: "Enumerate the whole space first (exact optimum and Pareto front).")
    var exhaustive = false

    @Option(help: "HDF5 result file (default: results/<space>__compare.h5).")
    var out: String?

    @Flag(help: "Do not write a result file.")
    var noOut = false

    @Option(help: "Write the best-so-far plot to this SVG file (and FILE-regret.svg; FILE-pareto.svg, FILE-hypervolume.svg for several objectives).")
    var plot: String?

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    @OptionGroup var table: TableOptions

    @Option(help: ArgumentHelp("Write each agent's best design (over its seeds) to DIR/<agent>.yaml, and the exact "
                               + "optimum to DIR/optimum.yaml with --exhaustive: architecture files 'arcade simulate' runs as they are.",
                               valueName: "dir"))
    var saveBest: String?

    func run() throws {
        guard (1...Comparison.maximumSeeds).contains(seeds) else {
            throw InputError(field: "--seeds", "\(seeds) is not allowed; allowed: 1 to \(Comparison.maximumSeeds)")
        }
        var names = agents.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        guard Set(names).count == names.count else { throw InputError(field: "--agents", "'\(agents)' names an agent twice") }
        for name in names { _ = try AgentRegistry.agent(named: name) }
        // A Python agent whose interpreter or package is missing is left out, saying how to install it.
        for name in names {
            if let hint = AgentRegistry.availability(of: name) {
                FileHandle.standardError.write(Data("note: \(name) is left out: \(hint)\n".utf8))
            }
        }
        names = names.filter { AgentRegistry.availability(of: $0) == nil }
        guard !names.isEmpty else { throw InputError(field: "--agents", "none of '\(agents)' can run here (see the notes above)") }
        let options = ComparisonOptions(agents: names, seeds: (0..<UInt64(seeds)).map { $0 }, budget: budget, batch: batch,
                                        overrides: try Comparison.parseSettings(settings, agents: names), exhaustive: exhaustive)
        // Every output path is checked before anything is created or simulated (exit 2, no file left).
        let outPath = noOut ? nil : out ?? "results/\(Explore.stem(space))__compare.h5"
        if let outPath { try OutputPath.check(outPath, field: "--out") }
        if let plot { try PlotFiles.check(plot, companions: ExplorationPlots.companions, otherOutputs: [outPath]) }
        if let saveBest {
            for name in names + ["optimum"] { try OutputPath.check(BestDesignFile.path(directory: saveBest, name: name), field: "--save-best") }
        }
        let designSpace = try DesignSpaceFile.load(path: space)
        let evaluator = DesignSpaceEvaluator(space: designSpace)
        try Comparison.validate(options, evaluator: evaluator)
        if let note = Exploration.effectiveBudget(budget, space: evaluator.space).note {
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
        let progress = ProgressBar(phase: exhaustive ? "enumerate" : "search", unit: "points")
        defer { progress.finish() }
        let result = try Comparison.run(evaluator: evaluator, options: options) {
            progress.update(phase: $0.phase, done: $0.done, total: $0.total, elapsedSeconds: $0.elapsedSeconds)
        }
        progress.finish()

        // All outputs or none: a failure part-way removes what this run had written.
        var written: [String] = []
        do {
            if let path = outPath {
                try ResultFile.write(ExplorationResults.report(comparison: result, spaceName: designSpace.name, spaceText: designSpace.text),
                                     to: path, softwareVersion: ArcadeVersion.current)
                written.append(path)
            }
            if let plot {
                for file in ExplorationPlots.files(result, spaceName: designSpace.name) {
                    let path = file.suffix.map { PlotFiles.path(plot, suffix: $0) } ?? plot
                    try PlotFiles.write(file.svg, to: path)
                    written.append(path)
                }
            }
            if let saveBest {
                for agent in result.agents {
                    guard let best = agent.runs.compactMap(\.best).min(by: { ($0.score, $0.index) < ($1.score, $1.index) }),
                          let seed = agent.runs.first(where: { $0.best == best })?.seed else { continue }
                    let path = BestDesignFile.path(directory: saveBest, name: agent.name)
                    try BestDesignFile.write(space: designSpace, point: best, header: "best design of \(designSpace.name) found by "
                                             + "\(agent.name) (seed \(seed) of \(seeds), budget \(result.budget))", to: path)
                    written.append(path)
                }
                if let optimum = result.exhaustive?.optimum {
                    let path = BestDesignFile.path(directory: saveBest, name: "optimum")
                    try BestDesignFile.write(space: designSpace, point: optimum,
                                             header: "exact optimum of \(designSpace.name) (every point enumerated)", to: path)
                    written.append(path)
                }
            }
        } catch {
            for path in written { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
        if json {
            print(ExplorationResults.json(comparison: result, spaceName: designSpace.name))
        } else {
            print(ExplorationResults.text(comparison: result, spaceName: designSpace.name, width: table.width), terminator: "")
            for path in written { print("written: \(path)") }
        }
    }
}
