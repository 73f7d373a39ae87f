/// What one `step` did, for the driver: requests completed and queue slots freed.
struct DRAMStepOutcome {
    var completed = 0
    /// The request a column command served in this step (at most one per step) and the cycle its
    /// data transfer ends; valid when `completed > 0`. The memory port responds with them.
    var completedSequence: Int32 = -1
    var completedCycle: Int64 = 0
    var freedRead = false
    var freedWrite = false
}

extension DRAMChannelController {
    /// Runs cycle `now`: picks at most one command (activated requests first, then a pending
    /// refresh, then the read or write queue by FR-FCFS or FCFS), issues it, and sets `wake` to the
    /// next cycle at which a command can become legal.
    ///
    /// The wake-up is a lower bound on the next cycle at which some command can be legal: a step
    /// that finds nothing legal changes no state (the write mode is settled at every step and on
    /// every arrival), so a bound that is too early costs a step, never a different result. The
    /// bound is kept tight because such empty steps were a third of all steps on random traffic.
    mutating func step(at now: Int64) -> DRAMStepOutcome {
        var outcome = DRAMStepOutcome()
        startDueRefresh(at: now)
        if desiredWriteMode() != writeMode { writeMode.toggle() }

        var future = Int64.max        // earliest cycle > now at which some candidate becomes legal
        var lookAgain = false         // something may be legal at now + 1 that no bound covers
        var refreshBlocked = false    // the refresh waits for activated requests to be served
        var refreshFuture = Int64.max

        // 1. Activated requests: their rows are open, only the column command is left.
        var reads = DRAMCandidates(), writes = DRAMCandidates()
        var chosenIndex = -1
        var chosenCommand = DRAMCommand.read
        var chosenSequence = Int32.max
        for index in 0..<activated.count {
            let entry = activated[index]
            let command = columnCommand(isWrite: entry.isWrite)
            let ready = max(timing.earliest(command, bank: Int(entry.bank)), entry.enterCycle)
            let rank = Int(entry.bank) &>> banksPerRankShift
            if entry.isWrite {
                writes.add(ready: ready <= now, at: ready, rank: rank)
            } else {
                reads.add(ready: ready <= now, at: ready, rank: rank)
            }
            if ready <= now && entry.sequence < chosenSequence {
                chosenIndex = index
                chosenCommand = command
                chosenSequence = entry.sequence
            }
        }
        future = min(reads.lateAt, writes.lateAt)

        // 2. A pending refresh: PRE(A) the banks it needs, then REF.
        var refreshCommand: DRAMCommand? = nil
        if refreshRank >= 0 {
            let (command, bank, blocked) = nextRefreshCommand()
            if blocked {
                refreshBlocked = true
            } else {
                let ready = timing.earliest(command, bank: bank)
                if ready <= now {
                    if chosenIndex >= 0 { lookAgain = true } else { refreshCommand = command }
                } else {
                    refreshFuture = ready
                }
            }
        }
        future = min(future, refreshFuture)

        // 3. The read or write queue, bank by bank (`DRAMChannelController+Scan.swift`).
        let useWrites = writeMode
        let fcfs = config.scheduler == .fcfs
        var scan = DRAMQueueScan()
        if fcfs { scan = scanQueueFCFS(isWrite: useWrites, at: now) } else { scanQueue(isWrite: useWrites, at: now, into: &scan) }
        if verifyScans && scan != referenceScan(isWrite: useWrites, at: now) { stats.scanMismatches += 1 }
        future = min(future, scan.future)
        let queueChoice = scan.choice
        let queueCommand = scan.command

        // 4. Issue at most one command.
        var next = Int64.max
        if chosenIndex >= 0 {
            let bank = Int(activated[chosenIndex].bank)
            issueFromActivated(index: chosenIndex, command: chosenCommand, at: now, outcome: &outcome)
            if chosenCommand == columnCommand(isWrite: true) { writes.readyCount &-= 1 } else { reads.readyCount &-= 1 }
            next = earliestAfterServing(reads, writes, scan, useWrites: useWrites, refreshFuture: refreshFuture,
                                 servedBank: bank, servedCommand: .read, servedBankCount: 0, at: now)
            // The refresh's PREA may have been waiting for exactly this request.
            if refreshBlocked { lookAgain = true }
        } else if let refreshCommand {
            let refreshFinished = issueRefresh(refreshCommand, at: now)
            if queueChoice >= 0 || refreshFinished { lookAgain = true }
            next = future
            if !refreshFinished {
                // The banks are being closed: the refresh itself comes next.
                let (command, bank, _) = nextRefreshCommand()
                next = min(next, timing.earliest(command, bank: bank))
            }
        } else if queueChoice >= 0 {
            let entry = useWrites ? writeQueue.slots[queueChoice] : readQueue.slots[queueChoice]
            let bank = Int(entry.bank)
            // The served class's requests in the served bank may change command; the bank is
            // bounded on its own (`earliestAgain`), so they leave the class's count.
            let summary = useWrites ? writeQueue.summary[bank] : readQueue.summary[bank]
            let servedBankCount = Int64(queueCommand.isColumn ? summary.hitCount : summary.otherCount)
            issueFromQueue(slot: queueChoice, isWrite: useWrites, command: queueCommand, at: now, outcome: &outcome)
            next = earliestAfterServing(reads, writes, scan, useWrites: useWrites, refreshFuture: refreshFuture,
                                 servedBank: bank, servedCommand: queueCommand, servedBankCount: servedBankCount, at: now)
            // The same request's next command (RD/WR after ACT, ACT after PRE).
            if queueCommand == .activate {
                next = min(next, timing.earliest(columnCommand(isWrite: entry.isWrite), bank: bank))
            } else if queueCommand == .precharge {
                next = min(next, timing.earliest(.activate, bank: bank))
            }
            // FCFS judged only the head: when it leaves the queue (served, or activated and moved
            // to the activated buffer) the new head needs a look next cycle.
            if fcfs && (useWrites ? outcome.freedWrite : outcome.freedRead) { lookAgain = true }
        } else {
            next = future             // nothing issued: every bound computed above still holds
        }

        // 5. Next wake-up.
        let issued = chosenIndex >= 0 || refreshCommand != nil || queueChoice >= 0
        if issued && (lookAgain || desiredWriteMode() != writeMode) { next = now + 1 }
        for rank in 0..<rankCount where rank != refreshRank && refreshDue[rank] > now && refreshDue[rank] < next {
            next = refreshDue[rank]
        }
        wake = stepEveryCycle ? now + 1 : max(next, now + 1)
        return outcome
    }

