/// What the scan of the read or write queue found at cycle `now`.
struct DRAMQueueScan: Equatable, CustomStringConvertible {
    /// The chosen request's slot (-1: none legal now) and its command.
    var choice = -1
    var command = DRAMCommand.read
    /// Requests whose next command is legal now (FR-FCFS; ≥ 2 means "look again next cycle").
    var readyCount = 0
    /// The earliest cycle > now at which a request of the queue not legal now becomes legal.
    var future = Int64.max
    /// Some request needs PRE on a bank that activated requests still hold.
    var blocked = false

    var description: String { "choice \(choice) \(command) ready \(readyCount) future \(future) blocked \(blocked)" }
}

extension DRAMChannelController {
    /// FR-FCFS, bank by bank: each bank's queued requests split into row hits (next command RD/WR)
    /// and the rest (PRE if the bank is open, ACT if closed); each class is legal at one cycle for the
    /// whole bank. Legal hits beat legal others; within a class the oldest wins. The rank/bus part of
    /// the earliest-cycle lookup is computed once per rank, not per request.
    ///
    /// Same result as `referenceScan` (checked at every step by the differential test): a queued
    /// request entered at or before `now`, so its `enterCycle` never decides its readiness.
    func scanQueue(isWrite: Bool, at now: Int64) -> DRAMQueueScan {
        isWrite ? scanQueue(writeQueue, isWrite: true, at: now) : scanQueue(readQueue, isWrite: false, at: now)
    }

    /// `borrowing`: copying the queue would retain and release each of its arrays at every step.
    /// The loop body is written with selects rather than branches: which banks are legal is random.
    private func scanQueue(_ queue: borrowing DRAMBankQueue, isWrite: Bool, at now: Int64) -> DRAMQueueScan {
        let column = columnCommand(isWrite: isWrite)
        let banks = timing.banks
        let columnBase = column.rawValue &* banks
        let prechargeBase = DRAMCommand.precharge.rawValue &* banks
        let activateBase = DRAMCommand.activate.rawValue &* banks
        // Banks a pending refresh holds: [heldStart, heldEnd).
        var heldStart = 0, heldEnd = 0
        if refreshRank >= 0 {
            heldStart = config.refresh == .allBank ? refreshRank &* banksPerRank : refreshTargetBank
            heldEnd = heldStart &+ (config.refresh == .allBank ? banksPerRank : 1)
        }
        var readyCount = 0, future = Int64.max, blocked = false
        var bestHit = Int64.max, bestOther = Int64.max
        var lastRank = -1
        var rankColumn: Int64 = 0, rankActivate: Int64 = 0, rankPrecharge: Int64 = 0
        let rankShift = banksPerRankShift
        // Unchecked loads: the bank indices come from the occupancy bits, all below the bank count.
        queue.summary.withUnsafeBufferPointer { summaries in
        timing.bankPartReady.withUnsafeBufferPointer { bankPart in
        openRow.withUnsafeBufferPointer { openRow in
        activatedPerBank.withUnsafeBufferPointer { activatedPerBank in
        for word in 0..<queue.occupied.count {
            var bits = queue.occupied[word]
            while bits != 0 {
                let bank = word &<< 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                if UInt(bitPattern: bank &- heldStart) < UInt(bitPattern: heldEnd &- heldStart) { continue }
                let rank = bank &>> rankShift
                if rank != lastRank {
                    lastRank = rank
                    rankColumn = timing.rankPart(column, rank: rank)
                    rankActivate = timing.rankPart(.activate, rank: rank)
                    rankPrecharge = timing.rankPart(.precharge, rank: rank)
                }
                let summary = summaries[bank]
                let hits = Int(summary.hitCount), others = Int(summary.otherCount)
                let isOpen = openRow[bank] >= 0
                let hitReady = max(rankColumn, bankPart[columnBase &+ bank])
                // Select the index and the rank part, then load once (a select, not a branch).
                let otherBase = isOpen ? prechargeBase : activateBase
                let otherReady = max(isOpen ? rankPrecharge : rankActivate, bankPart[otherBase &+ bank])
                let blockedHere = isOpen && others > 0 && activatedPerBank[bank] > 0
                let hitLegal = hits > 0 && hitReady <= now
                let otherLive = others > 0 && !blockedHere
                let otherLegal = otherLive && otherReady <= now
                readyCount &+= (hitLegal ? hits : 0) &+ (otherLegal ? others : 0)
                bestHit = min(bestHit, hitLegal ? summary.hitKey : Int64.max)
                bestOther = min(bestOther, otherLegal ? summary.otherKey : Int64.max)
                future = min(future, hits > 0 && !hitLegal ? hitReady : Int64.max)
                future = min(future, otherLive && !otherLegal ? otherReady : Int64.max)
                blocked = blocked || blockedHere
            }
        }
        }
        }
        }
        }
        var scan = DRAMQueueScan(readyCount: readyCount, future: future, blocked: blocked)
        if bestHit != Int64.max {
            scan.choice = DRAMBankQueue.slot(ofKey: bestHit)
            scan.command = column
        } else if bestOther != Int64.max {
            scan.choice = DRAMBankQueue.slot(ofKey: bestOther)
            scan.command = openRow[Int(queue.slots[scan.choice].bank)] >= 0 ? .precharge : .activate
        }
        return scan
    }

