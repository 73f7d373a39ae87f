import ArcadeKernel
import ArcadeWorkloads

/// The trace-driven core: issues the trace's accesses in program order, one per cycle, with at
/// most `window` in flight, through the hierarchy's levels; last-level misses and write-backs go
/// out through the memory port (the DRAM component or a fixed-latency memory) on the kernel.
///
/// Functional state changes at issue, in program order (so counts equal pycachesim's whatever the
/// timing); time is then worked out along the access's path: at each level that misses, an MSHR
/// (waiting for the earliest to free when all are busy), the level's latency (a stacked level's
/// bank and vertical-link queues included), and the memory's response for accesses memory serves.
/// A hit on a line an MSHR is still bringing completes when the line arrives.
///
/// Hits and known times need no event: the core runs ahead of the kernel on them. It stops only
/// where a time is not known yet — a memory response it needs, or memory traffic due later than
/// the kernel's now (it wakes then, so every transaction is offered at its own time) — and goes on
/// when the response or the wake arrives. Writes (write-backs, write-throughs) are posted: they
/// occupy the memory but hold up no access.
final class CacheCore: Component {
    let name = "core"
    var id: Int32 = -1
    /// Grows during the run behind an external memory port (`CacheExternalPort`).
    var trace: [AddressAccess]
    /// Behind an external memory port: each access's offer time; it issues no earlier.
    var arrivals: [Picoseconds]? = nil
    /// Told each timed access's completion (trace index, time) — behind an external memory port, and
    /// for the C ABI's reference run. Needs `fastPaths` off (their loops do not call it).
    var onComplete: ((Int, Picoseconds) -> Void)? = nil
    let hierarchy: CacheHierarchy
    let clock: ClockDomain
    let period: Picoseconds
    let window: Int
    /// The last level's port to the memory (its initiator is the last level, which hands
    /// responses and retries to this core).
    var port: MemoryPort!
    let transactionBytes: Int
    /// Addresses are folded into the memory's capacity (a trace's stack near 2^47 on a 16 GiB DRAM).
    let memoryCapacity: UInt64?
    let progress: (@Sendable (Int) -> Void)?
    /// The first-level-hit shortcuts (`firstLevelHits`, and the same test in `run`); off, every
    /// access takes the general path — the slow reference `CacheFastPathTests` compares against.
    let fastPaths: Bool

    var next = 0
    var issueAt: Picoseconds = 0
    var planned = false
    var deepest: Int? = nil

    // The window: known completion times (sorted) and accesses waiting on a memory read.
    var completions: CompletionRing
    struct Waiter {
        var read: UInt64
        var notBefore: Picoseconds
        var issue: Picoseconds
        var deepest: Int
        var path: Int8      // 0 data, 1 instruction
        var index: Int      // in the trace
    }
    var waiters: [Waiter] = []

    // Memory.
    var nextRead: UInt64 = 1
    var readParts: [UInt64: Int] = [:]
    var outbox: [MemoryTransaction] = []
    var outboxHead = 0
    var waitingForRetry = false
    var outstandingTransactions = 0
    var nextWrite: UInt64 = 0
    var scheduledWake = Picoseconds.max
    var memoryTransactions = 0

    // Results.
    /// Σ (completion − issue) in picoseconds (divided by the period once, in the report: a division per access cost a fifth of a timed run).
    var latencySumPicoseconds: UInt64 = 0
    var timedAccesses: Int64 = 0
    var endTime: Picoseconds = 0

    // The plan of the current access, per position on its path (no allocation per access).
    let slots: PlanSlots
    let dataPath: [CacheLevel]
    let instructionPath: [CacheLevel]
    /// Hit latency of each level of the data path ([0]) and of the instruction path ([1]), in picoseconds.
    let latency: [[Picoseconds]]
    /// The first levels and their latencies, for the first-level-hit path without array reads.
    unowned(unsafe) let firstLevel: CacheLevel
    unowned(unsafe) let instructionLevel: CacheLevel?
    let hasInstructionLevel: Bool
    let firstLatency: (Picoseconds, Picoseconds)

    init(trace: [AddressAccess], hierarchy: CacheHierarchy, clock: ClockDomain, window: Int, transactionBytes: Int,
         memoryCapacity: UInt64?, progress: (@Sendable (Int) -> Void)?, fastPaths: Bool = true) {
        self.fastPaths = fastPaths
        self.trace = trace
        self.hierarchy = hierarchy
        self.clock = clock
        period = clock.periodPicoseconds
        self.window = window
        completions = CompletionRing(capacity: window)
        self.transactionBytes = transactionBytes
        self.memoryCapacity = memoryCapacity
        self.progress = progress
        dataPath = hierarchy.levels
        instructionPath = hierarchy.path(for: .instruction)
        latency = [dataPath, instructionPath].map { path in path.map { clock.duration(ofCycles: UInt64($0.config.hitLatencyCycles)) } }
        let depth = hierarchy.levels.count
        firstLevel = hierarchy.levels[0]
        instructionLevel = hierarchy.instructionLevel
        hasInstructionLevel = hierarchy.instructionLevel != nil
        firstLatency = (latency[0][0], latency[1][0])
        slots = PlanSlots(count: depth)
        waiters.reserveCapacity(window)
    }

    var isFinished: Bool {
        next == trace.count && waiters.isEmpty && outboxHead == outbox.count && outstandingTransactions == 0
    }