    /// After a request of `servedBank` was served at `now`: the earliest cycle anything else can
    /// be legal. The activated buffer's and the scanned queue's candidates (the served one already
    /// removed) are bounded class by class with the rank parts as they are now; the served bank's
    /// queued requests, whose next command may have changed (ACT, PRE, auto-precharge, or the
    /// activated request that held their PRE back), are bounded by the bank's own earliest cycles.
    // `mutating` only so that `step` passes `self` in place: called on a non-mutating method, the
    // compiler copied the whole controller (808 bytes, with arrays) at every step.
    @inline(__always)
    mutating func earliestAfterServing(_ reads: DRAMCandidates, _ writes: DRAMCandidates, _ scan: borrowing DRAMQueueScan,
                                       useWrites: Bool, refreshFuture: Int64, servedBank: Int, servedCommand: DRAMCommand,
                                       servedBankCount: Int64, at now: Int64) -> Int64 {
        guard rankCount <= 64 else { return now + 1 }
        var reads = reads, writes = writes
        var column = scan.column, precharge = scan.precharge, activate = scan.activate
        // The served request's class, in the served bank, leaves the count (bounded on its own below).
        switch servedCommand {
        case .precharge: precharge.readyCount &-= servedBankCount
        case .activate: activate.readyCount &-= servedBankCount
        default: column.readyCount &-= servedBankCount
        }
        if useWrites { writes.merge(column) } else { reads.merge(column) }
        var next = refreshFuture
        next = min(next, earliestAgain(reads, columnCommand(isWrite: false), after: now))
        next = min(next, earliestAgain(writes, columnCommand(isWrite: true), after: now))
        next = min(next, earliestAgain(precharge, .precharge, after: now))
        next = min(next, earliestAgain(activate, .activate, after: now))
        if useWrites ? writeQueue.holds(bank: servedBank) : readQueue.holds(bank: servedBank) {
            next = min(next, max(earliestForQueued(bank: servedBank), now + 1))
        }
        return next
    }

    /// A lower bound, after a command issued at `now`, on the cycle any of `candidates` can next be
    /// legal with `command`: each one's earliest cycle is max(its rank part, its bank part), and
    /// issuing only raises both, so it is at least max(the smallest current rank part of their
    /// ranks, now + 1 for those legal before the issue or their earliest legal cycle seen before it).
    @inline(__always)
    func earliestAgain(_ candidates: DRAMCandidates, _ command: DRAMCommand, after now: Int64) -> Int64 {
        // Branch-free (`DRAMBranchFree`); an empty class contributes Int64.max: no ready requests
        // (count 0) is masked to none, and no late ones means lateAt = Int64.max already.
        let ready = DRAMBranchFree.maximum(smallestRankPart(candidates.readyRanks, command), now &+ 1)
        let late = DRAMBranchFree.maximum(smallestRankPart(candidates.lateRanks, command), candidates.lateAt)
        return DRAMBranchFree.minimum(DRAMBranchFree.orNone(ready, DRAMBranchFree.mask(candidates.readyCount <= 0)), late)
    }

    @inline(__always)
    func smallestRankPart(_ ranks: UInt64, _ command: DRAMCommand) -> Int64 {
        // One rank (the common case): no loop, whose zero-or-one trip count mispredicted.
        if rankCount == 1 { return DRAMBranchFree.orNone(timing.rankPart(command, rank: 0), DRAMBranchFree.mask(ranks == 0)) }
        var bits = ranks
        var smallest = Int64.max
        while bits != 0 {
            smallest = min(smallest, timing.rankPart(command, rank: bits.trailingZeroBitCount))
            bits &= bits &- 1
        }
        return smallest
    }

    /// The earliest cycle any queued request of `bank` can be legal, whatever its row: the column
    /// commands or PRE while the bank is open, ACT while it is closed. (`mutating`: see
    /// `earliestAfterServing`.)
    mutating func earliestForQueued(bank: Int) -> Int64 {
        // Both cases computed and one selected (`DRAMBranchFree`): whether the bank is open is random.
        let closed = timing.earliest(.activate, bank: bank)
        let open = DRAMBranchFree.minimum(
            timing.earliest(.precharge, bank: bank),
            DRAMBranchFree.minimum(timing.earliest(columnCommand(isWrite: false), bank: bank),
                                   timing.earliest(columnCommand(isWrite: true), bank: bank)))
        let isClosed = DRAMBranchFree.mask(openRow[bank] < 0)
        return (closed & isClosed) | (open & ~isClosed)
    }
}
