extension DRAMChannelController {
    // MARK: refresh

    /// Makes the most overdue rank's refresh pending once its deadline has passed.
    mutating func startDueRefresh(at now: Int64) {
        guard refreshRank < 0 else { return }
        var earliest = Int64.max
        for rank in 0..<rankCount where refreshDue[rank] <= now && refreshDue[rank] < earliest {
            earliest = refreshDue[rank]
            refreshRank = rank
        }
    }

    /// The pending refresh's next command: PREA/PRE while its banks are open (`blocked` while an
    /// activated request still needs one of them), then REF/REFpb.
    // `mutating` only so that `step` passes `self` in place: called on a non-mutating method, the
    // compiler copied the whole controller (808 bytes, with arrays) at every step.
    mutating func nextRefreshCommand() -> (command: DRAMCommand, bank: Int, blocked: Bool) {
        let firstBank = refreshRank * banksPerRank
        if config.refresh == .perBank {
            let bank = refreshTargetBank
            if openRow[bank] >= 0 { return (.precharge, bank, activatedPerBank[bank] > 0) }
            return (.refreshPerBank, bank, false)
        }
        if openBanksPerRank[refreshRank] > 0 {
            var blocked = false
            for bank in firstBank..<(firstBank + banksPerRank) where activatedPerBank[bank] > 0 { blocked = true; break }
            return (.prechargeAll, firstBank, blocked)
        }
        return (.refreshAllBank, firstBank, false)
    }

    /// Issues a refresh-related command; true when the refresh itself (REF/REFpb) was issued.
    mutating func issueRefresh(_ command: DRAMCommand, at now: Int64) -> Bool {
        let (_, bank, _) = nextRefreshCommand()
        stats.commandCounts[command.rawValue] &+= 1
        timing.issue(command, bank: bank, at: now)
        switch command {
        case .prechargeAll:
            let first = refreshRank * banksPerRank
            for index in first..<(first + banksPerRank) where openRow[index] >= 0 { close(bank: index, at: now) }
            return false
        case .precharge:
            close(bank: bank, at: now)
            return false
        default:
            refreshDue[refreshRank] &+= refreshInterval
            if config.refresh == .perBank {
                refreshBankCursor[refreshRank] = (refreshBankCursor[refreshRank] + 1) % banksPerRank
            }
            refreshRank = -1
            return true
        }
    }

    // MARK: bank state

    @inline(__always)
    mutating func open(bank: Int, row: Int32, at now: Int64) {
        openRow[bank] = row
        openBanks[bank >> 6] |= 1 << UInt64(bank & 63)
        if readQueue.holds(bank: bank) { readQueue.summarize(bank: bank, openRow: row) }
        if writeQueue.holds(bank: bank) { writeQueue.summarize(bank: bank, openRow: row) }
        let rank = bank &>> banksPerRankShift
        if openBanksPerRank[rank] == 0 { rankActiveSince[rank] = now }
        openBanksPerRank[rank] += 1
    }

    @inline(__always)
    mutating func close(bank: Int, at now: Int64) {
        openRow[bank] = -1
        openBanks[bank >> 6] &= ~(1 << UInt64(bank & 63))
        readQueue.summarize(bank: bank, openRow: -1)
        writeQueue.summarize(bank: bank, openRow: -1)
        let rank = bank &>> banksPerRankShift
        openBanksPerRank[rank] -= 1
        if openBanksPerRank[rank] == 0 { stats.activeRankCycles &+= now - rankActiveSince[rank] }
    }

    /// Adds the open time of ranks still open at the end of the run.
    mutating func closeBackgroundAccounting(at end: Int64) {
        for rank in 0..<rankCount where openBanksPerRank[rank] > 0 {
            stats.activeRankCycles &+= max(0, end - rankActiveSince[rank])
            rankActiveSince[rank] = end
        }
    }

    // MARK: requests

    /// Counts a request's first command as row hit (column command), miss (ACT) or conflict (PRE);
    /// later commands count nothing. Branch-free (`DRAMBranchFree`): both facts are random.
    @inline(__always)
    mutating func classify(_ command: DRAMCommand, first: Bool) {
        let counted = DRAMBranchFree.bit(first)
        let miss = DRAMBranchFree.bit(command == .activate), conflict = DRAMBranchFree.bit(command == .precharge)
        stats.rowMisses &+= Int(counted & miss)
        stats.rowConflicts &+= Int(counted & conflict)
        stats.rowHits &+= Int(counted & (1 &- miss &- conflict))
    }

    mutating func issueFromQueue(slot: Int, isWrite: Bool, command: DRAMCommand, at now: Int64,
                                 outcome: inout DRAMStepOutcome) {
        var entry = isWrite ? writeQueue.slots[slot] : readQueue.slots[slot]
        let bank = Int(entry.bank)
        stats.commandCounts[command.rawValue] &+= 1
        classify(command, first: !entry.classified)
        entry.classified = true
        if isWrite { writeQueue.slots[slot].classified = true } else { readQueue.slots[slot].classified = true }
        timing.issue(command, bank: bank, at: now)
        switch command {
        case .activate:
            open(bank: bank, row: entry.row, at: now)
            if activated.isFull { return }
            activated.append(entry)
            activatedPerBank[bank] += 1
            activatedBanks[bank >> 6] |= 1 << UInt64(bank & 63)
        case .precharge:
            close(bank: bank, at: now)
            return
        default:
            complete(entry, command: command, at: now, outcome: &outcome)
        }
        if isWrite {
            writeQueue.remove(slot: slot, openRow: openRow[bank])
            outcome.freedWrite = true
        } else {
            readQueue.remove(slot: slot, openRow: openRow[bank])
            outcome.freedRead = true
        }
    }

    mutating func issueFromActivated(index: Int, command: DRAMCommand, at now: Int64, outcome: inout DRAMStepOutcome) {
        let entry = activated[index]
        stats.commandCounts[command.rawValue] &+= 1
        timing.issue(command, bank: Int(entry.bank), at: now)
        let bank = Int(entry.bank)
        activatedPerBank[bank] -= 1
        if activatedPerBank[bank] == 0 { activatedBanks[bank >> 6] &= ~(1 << UInt64(bank & 63)) }
        activated.remove(at: index)
        complete(entry, command: command, at: now, outcome: &outcome)
    }

    /// A column command served `entry`: reads complete when their data has been returned
    /// (nCL + nBL later), writes when their data burst has been written (nCWL + nBL later).
    @inline(__always)
    mutating func complete(_ entry: DRAMQueueEntry, command: DRAMCommand, at now: Int64, outcome: inout DRAMStepOutcome) {
        let t = timingParameters
        let done: Int64
        if entry.isWrite {
            done = now &+ Int64(t.nCWL + t.nBL)
            stats.writes &+= 1
        } else {
            done = now &+ Int64(t.nCL + t.nBL)
            stats.reads &+= 1
            stats.recordRead(latency: done &- entry.enterCycle)
        }
        if command == .readAutoPrecharge || command == .writeAutoPrecharge { close(bank: Int(entry.bank), at: now) }
        if done > stats.lastCompletion { stats.lastCompletion = done }
        outcome.completed &+= 1
        outcome.completedSequence = entry.sequence
        outcome.completedCycle = done
    }
}