    var status: String {
        if waitingForRetry { return "waiting for the memory to accept a transaction (access \(next) of \(trace.count))" }
        return "access \(next) of \(trace.count), \(waiters.count) waiting on memory, \(outstandingTransactions) transactions out"
    }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        switch event.kind {
        case .wake:
            if now >= scheduledWake { scheduledWake = .max }
        case .retry:
            waitingForRetry = false
        case .response:
            memoryResponded(event.payload, at: now)
        }
        run(now: now, scheduler: &scheduler)
    }

    func wake(at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard time < scheduledWake else { return }
        scheduledWake = time
        scheduler.schedule(ComponentEvent(target: id, kind: .wake), at: time)
    }

    // MARK: - Issue

    func run(now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard flushOutbox(at: now, scheduler: &scheduler) else { return }
        // Locals, so the loop does not retain them per access.
        let trace = self.trace, hierarchy = self.hierarchy, sink = hierarchy.sink
        let first = firstLevel, instruction = instructionLevel
        let count = trace.count
        while next < count {
            if fastPaths && !planned && waiters.isEmpty && !first.isStacked {
                firstLevelHits(trace, hierarchy: hierarchy, sink: sink, first: first)
                if next >= count { break }
            }
            if completions.count &+ waiters.count >= window {
                if let earliest = completions.min, waiters.isEmpty || earliest <= now {
                    _ = completions.popMin()
                    issueAt = max(issueAt, earliest)
                    continue
                }
                if let earliest = completions.min { wake(at: earliest, scheduler: &scheduler) }
                return
            }
            let access = trace[next]
            if !planned {
                if let arrivals { issueAt = max(issueAt, arrivals[next]) }
                if next & 0x3FFFF == 0 { progress?(next) }
                sink.transferCount = 0
                deepest = hierarchy.access(access)
                planned = true
            }
            guard let deepest else {
                // An instruction fetch with no L1I: counted, not timed.
                onComplete?(next, issueAt)
                planned = false
                next &+= 1
                continue
            }
            let isInstruction = access.kind == .instruction && hasInstructionLevel
            if fastPaths && deepest == 0 && sink.transferCount == 0 {
                // A first-level hit (most accesses): no MSHR, no memory, no stacked layer — unless
                // its line is still on its way.
                let level = isInstruction ? instruction.unsafelyUnwrapped : first
                if !level.isStacked && level.hitIsReady(access.address, at: issueAt) {
                    complete(at: issueAt &+ (isInstruction ? firstLatency.1 : firstLatency.0), issue: issueAt)
                    planned = false
                    next &+= 1
                    issueAt &+= period
                    continue
                }
            }
            let path = isInstruction ? instructionPath : dataPath
            let plan = self.plan(access, path: path, latencies: latency[isInstruction ? 1 : 0], deepest: deepest,
                                 at: issueAt, now: now)
            switch plan {
            case .wait(let time):
                if let time { wake(at: time, scheduler: &scheduler) }
                return
            case .go(let completion, let pendingRead, let newRead, let sendTime):
                if !(hierarchy.sink.transferCount == 0) && sendTime > now {
                    wake(at: sendTime, scheduler: &scheduler)
                    return
                }
                let read = newRead ? nextRead : pendingRead
                commit(path: path, deepest: deepest, completion: completion, read: read, issue: issueAt,
                       instruction: isInstruction)
                if newRead { nextRead += 1 }
                if !(hierarchy.sink.transferCount == 0) { enqueueTransfers(read: newRead ? read : nil) }
                planned = false
                next += 1
                issueAt += period
                guard flushOutbox(at: now, scheduler: &scheduler) else { return }
            }
        }
        if next == trace.count { progress?(next) }
    }

    /// The common case in a loop of its own: data accesses that hit the first level, with no access
    /// waiting on memory (so the window's earliest completion is known). Stops at the first access
    /// that is anything else, with its functional outcome made (`planned`) for `run` to time — the
    /// same steps as `run`'s first-level-hit path, without its property traffic per access.
    @inline(__always)
    func firstLevelHits(_ trace: [AddressAccess], hierarchy: CacheHierarchy, sink: CacheMemorySink, first: CacheLevel) {
        var index = next, time = issueAt
        let count = trace.count, latency = firstLatency.0, step = period, hasL1I = hasInstructionLevel
        defer { next = index; issueAt = time }
        while index < count {
            if completions.count >= window, let earliest = completions.popMin(), earliest > time { time = earliest }
            let access = trace[index]
            if access.kind == .instruction && hasL1I { return }
            if index & 0x3FFFF == 0, let progress { progress(index) }
            sink.transferCount = 0
            guard let served = hierarchy.access(access) else {
                index &+= 1         // an instruction fetch with no L1I: counted, not timed
                continue
            }
            guard served == 0 && sink.transferCount == 0 && first.hitIsReady(access.address, at: time) else {
                deepest = served
                planned = true
                return
            }
            complete(at: time &+ latency, issue: time)
            index &+= 1
            time &+= step
        }
    }

    @inline(__always)
    func complete(at completion: Picoseconds, issue: Picoseconds) {
        completions.insert(completion)
        latencySumPicoseconds &+= completion &- issue
        timedAccesses &+= 1
        endTime = max(endTime, completion)
    }
}
