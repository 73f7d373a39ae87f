/// What one `step` did, for the driver: requests completed and queue slots freed.
struct DRAMStepOutcome {
    var completed = 0
    var freedRead = false
    var freedWrite = false
}

extension DRAMChannelController {
    /// Runs cycle `now`: picks at most one command (activated requests first, then a pending
    /// refresh, then the read or write queue by FR-FCFS or FCFS), issues it, and sets `wake` to the
    /// next cycle at which a command can become legal.
    mutating func step(at now: Int64) -> DRAMStepOutcome {
        var outcome = DRAMStepOutcome()
        startDueRefresh(at: now)
        if desiredWriteMode() != writeMode { writeMode.toggle() }

        var future = Int64.max        // earliest cycle > now at which some candidate becomes legal
        var anotherReady = false      // a legal candidate was not chosen: look again next cycle
        var blockedByActivated = false

        // 1. Activated requests: their rows are open, only the column command is left.
        var chosenIndex = -1
        var chosenCommand = DRAMCommand.read
        var chosenSequence = Int32.max
        for index in 0..<activated.count {
            let entry = activated[index]
            let command = columnCommand(isWrite: entry.isWrite)
            let ready = max(timing.earliest(command, bank: Int(entry.bank)), entry.enterCycle)
            if ready <= now {
                if chosenIndex >= 0 { anotherReady = true }
                if entry.sequence < chosenSequence {
                    chosenIndex = index
                    chosenCommand = command
                    chosenSequence = entry.sequence
                }
            } else if ready < future {
                future = ready
            }
        }

        // 2. A pending refresh: PRE(A) the banks it needs, then REF.
        var refreshCommand: DRAMCommand? = nil
        if refreshRank >= 0 {
            let (command, bank, blocked) = nextRefreshCommand()
            if blocked {
                blockedByActivated = true
            } else {
                let ready = timing.earliest(command, bank: bank)
                if ready <= now {
                    if chosenIndex >= 0 { anotherReady = true } else { refreshCommand = command }
                } else if ready < future {
                    future = ready
                }
            }
        }

        // 3. The read or write queue, bank by bank (`DRAMChannelController+Scan.swift`).
        let useWrites = writeMode
        let scan = config.scheduler == .fcfs ? scanQueueFCFS(isWrite: useWrites, at: now)
                                             : scanQueue(isWrite: useWrites, at: now)
        if verifyScans && scan != referenceScan(isWrite: useWrites, at: now) { stats.scanMismatches += 1 }
        if scan.readyCount >= 2 { anotherReady = true }
        if scan.blocked { blockedByActivated = true }
        if scan.future < future { future = scan.future }
        let queueChoice = scan.choice
        let queueCommand = scan.command
        let fcfs = config.scheduler == .fcfs

        // 4. Issue at most one command.
        var issued = false
        var refreshFinished = false
        var activatedServed = false
        if chosenIndex >= 0 {
            issueFromActivated(index: chosenIndex, command: chosenCommand, at: now, outcome: &outcome)
            issued = true
            activatedServed = true
            if queueChoice >= 0 { anotherReady = true }
        } else if let refreshCommand {
            refreshFinished = issueRefresh(refreshCommand, at: now)
            issued = true
            if queueChoice >= 0 { anotherReady = true }
            if !refreshFinished {
                // The banks are being closed: the refresh itself comes next.
                let (command, bank, _) = nextRefreshCommand()
                future = min(future, timing.earliest(command, bank: bank))
            }
        } else if queueChoice >= 0 {
            let entry = useWrites ? writeQueue.slots[queueChoice] : readQueue.slots[queueChoice]
            issueFromQueue(slot: queueChoice, isWrite: useWrites, command: queueCommand, at: now, outcome: &outcome)
            issued = true
            // FCFS computed only the head's time: a new head needs a look next cycle.
            if fcfs && queueCommand.isColumn { anotherReady = true }
            // The same request's next command (RD/WR after ACT, ACT after PRE) had no time yet.
            if queueCommand == .activate {
                future = min(future, timing.earliest(columnCommand(isWrite: entry.isWrite), bank: Int(entry.bank)))
            } else if queueCommand == .precharge {
                future = min(future, timing.earliest(.activate, bank: Int(entry.bank)))
            }
        }

        // 5. Next wake-up. Issuing only ever delays other commands, so `future` stays a lower bound,
        // except where the issue unblocked something: then look again next cycle.
        var next = future
        for rank in 0..<rankCount where rank != refreshRank && refreshDue[rank] > now && refreshDue[rank] < next {
            next = refreshDue[rank]
        }
        if issued {
            if anotherReady || refreshFinished || (activatedServed && blockedByActivated)
                || desiredWriteMode() != writeMode {
                next = now + 1
            } else if next <= now {
                next = now + 1
            }
        }
        wake = next
        return outcome
    }
}