    /// FCFS: only the oldest request not held by a refresh may issue; the oldest is the oldest of
    /// the banks' FIFO heads.
    func scanQueueFCFS(isWrite: Bool, at now: Int64) -> DRAMQueueScan {
        isWrite ? scanQueueFCFS(writeQueue, at: now) : scanQueueFCFS(readQueue, at: now)
    }

    private func scanQueueFCFS(_ queue: borrowing DRAMBankQueue, at now: Int64) -> DRAMQueueScan {
        var headSlot = -1, headSequence = Int32.max
        for word in 0..<queue.occupied.count {
            var bits = queue.occupied[word]
            while bits != 0 {
                let bank = word << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                if refreshRank >= 0 && refreshHolds(bank: bank) { continue }
                let slot = Int(queue.head[bank])
                if queue.slots[slot].sequence < headSequence { headSequence = queue.slots[slot].sequence; headSlot = slot }
            }
        }
        return judgeFCFSHead(queue: queue, slot: headSlot, at: now)
    }

    /// The FCFS head's command, and whether it is legal now.
    func judgeFCFSHead(queue: borrowing DRAMBankQueue, slot: Int, at now: Int64) -> DRAMQueueScan {
        var scan = DRAMQueueScan()
        guard slot >= 0 else { return scan }
        let entry = queue.slots[slot]
        let bank = Int(entry.bank)
        let open = openRow[bank]
        let command = open == entry.row ? columnCommand(isWrite: entry.isWrite) : (open >= 0 ? .precharge : .activate)
        if command == .precharge && activatedPerBank[bank] > 0 {
            scan.blocked = true
            return scan
        }
        let ready = max(timing.earliest(command, bank: bank), entry.enterCycle)
        if ready > now {
            scan.future = ready
        } else {
            scan.choice = slot
            scan.command = command
        }
        return scan
    }

    /// The scan request by request, as the controller did before bank grouping: the slow reference
    /// that the differential test compares `scanQueue`/`scanQueueFCFS` with at every step.
    func referenceScan(isWrite: Bool, at now: Int64) -> DRAMQueueScan {
        let queue = isWrite ? writeQueue : readQueue
        if config.scheduler == .fcfs {
            var headSlot = -1, headSequence = Int32.max
            for slot in queue.allSlots where !(refreshRank >= 0 && refreshHolds(bank: Int(queue.slots[slot].bank))) {
                if queue.slots[slot].sequence < headSequence { headSequence = queue.slots[slot].sequence; headSlot = slot }
            }
            return judgeFCFSHead(queue: queue, slot: headSlot, at: now)
        }
        var scan = DRAMQueueScan()
        var chosenIsColumn = false, chosenSequence = Int32.max
        for slot in queue.allSlots {
            let entry = queue.slots[slot]
            let bank = Int(entry.bank)
            if refreshRank >= 0 && refreshHolds(bank: bank) { continue }
            let open = openRow[bank]
            let command: DRAMCommand
            if open == entry.row {
                command = columnCommand(isWrite: entry.isWrite)
            } else if open >= 0 {
                if activatedPerBank[bank] > 0 { scan.blocked = true; continue }
                command = .precharge
            } else {
                command = .activate
            }
            let ready = max(timing.earliest(command, bank: bank), entry.enterCycle)
            if ready <= now {
                scan.readyCount += 1
                let isColumn = command.isColumn
                if scan.choice < 0 || (isColumn && !chosenIsColumn)
                    || (isColumn == chosenIsColumn && entry.sequence < chosenSequence) {
                    scan.choice = slot
                    scan.command = command
                    chosenIsColumn = isColumn
                    chosenSequence = entry.sequence
                }
            } else if ready < scan.future {
                scan.future = ready
            }
        }
        return scan
    }
}
