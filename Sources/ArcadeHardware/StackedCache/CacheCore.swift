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
    let trace: [AddressAccess]
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

    // The window: known completion times (a min-heap) and accesses waiting on a memory read.
    var completions: PicosecondHeap
    struct Waiter {
        var read: UInt64
        var notBefore: Picoseconds
        var issue: Picoseconds
        var deepest: Int
        var path: Int8      // 0 data, 1 instruction
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
        completions = PicosecondHeap(capacity: window)
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

    enum Plan {
        /// Wait: until `time` if known (a response may come sooner), else for a response.
        case wait(Picoseconds?)
        /// Go: the access completes at `completion`, or when `read` responds (nil: a new memory
        /// read, the access's own); memory traffic goes out at `sendTime`.
        case go(completion: Picoseconds, pendingRead: UInt64?, newRead: Bool, sendTime: Picoseconds)
    }

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
                if next & 0x3FFFF == 0 { progress?(next) }
                sink.transferCount = 0
                deepest = hierarchy.access(access)
                planned = true
            }
            guard let deepest else {
                // An instruction fetch with no L1I: counted, not timed.
                planned = false
                next &+= 1
                continue
            }
            let isInstruction = access.kind == .instruction && hasInstructionLevel
            if fastPaths && deepest == 0 && sink.transferCount == 0 {
                // A first-level hit (most accesses): no MSHR, no memory, no stacked layer — unless
                // its line is still on its way.
                let level = isInstruction ? instruction.unsafelyUnwrapped : first
                if !level.isStacked && ((level.timing.pendingEntries == 0 && level.timing.latestFill <= issueAt)
                                        || level.timing.inFlight(access.address &>> level.lineBits, at: issueAt) == nil) {
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
            guard served == 0 && sink.transferCount == 0
                    && ((first.timing.pendingEntries == 0 && first.timing.latestFill <= time)
                        || first.timing.inFlight(access.address &>> first.lineBits, at: time) == nil) else {
                deepest = served
                planned = true
                return
            }
            complete(at: time &+ latency, issue: time)
            index &+= 1
            time &+= step
        }
    }

    /// When the access issued at `t` would complete, without changing any state.
    @inline(__always)
    func plan(_ access: AddressAccess, path: [CacheLevel], latencies: [Picoseconds], deepest: Int, at t: Picoseconds,
              now: Picoseconds) -> Plan {
        var arrival = t
        let last = min(deepest, path.count - 1)
        var j = 0
        while j <= last {
            let level = path[j]
            let isHit = j == deepest
            var ready = arrival &+ latencies[j]
            if let stacked = level.config.stacked {
                ready = stackedReady(level, stacked, position: j, arrival: arrival, base: latencies[j], hit: isHit)
            }
            slots[j].arrival = arrival
            if isHit {
                let line = access.address >> level.lineBits
                if let entry = level.timing.inFlight(line, at: arrival) {
                    let fill = level.timing.mshrFill[entry]
                    if fill == CacheLevelTiming.pending {
                        return .go(completion: ready, pendingRead: level.timing.mshrRead[entry], newRead: false, sendTime: ready)
                    }
                    ready = max(ready, fill)
                }
                return .go(completion: ready, pendingRead: nil, newRead: false, sendTime: max(ready, now))
            }
            let free = level.timing.freeEntry(at: arrival)
            if let entry = free.entry {
                slots[j].entry = entry
            } else if let earliest = free.earliest, !free.anyPending || earliest <= now {
                arrival = earliest       // stall until the first MSHR frees, then look again
                continue
            } else {
                return .wait(free.earliest)
            }
            arrival = ready
            j += 1
        }
        return .go(completion: arrival, pendingRead: nil, newRead: true, sendTime: max(arrival, now))
    }

    /// A stacked level's latency for an access arriving at `arrival`: the tag lookup, then for a
    /// hit the bank (waiting while it is busy), the vertical link of the line's layer (waiting while
    /// it moves another line) and the crossings; notes the bank and link times in the plan.
    @inline(__always)
    func stackedReady(_ level: CacheLevel, _ stacked: StackedLayout, position j: Int, arrival: Picoseconds,
                      base: Picoseconds, hit: Bool) -> Picoseconds {
        let layers = stacked.dataLayers
        let set = level.lastSet
        let layer = stacked.layer(set: set, frame: level.lastFrame, ways: level.ways)
        let bank = layer * stacked.banksPerLayer
            + (stacked.mapping == .bySet ? set / stacked.totalShares : set) % stacked.banksPerLayer
        let vertical = clock.duration(ofCycles: UInt64(stacked.verticalLatencyCycles))
        let horizontal = clock.duration(ofCycles: UInt64(stacked.horizontalLatencyCycles))
        var tagReady = arrival &+ base
        if stacked.tags == .withData { tagReady &+= vertical &* Picoseconds(stacked.crossings(toLayer: layers - 1)) }
        slots[j].bank = -1
        guard hit else { return tagReady }
        let crossings = Picoseconds(stacked.crossings(toLayer: layer))
        let start = max(tagReady, level.timing.bankFree[bank])
        var linkStart = start
        var transfer: Picoseconds = 0
        if crossings > 0 {
            linkStart = max(start, level.timing.linkFree[layer])
            let cycles = (level.config.lineBytes + stacked.verticalBytesPerCycle - 1) / stacked.verticalBytesPerCycle
            transfer = clock.duration(ofCycles: UInt64(cycles))
        }
        slots[j].bank = bank
        slots[j].layer = layer
        slots[j].bankStart = start
        slots[j].linkStart = linkStart
        return linkStart &+ transfer &+ vertical &* crossings &+ horizontal
    }

    /// Books what the plan used: MSHRs of the levels that missed, banks and links of a stacked
    /// level, and the access's completion (known, or when `read` responds).
    func commit(path: [CacheLevel], deepest: Int, completion: Picoseconds, read: UInt64?, issue: Picoseconds,
                instruction: Bool) {
        let last = min(deepest, path.count - 1)
        for j in 0...last {
            let level = path[j]
            if let stacked = level.config.stacked, slots[j].bank >= 0 {
                let bank = slots[j].bank, layer = slots[j].layer
                let busy = clock.duration(ofCycles: UInt64(stacked.bankBusyCycles))
                let tagReady = slots[j].arrival &+ latency[instruction ? 1 : 0][j]
                level.timing.bankConflictCycles &+= Int64((slots[j].bankStart - min(slots[j].bankStart, tagReady)) / period)
                level.timing.bankFree[bank] = slots[j].bankStart &+ busy
                level.timing.bankBusyCycles[bank] &+= Int64(stacked.bankBusyCycles)
                level.timing.layerAccesses[layer] &+= 1
                level.timing.layerBytes[layer] &+= Int64(level.config.lineBytes)
                if stacked.crossings(toLayer: layer) > 0 {
                    let cycles = (level.config.lineBytes + stacked.verticalBytesPerCycle - 1) / stacked.verticalBytesPerCycle
                    level.timing.verticalQueueCycles &+= Int64((slots[j].linkStart - slots[j].bankStart) / period)
                    level.timing.linkFree[layer] = slots[j].linkStart &+ clock.duration(ofCycles: UInt64(cycles))
                }
                slots[j].bank = -1
            }
            guard j < deepest else { continue }
            let entry = slots[j].entry
            level.timing.mshrLine[entry] = trace[next].address >> level.lineBits
            level.timing.missCount &+= 1
            level.timing.missLatencySum &-= Int64(slots[j].arrival)
            if let read {
                level.timing.mshrFill[entry] = CacheLevelTiming.pending
                level.timing.mshrRead[entry] = read
                level.timing.pendingEntries += 1
            } else {
                level.timing.mshrFill[entry] = completion
                level.timing.latestFill = max(level.timing.latestFill, completion)
                level.timing.missLatencySum &+= Int64(completion)
            }
        }
        if let read {
            waiters.append(Waiter(read: read, notBefore: completion, issue: issue, deepest: deepest, path: instruction ? 1 : 0))
        } else {
            complete(at: completion, issue: issue)
        }
    }

    @inline(__always)
    func complete(at completion: Picoseconds, issue: Picoseconds) {
        completions.insert(completion)
        latencySumPicoseconds &+= completion &- issue
        timedAccesses &+= 1
        endTime = max(endTime, completion)
    }

    // MARK: - Memory

    /// The access's memory traffic as transactions of the memory's size; the first read is the
    /// access's own (`read`), the rest posted.
    func enqueueTransfers(read: UInt64?) {
        var criticalPending = read != nil
        for transfer in hierarchy.sink.transfers {
            let parts = max(1, (Int(transfer.bytes) + transactionBytes - 1) / transactionBytes)
            let base = transfer.address / UInt64(transactionBytes) * UInt64(transactionBytes)
            let readID: UInt64?
            if !transfer.isWrite && criticalPending {
                readID = read
                criticalPending = false
            } else {
                readID = nil
            }
            if let readID { readParts[readID] = parts }
            for part in 0..<parts {
                var address = base &+ UInt64(part * transactionBytes)
                if let memoryCapacity { address %= memoryCapacity }
                let id: UInt64
                if let readID { id = readID << 12 | UInt64(part) } else { id = 1 << 63 | nextWrite; nextWrite += 1 }
                outbox.append(MemoryTransaction(id: id, address: address, bytes: UInt32(transactionBytes), isWrite: transfer.isWrite))
            }
        }
    }

    /// Offers queued transactions; false while the memory refuses one (a `.retry` follows).
    func flushOutbox(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        guard !waitingForRetry else { return false }
        while outboxHead < outbox.count {
            guard port.send(outbox[outboxHead], at: now, scheduler: &scheduler) else {
                waitingForRetry = true
                return false
            }
            outboxHead += 1
            outstandingTransactions += 1
            memoryTransactions += 1
        }
        if outboxHead > 0 {
            outbox.removeAll(keepingCapacity: true)
            outboxHead = 0
        }
        return true
    }

    func memoryResponded(_ id: UInt64, at now: Picoseconds) {
        outstandingTransactions -= 1
        guard id >> 63 == 0 else { return }      // a posted write
        let read = id >> 12
        guard let parts = readParts[read] else { return }
        if parts > 1 { readParts[read] = parts - 1; return }
        readParts[read] = nil
        var index = 0
        while index < waiters.count {
            let waiter = waiters[index]
            guard waiter.read == read else { index += 1; continue }
            let completion = max(now, waiter.notBefore)
            complete(at: completion, issue: waiter.issue)
            let path = waiter.path == 1 ? instructionPath : dataPath
            for j in 0..<min(waiter.deepest, path.count) { path[j].timing.missLatencySum &+= Int64(completion) }
            waiters.swapAt(index, waiters.count - 1)
            waiters.removeLast()
        }
        for path in [dataPath, instructionPath] {
            for level in path where level.timing.pendingEntries > 0 {
                for entry in level.timing.mshrFill.indices
                where level.timing.mshrFill[entry] == CacheLevelTiming.pending && level.timing.mshrRead[entry] == read {
                    level.timing.mshrFill[entry] = now
                    level.timing.pendingEntries -= 1
                    level.timing.latestFill = max(level.timing.latestFill, now)
                }
            }
        }
    }
}

