import ArcadeCore
import ArcadeExplore
import ArcadeResults
import ArgumentParser
import Foundation

/// `arcade sweep SPACE.yaml [--grid | --random N | --lhs N]`: every point into one resumable HDF5 file.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate many design points of a space into one HDF5 file (resumable, shardable, Slurm).",
        discussion: """
            The point list is deterministic: --grid (the default) takes every feasible point in rank \
            order; --random N and --lhs N are seeded (--seed, with a fixed default), so every shard \
            of a sweep sees the same list. Points run on --jobs worker threads (default: all cores); \
            failures (violated constraint, simulator error) are recorded with their reason.

            Results are appended to .<out>.partial and flushed every --batch points; rerunning the \
            same command after a crash or Ctrl-C continues where it stopped. When every point is in, \
            <out> is written (table 'points', sorted by rank; the definition hash in attribute \
            sweep_hash). A file of a different definition is refused. Every sweep file carries a \
            checksum of its content that resume, merge and "already complete" verify: a garbled or \
            truncated file is refused (exit 2), never read. One sweep at a time per --out: a second \
            one is refused naming the first's pid (lock .<out>.lock; a dead sweep's lock is taken over).

            --shard K/N evaluates every N-th point (positions ≡ K-1 mod N) into <out stem>.shard-K-of-N.h5; \
            'arcade merge' joins the shards. --slurm --shards N writes and submits a Slurm job array \
            (one shard per task) and a merge job that runs after it; resubmitting skips complete shards.

            Examples:
              arcade sweep Workloads/spaces/systolic-tiny.yaml --out results/tiny.h5
              arcade sweep Workloads/spaces/systolic-tiny.yaml --lhs 100 --seed 7 --json
              arcade sweep Workloads/spaces/systolic-tiny.yaml --out results/tiny.h5 --shard 2/3
              arcade sweep Workloads/spaces/systolic-tiny.yaml --out results/tiny.h5 --slurm --shards 8 --time 00:30:00
            """)

    @Argument(help: "Design-space file (.yaml).")
    var space: String

    @Flag(help: "Every feasible point in rank order (the default).")
    var grid = false

    @Option(help: "N distinct uniformly random points (seeded).")
    var random: Int?

    @Option(help: "N Latin-hypercube points (seeded).")
    var lhs: Int?

    @Option(help: "Seed of --random/--lhs.")
    var seed: UInt64 = SweepPlan.defaultSeed

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Points per append+flush (default: 16 × jobs, at least 32).")
    var batch: Int?

    @Option(help: "Result file (default: results/<space>-sweep.h5).")
    var out: String?

    @Option(help: ArgumentHelp("Also write the finished points table as DIR/points.csv (created when missing): the HDF5 'points' columns (rank, parameters, objectives, metrics, feasible, failure), one row per point in rank order.", valueName: "DIR"))
    var csv: String?

    @Option(help: "Evaluate only shard K of N (K in 1…N).")
    var shard: String?

    @Option(help: "Write an objective scatter to this SVG file (the second objective against the first), parallel coordinates of the best points to FILE-parallel.svg, and each further objective against the first to FILE-<objective>.svg.")
    var plot: String?

    @Flag(help: "Print the summary as one JSON document.")
    var json = false

    @OptionGroup var table: TableOptions

    @Flag(help: "Run as a Slurm job array (needs --shards).")
    var slurm = false

    @Option(help: "With --slurm: number of array tasks (shards).")
    var shards: Int?

    @Option(help: "With --slurm: partition.")
    var partition: String?

    @Option(help: "With --slurm: time limit per task (e.g. 00:30:00).")
    var time: String?

    @Option(help: "With --slurm: worker threads per task (default: --jobs).")
    var cpusPerTask: Int?

    @Flag(help: "With --slurm: write the scripts, do not submit.")
    var dryRun = false

    func validate() throws {
        if [grid, random != nil, lhs != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --grid, --random N, --lhs N")
        }
        if slurm {
            guard let shards, shards >= 1 else { throw ValidationError("--slurm needs --shards N (N ≥ 1)") }
            if shard != nil { throw ValidationError("--slurm and --shard exclude each other (the array sets the shard)") }
            if plot != nil { throw ValidationError("--plot needs the points here: plot after 'arcade merge' with 'arcade report', or sweep without --slurm") }
        } else if shards != nil || partition != nil || time != nil || dryRun || cpusPerTask != nil {
            throw ValidationError("--shards, --partition, --time, --cpus-per-task and --dry-run need --slurm")
        }
    }

    static let maximumJobs = 1024
    static let maximumBatch = 1_000_000

    var sampling: SweepSampling {
        if let random { return .random(random) }
        if let lhs { return .lhs(lhs) }
        return .grid
    }

    var outPath: String { out ?? "results/\(Explore.stem(space))-sweep.h5" }

    /// Bounded work: one thread per job, a batch held in memory, a file and an array task per shard.
    func checkLimits() throws {
        guard (1...Self.maximumJobs).contains(jobs) else {
            throw InputError(field: "--jobs", "\(jobs) is not allowed; allowed: 1 to \(Self.maximumJobs)")
        }
        if let batch, !(1...Self.maximumBatch).contains(batch) {
            throw InputError(field: "--batch", "\(batch) is not allowed; allowed: 1 to \(Self.maximumBatch)")
        }
        if let cpusPerTask, !(1...Self.maximumJobs).contains(cpusPerTask) {
            throw InputError(field: "--cpus-per-task", "\(cpusPerTask) is not allowed; allowed: 1 to \(Self.maximumJobs)")
        }
        if let shards, shards > SweepShard.maximumCount {
            throw InputError(field: "--shards", "\(shards) is not allowed; allowed: 1 to \(SweepShard.maximumCount)")
        }
    }

    func run() throws {
        try checkLimits()
        // Every option and output path is checked before the space is loaded or any file is created.
        try OutputPath.check(outPath, field: "--out")
        let shard = try self.shard.map(SweepShard.init(parsing:))
        if let shard { try OutputPath.check(SweepFiles.shardPath(out: outPath, shard: shard), field: "--out") }
        if slurm { try SweepSlurmJob.validate(partition: partition, timeLimit: time) }
        if let csv {
            if slurm {
                throw InputError(field: "--csv", "cannot be combined with --slurm: the points are evaluated later, by the "
                                     + "job array; allowed: a sweep that runs here (or 'arcade sweep' again after the merge)")
            }
            try OutputPath.checkDirectory(csv, field: "--csv")
        }
        let designSpace = try DesignSpaceFile.load(path: space)
        if let plot {
            try PlotFiles.check(plot, companions: SweepPlots.companions(objectives: designSpace.objectiveNames),
                                otherOutputs: [outPath, shard.map { SweepFiles.shardPath(out: outPath, shard: $0) }])
        }
        let plan = try SweepPlan(space: designSpace, sampling: sampling, seed: seed)
        let storage = HDF5SweepStorage()
        if slurm {
            try runSlurm(plan: plan, storage: storage)
            return
        }
        let runner = SweepRunner(plan: plan, shard: shard, out: outPath, jobs: jobs,
                                 batchSize: batch, storage: storage, spaceArgument: space)
        let progress = ProgressBar(phase: "sweep", unit: "points")
        defer { progress.finish() }
        let outcome = try runner.run { state in
            progress.update(phase: state.resumed > 0 ? "sweep (resumed after \(state.resumed))" : "sweep",
                            done: state.done, total: state.total, elapsedSeconds: state.elapsedSeconds)
        }
        progress.finish()
        // From the finished file, so the CSV holds exactly what the HDF5 'points' table holds.
        if let csv {
            let points = try ResultFileReader.table(SweepTableFormat.tableName, path: outcome.path)
            try OutputFolder.write([("\(SweepTableFormat.tableName).csv", ResultCSV.text(points))], into: csv)
        }
        let summary = SweepSummary(outcome: outcome, space: designSpace)
        var plots: [String] = []
        if let plot {
            let layout = PointTableLayout(evaluator: DesignSpaceEvaluator(space: designSpace))
            for file in SweepPlots.files(records: outcome.records, layout: layout, spaceName: designSpace.name) {
                let path = file.suffix.map { PlotFiles.path(plot, suffix: $0) } ?? plot
                try PlotFiles.write(file.svg, to: path)
                plots.append(path)
            }
        }
        if json {
            print(summary.json)
        } else {
            if outcome.alreadyComplete { print("\(outcome.path) is already complete; nothing to evaluate") }
            print(summary.text(width: table.width), terminator: "")
            for path in plots { print("plot written to \(path)") }
        }
    }

    func runSlurm(plan: SweepPlan, storage: HDF5SweepStorage) throws {
        let arcade = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let job = SweepSlurmJob(plan: plan, spaceArgument: space, out: outPath, shards: shards!, jobs: cpusPerTask ?? jobs,
                                partition: partition, timeLimit: time, arcadeExecutable: arcade,
                                workingDirectory: FileManager.default.currentDirectoryPath, storage: storage)
        let submission = try job.prepare(submit: !dryRun)
        print(submission.text, terminator: "")
    }
}
