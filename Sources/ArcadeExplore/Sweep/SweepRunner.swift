import ArcadeCore
import Foundation

/// Progress of a running sweep (this session only: `done` counts points evaluated since start).
public struct SweepProgress: Sendable {
    public var done: Int
    public var total: Int
    /// Points found already in the file when the sweep (re)started.
    public var resumed: Int
    public var elapsedSeconds: Double
}

/// What a sweep did.
public struct SweepOutcome: Sendable {
    /// Every point of the sweep (or shard), sorted by rank.
    public var records: [SweepRecord]
    /// The complete file.
    public var path: String
    /// Points taken from an earlier, interrupted run.
    public var resumed: Int
    /// Points evaluated by this run.
    public var evaluated: Int
    /// The file was already complete: nothing was evaluated.
    public var alreadyComplete: Bool
    /// Wall-clock seconds of the evaluation loop, and of it the seconds the writer spent appending and flushing.
    public var seconds: Double
    public var storeSeconds: Double
    /// Seconds the workers spent inside evaluations, summed over workers.
    public var evaluationSeconds: Double = 0
    /// CPU seconds of the workers inside evaluations (below `evaluationSeconds` when the cores are shared).
    public var evaluationCPUSeconds: Double = 0
}

/// Runs one sweep (or one shard of it) into one file, resumably.
///
/// While it runs, rows are appended to `.NAME.partial` next to the destination and flushed every
/// `batchSize` points; when every point is in, the complete file (rows sorted by rank, the sweep's
/// attributes, `sweep_hash` among them) is written atomically at the destination and the partial
/// file removed. Running the same sweep again continues from the partial file (points whose rank
/// is already there are skipped), or does nothing when the destination is complete. A file of a
/// different sweep definition is refused (`InputError`, exit 2).
///
/// Points are evaluated by `jobs` worker threads that each take the next point when free (a slow
/// point does not hold up the others); the calling thread writes the results as they arrive.
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let shard: SweepShard?
    /// The destination of the unsharded sweep; shards write next to it (`SweepFiles.shardPath`).
    public let out: String
    public let jobs: Int
    public let batchSize: Int
    public let storage: any SweepStorage
    /// How the user named the space file (stored in the file and used in rerun hints).
    public let spaceArgument: String

    public init(plan: SweepPlan, shard: SweepShard? = nil, out: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                batchSize: Int? = nil, storage: any SweepStorage, spaceArgument: String? = nil) {
        self.plan = plan
        self.shard = shard
        self.out = out
        self.jobs = max(1, jobs)
        self.batchSize = max(1, batchSize ?? max(32, 16 * max(1, jobs)))
        self.storage = storage
        self.spaceArgument = spaceArgument ?? plan.space.file
    }

    public var path: String { SweepFiles.shardPath(out: out, shard: shard) }
    public var partialPath: String { SweepFiles.partialPath(for: path) }
    public var format: SweepTableFormat { SweepTableFormat(space: plan.space) }

    /// The command (without --out/--shard) that reproduces this sweep's point list.
    public var command: String {
        (["arcade", "sweep", spaceArgument] + plan.sampling.arguments + ["--seed", String(plan.seed)]).joined(separator: " ")
    }

    /// Attributes of the complete unsharded file (and of a merged one).
    public var sweepAttributes: [(key: String, value: String)] {
        [("sweep_hash", plan.hash), ("sweep_space", plan.space.name), ("sweep_sampling", plan.sampling.description),
         ("sweep_seed", String(plan.seed)), ("sweep_points", String(plan.ranks.count)), ("sweep_command", command),
         ("space", plan.space.text), (PointTableLayout.attributeName, format.layout.json)]
            + (plan.ranksArePositions ? [("sweep_rank", "position in the plan (the space has more than \(Int.max) points)")] : [])
    }

    /// Attributes of this run's file: the sweep's, plus `sweep_shard` for a shard.
    public var attributes: [(key: String, value: String)] {
        sweepAttributes + (shard.map { [("sweep_shard", $0.description)] } ?? [])
    }

    /// Checks that an existing file belongs to this sweep (same hash and shard).
    func checkCompatible(_ found: [(key: String, value: String)], path: String) throws {
        let hash = found.first { $0.key == "sweep_hash" }?.value
        guard let hash else {
            throw InputError(file: path, "exists but is not an Arcade sweep file (no sweep_hash); choose another --out or remove it")
        }
        guard hash == plan.hash else {
            throw InputError(file: path, "was written by a different sweep definition (sweep_hash \(hash), this sweep \(plan.hash): "
                             + "the space, its architecture or workload, the sampling or the seed changed); "
                             + "use another --out, or remove the file to start over")
        }
        // Same definition, older layout: say so rather than report mismatched columns.
        _ = try SweepTableFormat(attributes: found, file: path)
        let foundShard = found.first { $0.key == "sweep_shard" }?.value
        guard foundShard == shard?.description else {
            throw InputError(file: path, "belongs to shard \(foundShard ?? "none") of this sweep, not \(shard?.description ?? "none")")
        }
    }

    /// Whether the destination already holds this complete sweep (or shard).
    public func isComplete() throws -> Bool {
        guard let existing = try storage.read(path: path) else { return false }
        try checkCompatible(existing.attributes, path: path)
        return true
    }

    /// The records of the complete file at `path` when it exists (verified: checksum, sweep,
    /// shard, and exactly the wanted points), else nil.
    func completeRecords(wanted: [Int]) throws -> [SweepRecord]? {
        guard let existing = try storage.read(path: path) else { return nil }
        try checkCompatible(existing.attributes, path: path)
        let records = try format.records(existing.table, file: path)
        guard records.map(\.rank) == wanted.sorted() else {
            throw InputError(file: path, "holds \(records.count) points, not the \(wanted.count) of this sweep\(shard.map { " shard \($0)" } ?? ""); "
                             + "remove it and rerun to recreate it")
        }
        return records
    }

    public func run(progress: (SweepProgress) -> Void = { _ in }) throws -> SweepOutcome {
        let format = self.format
        try format.validate(file: plan.space.file)
        let wanted = plan.ranks(shard: shard)
        let wantedSet = Set(wanted)
        func complete(_ records: [SweepRecord]) -> SweepOutcome {
            SweepOutcome(records: records, path: path, resumed: records.count, evaluated: 0, alreadyComplete: true,
                         seconds: 0, storeSeconds: 0)
        }
        if let records = try completeRecords(wanted: wanted) { return complete(records) }
        // One writer per file from here on; the lock is released (and its file removed) on return or throw.
        let lock = try storage.lock(path: path)
        defer { withExtendedLifetime(lock) {} }
        if let records = try completeRecords(wanted: wanted) {
            // Finished meanwhile, or killed between writing the complete file and removing the partial one.
            try storage.remove(path: partialPath)
            return complete(records)
        }
        var done: [Int: SweepRecord] = [:]
        let partial: (attributes: [(key: String, value: String)], table: ResultTable)?
        do {
            partial = try storage.read(path: partialPath)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: partialPath, "cannot be read to resume (\(error)); remove it to start this sweep over")
        }
        if let partial {
            try checkCompatible(partial.attributes, path: partialPath)
            for record in try format.records(partial.table, file: partialPath) where wantedSet.contains(record.rank) && done[record.rank] == nil {
                done[record.rank] = record
            }
        }
        let resumed = done.count
        let remaining = wanted.filter { done[$0] == nil }
        let appender = try storage.openAppending(path: partialPath, attributes: attributes, columns: format.columns([]))
        let clock = ContinuousClock()
        let start = clock.now
        var storeTime = Duration.zero
        var evaluationSeconds = 0.0, evaluationCPUSeconds = 0.0
        progress(SweepProgress(done: 0, total: remaining.count, resumed: resumed, elapsedSeconds: 0))
        do {
            let pool = SweepWorkerPool(plan: plan, ranks: remaining, jobs: jobs)
            var evaluated = 0
            while evaluated < remaining.count {
                let batch = pool.next(atLeast: min(batchSize, remaining.count - evaluated))
                let writeStart = clock.now
                try appender.append(format.columns(batch))
                try appender.flush()
                storeTime += clock.now - writeStart
                for record in batch { done[record.rank] = record }
                evaluated += batch.count
                progress(SweepProgress(done: evaluated, total: remaining.count, resumed: resumed,
                                       elapsedSeconds: Self.seconds(clock.now - start)))
            }
            pool.join()
            evaluationSeconds = pool.evaluationSeconds
            evaluationCPUSeconds = pool.evaluationCPUSeconds
            try appender.close()
        } catch {
            try? appender.close()
            throw error
        }
        let seconds = Self.seconds(clock.now - start)
        let records = wanted.sorted().map { done[$0]! }
        try storage.writeComplete(path: path, family: plan.space.family, totals: Self.totals(records),
                                  attributes: attributes, table: format.table(records))
        try storage.remove(path: partialPath)
        return SweepOutcome(records: records, path: path, resumed: resumed, evaluated: remaining.count, alreadyComplete: false,
                            seconds: seconds, storeSeconds: Self.seconds(storeTime), evaluationSeconds: evaluationSeconds,
                            evaluationCPUSeconds: evaluationCPUSeconds)
    }

    static func totals(_ records: [SweepRecord]) -> [(key: String, value: ResultValue)] {
        [("points", .int(Int64(records.count))), ("failures", .int(Int64(records.filter { !$0.feasible }.count)))]
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// `jobs` threads evaluating `ranks`, each taking the next unclaimed point; results are handed to
/// the consumer in completion order.
final class SweepWorkerPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var nextIndex = 0
    private var finished: [SweepRecord] = []
    private var running: Int
    /// Results the consumer is waiting for.
    private var wanted = Int.max
    private var evaluationTime = Duration.zero
    /// Seconds spent inside evaluations, summed over workers.
    var evaluationSeconds: Double { condition.withLock { SweepRunner.seconds(evaluationTime) } }
    private var evaluationCPU = 0.0
    /// CPU seconds of the worker threads inside evaluations (less than `evaluationSeconds` when other processes share the cores).
    var evaluationCPUSeconds: Double { condition.withLock { evaluationCPU } }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
    private let ranks: [Int]
    private let plan: SweepPlan
    private let evaluator: DesignSpaceEvaluator

    init(plan: SweepPlan, ranks: [Int], jobs: Int) {
        self.plan = plan
        self.ranks = ranks
        // One point per call, so parallelism 1; the cache is shared and locked.
        evaluator = DesignSpaceEvaluator(space: plan.space, parallelism: 1)
        let workers = max(1, min(jobs, ranks.count))
        running = workers
        for _ in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            guard nextIndex < ranks.count else {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let rank = ranks[nextIndex]
            nextIndex += 1
            condition.unlock()
            let clock = ContinuousClock()
            let start = clock.now, cpuStart = Self.threadCPUSeconds()
            let record = evaluate(rank)
            let took = clock.now - start, cpu = Self.threadCPUSeconds() - cpuStart
            condition.lock()
            evaluationTime += took
            evaluationCPU += cpu
            finished.append(record)
            // Wake the writer only when its batch is ready (a wake-up per point costs a context switch).
            if finished.count >= wanted { condition.broadcast() }
            condition.unlock()
        }
    }

    func evaluate(_ rank: Int) -> SweepRecord {
        let point = plan.point(rank: rank)
        let result = evaluator.evaluate([point])[0]
        let objectives = result.evaluation.objectives.count == plan.space.objectives.count
            ? result.evaluation.objectives : Array(repeating: Double.nan, count: plan.space.objectives.count)
        let metricCount = plan.space.metrics.count
        let metrics = result.evaluation.metrics.count == metricCount
            ? result.evaluation.metrics : Array(repeating: Double.nan, count: metricCount)
        return SweepRecord(rank: rank, parameters: plan.space.decode(point), objectives: objectives, metrics: metrics,
                           feasible: result.evaluation.feasible && result.failure == nil,
                           failure: result.failure ?? (result.evaluation.feasible ? "" : "infeasible"))
    }

    /// Waits until `count` results are ready (or every worker stopped) and takes all ready results.
    func next(atLeast count: Int) -> [SweepRecord] {
        condition.lock()
        defer { condition.unlock() }
        wanted = count
        while finished.count < count && running > 0 { condition.wait() }
        wanted = Int.max
        let batch = finished
        finished.removeAll(keepingCapacity: true)
        return batch
    }

    func join() {
        condition.lock()
        while running > 0 { condition.wait() }
        condition.unlock()
    }
}