/// What `plan` worked out for one level of the current access's path, for `commit` to book.
struct PlanSlot {
    var arrival: Picoseconds = 0
    var entry = -1
    var bank = -1
    var bankStart: Picoseconds = 0
    var linkStart: Picoseconds = 0
    var layer = -1
}

/// One `PlanSlot` per level, in a fixed buffer: written on every access that misses the first
/// level, where arrays cost a uniqueness check per write. Bounds are checked in debug builds.
struct PlanSlots: ~Copyable {
    private let slots: UnsafeMutablePointer<PlanSlot>
    private let count: Int

    init(count: Int) {
        self.count = max(1, count)
        slots = .allocate(capacity: self.count)
        slots.initialize(repeating: PlanSlot(), count: self.count)
    }

    deinit { slots.deallocate() }

    subscript(level: Int) -> PlanSlot {
        @inline(__always) get {
            assert(level >= 0 && level < count, "plan slot \(level) of \(count)")
            return slots[level]
        }
        @inline(__always) nonmutating set {
            assert(level >= 0 && level < count, "plan slot \(level) of \(count)")
            slots[level] = newValue
        }
    }
}

/// The window's known completion times, kept sorted in a ring of the window's size: a first-level
/// hit completes a few cycles after the one before it, so it goes in at the back with one compare,
/// and the earliest leaves from the front — cheaper and more predictable than a binary heap, whose
/// sift-down on every access cost a fifth of a timed run.
struct PicosecondHeap: ~Copyable {
    private let items: UnsafeMutablePointer<Picoseconds>
    private let mask: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        var size = 1
        while size < capacity { size <<= 1 }
        mask = size - 1
        items = .allocate(capacity: size)
    }

    deinit { items.deallocate() }

    var min: Picoseconds? { count > 0 ? items[head] : nil }

    @inline(__always)
    mutating func insert(_ value: Picoseconds) {
        precondition(count <= mask, "the window holds at most \(mask + 1) accesses")
        var position = count
        while position > 0 {
            let before = items[(head &+ position &- 1) & mask]
            guard before > value else { break }
            items[(head &+ position) & mask] = before
            position &-= 1
        }
        items[(head &+ position) & mask] = value
        count &+= 1
    }

    @inline(__always)
    mutating func popMin() -> Picoseconds? {
        guard count > 0 else { return nil }
        let first = items[head]
        head = (head &+ 1) & mask
        count &-= 1
        return first
    }
}
