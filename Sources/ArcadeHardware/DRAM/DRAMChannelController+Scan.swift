/// What the scan of the read or write queue found at cycle `now`.
struct DRAMQueueScan: Equatable, CustomStringConvertible {
    // Word-sized stored fields only. With one-byte fields (the command, and a `blocked` flag that
    // nothing read) every copy of a scan in `step` ended in overlapping misaligned moves that
    // stalled store forwarding: perf put 8% of `step`'s samples on one such move.
    fileprivate var commandRawValue = DRAMCommand.read.rawValue
    /// The chosen request's slot (-1: none legal now); its command is `command`.
    var choice = -1
    /// Requests whose next command is legal now.
    var readyCount = 0
    /// The earliest cycle > now at which a request of the queue not legal now becomes legal.
    var future = Int64.max
    /// The same split by next command: the step bounds when they can be legal once another
    /// command has issued (`DRAMChannelController.earliestAfterServing`).
    var column = DRAMCandidates()
    var precharge = DRAMCandidates()
    var activate = DRAMCandidates()

    /// The chosen request's next command.
    var command: DRAMCommand {
        @inline(__always) get { DRAMCommand(rawValue: commandRawValue) ?? .read }
        @inline(__always) set { commandRawValue = newValue.rawValue }
    }

    var description: String {
        "choice \(choice) \(command) ready \(readyCount) future \(future) "
            + "column \(column) precharge \(precharge) activate \(activate)"
    }

    @inline(__always)
    mutating func add(_ command: DRAMCommand, ready: Bool, at cycle: Int64, rank: Int) {
        switch command {
        case .precharge: precharge.add(ready: ready, at: cycle, rank: rank)
        case .activate: activate.add(ready: ready, at: cycle, rank: rank)
        default: column.add(ready: ready, at: cycle, rank: rank)
        }
    }
}

extension DRAMChannelController {
    /// FR-FCFS, bank by bank: each bank's queued requests split into row hits (next command RD/WR)
    /// and the rest (PRE if the bank is open, ACT if closed); each class is legal at one cycle for the
    /// whole bank. Legal hits beat legal others; within a class the oldest wins. The rank/bus part of
    /// the earliest-cycle lookup is computed once per rank and class, not per request.
    ///
    /// Same result as `referenceScan` (checked at every step by the differential test): a queued
    /// request entered at or before `now`, so its `enterCycle` never decides its readiness.
    // `mutating` only so that `step` passes `self` in place: called on a non-mutating method, the
    // compiler copied the whole controller (808 bytes, with arrays) at every step. The result goes straight into
    // the caller's `scan`: returned, it was stored field by field and copied in 16-byte pieces, and
    // a load that spans two stores stalls store forwarding (perf: the hottest instruction of `step`).
    mutating func scanQueue(isWrite: Bool, at now: Int64, into scan: inout DRAMQueueScan) {
        let context = DRAMScanContext(now: now, column: columnCommand(isWrite: isWrite), held: refreshHeldBanks,
                                      rankCount: rankCount, banksPerRankShift: banksPerRankShift,
                                      bankPart: timing.bankPartReady.buffer, rankReady: timing.rankReady.buffer,
                                      openBanks: openBanks.buffer, activatedBanks: activatedBanks.buffer)
        if isWrite {
            writeQueue.scanFRFCFS(context, into: &scan)
        } else {
            readQueue.scanFRFCFS(context, into: &scan)
        }
    }

    /// One command's row of `bankPartReady` (`count` banks from `start`).
    @inline(__always)
    static func rows(_ table: UnsafeBufferPointer<Int64>, from start: Int, count: Int) -> UnsafeBufferPointer<Int64> {
        UnsafeBufferPointer(start: table.baseAddress.map { $0 + start }, count: count)
    }

    /// The bits of banks [start, end) that fall in mask word `word`.
    @inline(__always)
    static func bits(from start: Int, to end: Int, inWord word: Int) -> UInt64 {
        let low = Swift.max(start &- word &<< 6, 0), high = Swift.min(end &- word &<< 6, 64)
        guard low < high else { return 0 }
        let width = high &- low
        return (width == 64 ? UInt64.max : (1 &<< UInt64(width)) &- 1) &<< UInt64(low)
    }

    /// FCFS: only the oldest request not held by a refresh may issue; the oldest is the oldest of
    /// the banks' FIFO heads.
    mutating func scanQueueFCFS(isWrite: Bool, at now: Int64) -> DRAMQueueScan {
        isWrite ? scanQueueFCFS(writeQueue, at: now) : scanQueueFCFS(readQueue, at: now)
    }

    private func scanQueueFCFS(_ queue: borrowing DRAMBankQueue, at now: Int64) -> DRAMQueueScan {
        var headSlot = -1, headSequence = Int32.max
        for word in 0..<queue.occupied.count {
            var bits = queue.occupied[word]
            while bits != 0 {
                let bank = word << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                if refreshHolds(bank: bank) { continue }
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
        let command = nextCommand(bank: bank, row: entry.row, isWrite: entry.isWrite)
        if command == .precharge && activatedPerBank[bank] > 0 { return scan }   // waits for the activated buffer
        let ready = max(timing.earliest(command, bank: bank), entry.enterCycle)
        scan.add(command, ready: ready <= now, at: ready, rank: bank &>> banksPerRankShift)
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
        isWrite ? referenceScan(writeQueue, at: now) : referenceScan(readQueue, at: now)
    }

    private func referenceScan(_ queue: borrowing DRAMBankQueue, at now: Int64) -> DRAMQueueScan {
        if config.scheduler == .fcfs {
            var headSlot = -1, headSequence = Int32.max
            for slot in queue.allSlots where !refreshHolds(bank: Int(queue.slots[slot].bank)) {
                if queue.slots[slot].sequence < headSequence { headSequence = queue.slots[slot].sequence; headSlot = slot }
            }
            return judgeFCFSHead(queue: queue, slot: headSlot, at: now)
        }
        var scan = DRAMQueueScan()
        var chosenIsColumn = false, chosenSequence = Int32.max
        for slot in queue.allSlots {
            let entry = queue.slots[slot]
            let bank = Int(entry.bank)
            if refreshHolds(bank: bank) { continue }
            let command = nextCommand(bank: bank, row: entry.row, isWrite: entry.isWrite)
            if command == .precharge && activatedPerBank[bank] > 0 { continue }   // waits for the activated buffer
            let ready = max(timing.earliest(command, bank: bank), entry.enterCycle)
            scan.add(command, ready: ready <= now, at: ready, rank: bank &>> banksPerRankShift)
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

/// What the FR-FCFS scan reads besides the queue: the controller's state as buffers.
struct DRAMScanContext {
    let now: Int64
    /// The column command of the scanned queue (RD/WR, or RDA/WRA with closed page).
    let column: DRAMCommand
    /// Banks a pending refresh holds.
    let held: Range<Int>
    let rankCount: Int
    let banksPerRankShift: Int
    /// `DRAMTimingState.bankPartReady` ([command · banks + bank]).
    let bankPart: UnsafeBufferPointer<Int64>
    /// `DRAMTimingState.rankReady` ([rank · DRAMCommand.count + command]).
    let rankReady: UnsafeBufferPointer<Int64>
    let openBanks: UnsafeBufferPointer<UInt64>
    let activatedBanks: UnsafeBufferPointer<UInt64>
}

extension DRAMBankQueue {
    /// FR-FCFS over this queue (see `DRAMChannelController.scanQueue`).
    ///
    /// Bank masks split the work into three passes of one command each — hits (RD/WR), others on
    /// open banks (PRE), others on closed banks (ACT) — so each pass's loop body is a handful of
    /// instructions on few live values; held (refresh) and blocked (PRE on a bank the activated
    /// buffer still needs) banks are removed with mask operations, not per bank.
    // `mutating` only so that the controller passes the queue in place: non-mutating, the queue was
    // copied (memcpy) at every scan.
    mutating func scanFRFCFS(_ context: DRAMScanContext, into scan: inout DRAMQueueScan) {
        let banks = head.count
        let pass = DRAMScanPass(now: context.now, banksPerRankShift: context.banksPerRankShift,
                                singleRank: context.rankCount == 1)
        var bestHit = Int64.max, bestOther = Int64.max
        var column = DRAMCandidates(), precharge = DRAMCandidates(), activate = DRAMCandidates()
        let columnPart = DRAMChannelController.rows(context.bankPart, from: context.column.rawValue &* banks, count: banks)
        let prechargePart = DRAMChannelController.rows(context.bankPart, from: DRAMCommand.precharge.rawValue &* banks, count: banks)
        let activatePart = DRAMChannelController.rows(context.bankPart, from: DRAMCommand.activate.rawValue &* banks, count: banks)
        // Rank parts: every DRAMCommand.count-th entry of `rankReady` from the command's own.
        let rankSpan = (context.rankCount &- 1) &* DRAMCommand.count &+ 1
        let columnRanks = DRAMChannelController.rows(context.rankReady, from: context.column.rawValue, count: rankSpan)
        let prechargeRanks = DRAMChannelController.rows(context.rankReady, from: DRAMCommand.precharge.rawValue, count: rankSpan)
        let activateRanks = DRAMChannelController.rows(context.rankReady, from: DRAMCommand.activate.rawValue, count: rankSpan)
        let summaries = summary.buffer
        for word in 0..<occupied.count {
            let free = ~DRAMChannelController.bits(from: context.held.lowerBound, to: context.held.upperBound, inWord: word)
            let hits = hitBanks[word] & free
            let others = otherBanks[word] & free
            let open = context.openBanks[word]
            let blockedBanks = others & open & context.activatedBanks[word]   // PRE waits for the activated buffer
            bestHit = min(bestHit, pass.run(hits, word: word, hitClass: true, into: &column, summaries: summaries,
                                            bankPart: columnPart,
                                            rankParts: columnRanks))
            bestOther = min(bestOther, pass.run(others & open & ~blockedBanks, word: word, hitClass: false,
                                                into: &precharge, summaries: summaries, bankPart: prechargePart,
                                                rankParts: prechargeRanks))
            bestOther = min(bestOther, pass.run(others & ~open, word: word, hitClass: false, into: &activate,
                                                summaries: summaries, bankPart: activatePart,
                                                rankParts: activateRanks))
        }
        scan = DRAMQueueScan(readyCount: Int(column.readyCount &+ precharge.readyCount &+ activate.readyCount),
                             future: min(column.lateAt, precharge.lateAt, activate.lateAt),
                             column: column, precharge: precharge, activate: activate)
        if bestHit != Int64.max {
            scan.choice = DRAMBankQueue.slot(ofKey: bestHit)
            scan.command = context.column
        } else if bestOther != Int64.max {
            scan.choice = DRAMBankQueue.slot(ofKey: bestOther)
            let bank = Int(slots[scan.choice].bank)
            scan.command = context.openBanks[bank >> 6] & (1 << UInt64(bank & 63)) != 0 ? .precharge : .activate
        }
    }
}

/// The requests of one scan (or of the activated buffer) that need one command next: how many are
/// legal now and in which ranks, and the earliest cycle any of the others becomes legal and their
/// ranks (rank r is bit `r & 63`).
struct DRAMCandidates: Equatable, CustomStringConvertible {
    var readyCount: Int64 = 0
    var readyRanks: UInt64 = 0
    /// Int64.max: none waiting.
    var lateAt = Int64.max
    var lateRanks: UInt64 = 0

    /// Branch-free (`DRAMBranchFree`): whether a request is legal now is data-dependent.
    @inline(__always)
    mutating func add(ready: Bool, at cycle: Int64, rank: Int) {
        let readyMask = DRAMBranchFree.mask(ready)
        let rankBit: UInt64 = 1 &<< UInt64(rank & 63)
        readyCount &+= DRAMBranchFree.bit(ready)
        readyRanks |= rankBit & UInt64(bitPattern: readyMask)
        lateRanks |= rankBit & ~UInt64(bitPattern: readyMask)
        lateAt = DRAMBranchFree.minimum(lateAt, DRAMBranchFree.orNone(cycle, readyMask))
    }

    @inline(__always)
    mutating func merge(_ other: DRAMCandidates) {
        readyCount &+= other.readyCount
        readyRanks |= other.readyRanks
        lateAt = min(lateAt, other.lateAt)
        lateRanks |= other.lateRanks
    }

    var description: String {
        "\(readyCount) ready in ranks \(String(readyRanks, radix: 2)), next at \(lateAt) in \(String(lateRanks, radix: 2))"
    }
}

/// The loop of the FR-FCFS scan over the banks of one class (`run`).
struct DRAMScanPass {
    let now: Int64
    let banksPerRankShift: Int
    let singleRank: Bool

    /// Scans the banks in `banks` (bits of mask word `word`; each has requests of class `hitClass`,
    /// all needing one command), whose bank parts are `bankPart[bank]` and rank parts
    /// `rankParts[rank · DRAMCommand.count]`: adds them to `candidates` and returns the oldest legal request's key
    /// (Int64.max: none). Branch-free inside the loop: which banks are legal is random, so selects
    /// and minima are arithmetic (all cycles and keys lie in 0..<2^62).
    @inline(__always)
    func run(_ banks: UInt64, word: Int, hitClass: Bool, into candidates: inout DRAMCandidates,
             summaries: UnsafeBufferPointer<DRAMBankSummary>, bankPart: UnsafeBufferPointer<Int64>,
             rankParts: UnsafeBufferPointer<Int64>) -> Int64 {
        if singleRank {
            return runOneRank(banks, word: word, hitClass: hitClass, into: &candidates, summaries: summaries,
                              bankPart: bankPart, rankReady: rankParts[0])
        }
        var bits = banks
        var best = Int64.max
        var lastRank = -1
        var rankReady: Int64 = 0
        var readyCount: Int64 = 0, readyRanks: UInt64 = 0, lateAt = Int64.max, lateRanks: UInt64 = 0
        while bits != 0 {
            let bank = word &<< 6 | bits.trailingZeroBitCount
            bits &= bits &- 1
            let rank = bank &>> banksPerRankShift
            if rank != lastRank {                    // banks come in rank order: taken once per rank
                lastRank = rank
                rankReady = rankParts[rank &* DRAMCommand.count]
            }
            let summary = summaries[bank]
            let count = Int64(hitClass ? summary.hitCount : summary.otherCount)
            let key = hitClass ? summary.hitKey : summary.otherKey
            let legalAt = DRAMBranchFree.maximum(rankReady, bankPart[bank])
            let late = (now &- legalAt) >> 63                               // all ones: legal only later
            let rankBit: UInt64 = 1 &<< UInt64(rank & 63)
            readyCount &+= count & ~late
            readyRanks |= rankBit & ~UInt64(bitPattern: late)
            lateAt = DRAMBranchFree.minimum(lateAt, DRAMBranchFree.orNone(legalAt, ~late))
            lateRanks |= rankBit & UInt64(bitPattern: late)
            best = DRAMBranchFree.minimum(best, DRAMBranchFree.orNone(key, late))
        }
        candidates.merge(DRAMCandidates(readyCount: readyCount, readyRanks: readyRanks, lateAt: lateAt, lateRanks: lateRanks))
        return best
    }

    /// `run` for a channel of one rank: one rank part for all banks, and the rank masks follow from
    /// the counts, so the loop body is a third shorter (the common case: one rank per channel).
    ///
    /// With one rank part the legality test splits: while the rank part is later than `now`
    /// (e.g. ACT held by nRRD or nFAW, common on random traffic) no bank is legal and the class is
    /// next legal at max(rank part, smallest bank part); otherwise a bank is legal exactly when its
    /// bank part is, and a late bank's earliest cycle is its bank part (later than now, so later
    /// than the rank part). Either way the per-bank `max` with the rank part is gone.
    @inline(__always)
    func runOneRank(_ banks: UInt64, word: Int, hitClass: Bool, into candidates: inout DRAMCandidates,
                    summaries: UnsafeBufferPointer<DRAMBankSummary>, bankPart: UnsafeBufferPointer<Int64>,
                    rankReady: Int64) -> Int64 {
        guard banks != 0 else { return Int64.max }
        var bits = banks
        if rankReady > now {
            var smallest = Int64.max
            while bits != 0 {
                let bank = word &<< 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                smallest = DRAMBranchFree.minimum(smallest, bankPart[bank])
            }
            candidates.merge(DRAMCandidates(readyCount: 0, readyRanks: 0, lateAt: DRAMBranchFree.maximum(rankReady, smallest),
                                            lateRanks: 1))
            return Int64.max
        }
        var best = Int64.max, readyCount: Int64 = 0, lateAt = Int64.max
        while bits != 0 {
            let bank = word &<< 6 | bits.trailingZeroBitCount
            bits &= bits &- 1
            let summary = summaries[bank]
            let count = Int64(hitClass ? summary.hitCount : summary.otherCount)
            let key = hitClass ? summary.hitKey : summary.otherKey
            let legalAt = bankPart[bank]
            let late = (now &- legalAt) >> 63                               // all ones: legal only later
            readyCount &+= count & ~late
            lateAt = DRAMBranchFree.minimum(lateAt, DRAMBranchFree.orNone(legalAt, ~late))
            best = DRAMBranchFree.minimum(best, DRAMBranchFree.orNone(key, late))
        }
        candidates.merge(DRAMCandidates(readyCount: readyCount, readyRanks: readyCount > 0 ? 1 : 0, lateAt: lateAt,
                                        lateRanks: lateAt != Int64.max ? 1 : 0))
        return best
    }
}
