/// The controller of one PIM channel: issues a kernel's accesses (`PIMAccess`) as DRAM commands on
/// the DRAM model's timing state (`DRAMTimingState`, the same JEDEC constraint table as the DRAM
/// family), with all-bank refresh — EVENT-DRIVEN: it visits only cycles where a command issues,
/// jumping to the earliest cycle at which any candidate becomes legal.
///
/// Why not the DRAM family's FR-FCFS controller: a PIM program is stepped by its accesses in order
/// (each one advances every unit's program counter), so the controller may not reorder column
/// commands across barriers; FR-FCFS would. The policy here is the one PIMSimulator's kernels run on
/// (its DRAMSim2 open-page per-rank command queue, src/CommandQueue.cpp:168-346), rule by rule:
/// 1. a pending refresh first: precharge an open bank, then REF once every bank is closed;
/// 2. else the oldest column command whose row is open and which is legal, among the accesses
///    before the first barrier (a barrier access itself only when it is the oldest);
/// 3. else an ACT for the oldest such access whose bank is closed;
/// 4. else a PRE, round robin over banks, for an open bank no access up to the first barrier needs.
/// One command per cycle. Accesses enter the command queue (`queueDepth` deep) one per cycle, and
/// are issuable the cycle after they enter (DRAMSim2 MemoryController::update moves one
/// transaction per cycle, after the pop). Refresh falls due every nREFI from `firstRefresh`; as in
/// DRAMSim2 the queue keeps issuing while a refresh waits for its banks to close.
///
/// Unlike DRAMSim2, REF waits nRP after the last PRE (JEDEC; DRAMSim2's `isIssuable` lets REF go at
/// once, src/CommandQueue.cpp:420-424), and read-to-write is Arcade's nCL + nBL + 2 − nCWL where
/// DRAMSim2 has RL + BL/2 + tRTRS − WL (one cycle less with tRTRS 1). bench/pim/README.md counts
/// what each difference costs on PIMSimulator's kernels.
struct PIMChannelScheduler: ~Copyable {
    let timingParameters: DRAMTiming
    var timing: DRAMTimingState
    let banks: Int
    let queueDepth: Int
    /// Open row per bank, -1 when closed.
    var openRow: [Int32]
    var openBankCount = 0
    /// No legal command for this long with work queued means none will ever come (a kernel the
    /// protocol cannot issue): a model bug, stopped loudly rather than left to spin on refreshes.
    var stallLimit: Int64 { 4 * Int64(max(timingParameters.nREFI, timingParameters.nRFC)) + 1_000 }
    /// The first cycle at which the next command may issue (one command per cycle).
    var cycle: Int64 = 0
    var refreshDue: Int64
    var refreshWaiting = false
    let refreshInterval: Int64
    var prechargeCursor = 0
    /// Cycle at which the last data transfer ended.
    var dataEnd: Int64 = 0
    var stats: PIMChannelStats
    /// Cycle since which some bank has been open (for the active-background energy), when any is.
    var activeSince: Int64 = 0
    /// HBM-PIM all-bank mode: ACTs reach only banks 0 and 1 (PIMSimulator src/CommandQueue.cpp:422).
    var allBankMode = false
    /// The bank whose PRE ends all-bank mode, once the access that requests it has issued (-1: none).
    var leavingBank = -1
    /// Whether REF waits nRP after the last PRE (JEDEC); DRAMSim2 issues it at once.
    let refreshWaitsForPrecharge: Bool
    /// Whether ACTs go on while a refresh waits for its banks to close (DRAMSim2), and since when it waits.
    let activatesWhileRefreshWaits: Bool
    var refreshWaitingSince: Int64 = 0
    /// The PIM standard's rules for compute commands: ACT-to-compute and compute-to-compute cycles
    /// (0: none beyond the DRAM's), with the last ACT per bank and the last compute command.
    let activateToCompute: Int64
    let computeInterval: Int64
    var activatedAt: [Int64]
    var lastCompute = Int64.min / 4
    /// Tests and peer comparisons: every command issued (cycle, command, bank, row), when not nil.
    var commandLog: [(cycle: Int64, command: DRAMCommand, bank: Int, row: Int32)]?

    init(organization: DRAMOrganization, timing parameters: DRAMTiming, constraints: [DRAMTimingConstraint],
         refresh: Bool, firstRefresh: Int64, queueDepth: Int, refreshWaitsForPrecharge: Bool = true,
         activatesWhileRefreshWaits: Bool = false, activateToCompute: Int = 0, computeInterval: Int = 0) {
        self.activatesWhileRefreshWaits = activatesWhileRefreshWaits
        timingParameters = parameters
        self.refreshWaitsForPrecharge = refreshWaitsForPrecharge
        self.activateToCompute = Int64(activateToCompute)
        self.computeInterval = Int64(computeInterval)
        activatedAt = [Int64](repeating: Int64.min / 4, count: organization.banksPerChannel)
        timing = DRAMTimingState(organization: organization, constraints: constraints,
                                 issuable: [.read, .write, .activate, .precharge, .prechargeAll, .refreshAllBank])
        banks = organization.banksPerChannel
        self.queueDepth = queueDepth
        openRow = [Int32](repeating: -1, count: banks)
        refreshInterval = refresh ? Int64(parameters.nREFI) : .max
        refreshDue = refresh ? firstRefresh : .max
        stats = PIMChannelStats()
    }

    /// Runs `accesses` in order, the first entering the queue at `start` (or when the channel is
    /// free); returns the cycle the last data transfer ends.
    mutating func run(_ accesses: [PIMAccess], from start: Int64) -> Int64 {
        idle(until: start)
        var pending: [Int] = []
        pending.reserveCapacity(queueDepth)
        var next = 0
        var lastEnter = max(start, cycle - 1)
        var roomSince = lastEnter + 1
        var t = max(cycle, lastEnter + 2)
        var lastColumn = t
        while next < accesses.count || !pending.isEmpty || refreshWaiting {
            while next < accesses.count && pending.count < queueDepth {
                let enter = max(lastEnter + 1, roomSince)
                if enter > t - 1 { break }
                pending.append(next)
                lastEnter = enter
                next += 1
            }
            let wasFull = pending.count == queueDepth
            if let issued = step(at: t, accesses, &pending) {
                if issued { lastColumn = t }
                if issued && wasFull { roomSince = t }
                t += 1
                continue
            }
            var wake = nextWake(after: t, accesses, pending)
            if next < accesses.count && pending.count < queueDepth { wake = min(wake, max(lastEnter + 1, roomSince) + 1) }
            if wake > t + stallLimit || (!pending.isEmpty && t > lastColumn + stallLimit) {
                fatalError(stallReport(at: t, accesses, pending))
            }
            t = max(t + 1, wake)
        }
        cycle = t
        return dataEnd
    }

    /// What a stalled channel was waiting for (a model bug: kernels are built to be issuable).
    func stallReport(at t: Int64, _ accesses: [PIMAccess], _ pending: [Int]) -> String {
        let heads = pending.prefix(6).map { index in
            let access = accesses[index]
            return "bank \(access.bank) row \(access.row) \(access.op.reportName)\(access.barrier ? " (barrier)" : ""), "
                + "legal at \(columnReady(access).map(String.init) ?? "never (row closed)")"
        }
        return "PIM channel stalled at cycle \(t) with \(pending.count) accesses queued [\(heads.joined(separator: "; "))], "
            + "open rows \(openRow), all-bank mode \(allBankMode), refresh waiting \(refreshWaiting) (due \(refreshDue))"
    }

    /// Issues the refreshes falling due before `limit` on an otherwise idle channel.
    mutating func idle(until limit: Int64) {
        var pending: [Int] = []
        while refreshDue < limit || refreshWaiting {
            var t = max(cycle, refreshWaiting ? cycle : refreshDue)
            while step(at: t, [], &pending) == nil {
                t = max(t + 1, nextWake(after: t, [], pending))
            }
            cycle = t + 1
        }
    }

    /// Issues the command the policy picks at `t`, if any: true when it was an access's column
    /// command (the access left the queue), false for ACT/PRE/REF, nil when nothing is legal.
    mutating func step(at t: Int64, _ accesses: [PIMAccess], _ pending: inout [Int]) -> Bool? {
        if !refreshWaiting && t >= refreshDue {
            refreshWaiting = true
            refreshWaitingSince = t
            refreshDue += refreshInterval
        }
        if refreshWaiting {
            for bank in 0..<banks where openRow[bank] >= 0 && timing.earliest(.precharge, bank: bank) <= t {
                issue(.precharge, bank: bank, at: t)
                return false
            }
            if openBankCount == 0 && refreshReady <= t {
                issue(.refreshAllBank, bank: 0, at: t)
                refreshWaiting = false
                return false
            }
        }
        let window = windowEnd(accesses, pending)
        for i in 0..<window {
            let access = accesses[pending[i]]
            let bank = Int(access.bank)
            let command: DRAMCommand = access.isWrite ? .write : .read
            guard let ready = columnReady(access), ready <= t, !dependsOnEarlier(i, accesses, pending) else { continue }
            issue(command, bank: max(bank, 0), at: t)
            if access.mode == .leavesAllBank { leavingBank = bank }
            if access.op.computes { lastCompute = t }
            stats.opCounts[Int(access.op.rawValue)] += 1
            dataEnd = max(dataEnd, t + Int64(access.isWrite ? timingParameters.nCWL : timingParameters.nCL)
                          + Int64(timingParameters.nBL))
            pending.remove(at: i)
            return true
        }
        for i in 0..<activateWindowEnd(accesses, pending) {
            let access = accesses[pending[i]]
            let bank = Int(access.bank)
            if bank >= 0 && openRow[bank] < 0 && activationAllowed(bank, at: t) && timing.earliest(.activate, bank: bank) <= t {
                issue(.activate, bank: bank, at: t, row: access.row)
                openRow[bank] = access.row
                if access.mode == .entersAllBank { allBankMode = true }
                return false
            }
        }
        let needed = neededOpenBanks(accesses, pending)
        for offset in 0..<banks {
            let bank = (prechargeCursor + offset) % banks
            guard openRow[bank] >= 0, !isNeeded(bank, needed, accesses, pending) else { continue }
            if timing.earliest(.precharge, bank: bank) <= t {
                prechargeCursor = bank
                issue(.precharge, bank: bank, at: t)
                return false
            }
        }
        return nil
    }

    /// The earliest cycle after `t` at which `step` could issue something (`.max`: never).
    func nextWake(after t: Int64, _ accesses: [PIMAccess], _ pending: [Int]) -> Int64 {
        var wake = refreshWaiting ? Int64.max : refreshDue
        if refreshWaiting {
            for bank in 0..<banks where openRow[bank] >= 0 { wake = min(wake, timing.earliest(.precharge, bank: bank)) }
            if openBankCount == 0 { wake = min(wake, refreshReady) }
        }
        let window = windowEnd(accesses, pending)
        for i in 0..<window {
            if let ready = columnReady(accesses[pending[i]]) { wake = min(wake, ready) }
        }
        for i in 0..<activateWindowEnd(accesses, pending) {
            let bank = Int(accesses[pending[i]].bank)
            if bank >= 0 && openRow[bank] < 0 && activationAllowed(bank, at: t + 1) { wake = min(wake, timing.earliest(.activate, bank: bank)) }
        }
        let needed = neededOpenBanks(accesses, pending)
        for bank in 0..<banks where openRow[bank] >= 0 && !isNeeded(bank, needed, accesses, pending) {
            wake = min(wake, timing.earliest(.precharge, bank: bank))
        }
        return wake
    }

    /// The earliest cycle `access`'s column command is legal, nil while its row is not open. A
    /// global-buffer write (bank −1) opens no row and waits only for the rank and the data bus.
    func columnReady(_ access: PIMAccess) -> Int64? {
        let bank = Int(access.bank)
        if bank < 0 { return timing.rankPart(.write, rank: 0) }
        guard openRow[bank] == access.row else { return nil }
        let ready = timing.earliest(access.isWrite ? .write : .read, bank: bank)
        guard access.op.computes else { return ready }
        return max(ready, activatedAt[bank] + activateToCompute, lastCompute + computeInterval)
    }

    /// In all-bank mode only banks 0 and 1 take an ACT. While a refresh waits, none — unless
    /// `activatesWhileRefreshWaits` (DRAMSim2, whose guard is commented out, src/CommandQueue.cpp:
    /// 212-213), and then only for nREFI / 8 cycles: without that bound a refresh can wait forever
    /// (with AiM's ACT-to-MAC of 56 > tRAS 54 the refresh closed every row just before its MAC).
    @inline(__always) func activationAllowed(_ bank: Int, at t: Int64) -> Bool {
        if refreshWaiting && !(activatesWhileRefreshWaits && t - refreshWaitingSince < Int64(timingParameters.nREFI / 8)) {
            return false
        }
        return !allBankMode || bank < 2
    }

    /// When an all-bank REF is legal (all banks closed): JEDEC's nRP after the last PRE, or at once.
    var refreshReady: Int64 {
        refreshWaitsForPrecharge ? timing.earliest(.refreshAllBank, bank: 0) : 0
    }

    /// Accesses whose column command may issue: those before the first barrier; a barrier access
    /// only when it is the oldest.
    func windowEnd(_ accesses: [PIMAccess], _ pending: [Int]) -> Int {
        guard let first = pending.first else { return 0 }
        if accesses[first].barrier { return 1 }
        for i in 1..<pending.count where accesses[pending[i]].barrier { return i }
        return pending.count
    }

    /// Accesses that may get an ACT: up to (not including) the first barrier after the oldest.
    func activateWindowEnd(_ accesses: [PIMAccess], _ pending: [Int]) -> Int {
        guard !pending.isEmpty else { return 0 }
        for i in 1..<max(pending.count, 1) where accesses[pending[i]].barrier { return i }
        return pending.count
    }

    /// Whether an access up to and including the first barrier needs `row` of `bank` (which then
    /// may not be precharged).
    func windowNeeds(bank: Int, row: Int32, _ accesses: [PIMAccess], _ pending: [Int]) -> Bool {
        for index in pending {
            let access = accesses[index]
            if Int(access.bank) == bank && access.row == row { return true }
            if access.barrier { return false }
        }
        return false
    }

    /// Bit b: an access up to and including the first barrier needs bank b's open row — one pass
    /// over the queue instead of one per bank (channels of more than 64 banks fall back to
    /// `windowNeeds`; the single-bank scope made this scan the hot spot).
    func neededOpenBanks(_ accesses: [PIMAccess], _ pending: [Int]) -> UInt64 {
        guard banks <= 64 else { return 0 }
        var mask: UInt64 = 0
        for index in pending {
            let access = accesses[index]
            let bank = Int(access.bank)
            if bank >= 0 && openRow[bank] == access.row { mask |= 1 &<< UInt64(bank) }
            if access.barrier { break }
        }
        return mask
    }

    @inline(__always)
    func isNeeded(_ bank: Int, _ mask: UInt64, _ accesses: [PIMAccess], _ pending: [Int]) -> Bool {
        banks <= 64 ? mask & (1 &<< UInt64(bank)) != 0 : windowNeeds(bank: bank, row: openRow[bank], accesses, pending)
    }

    /// DRAMSim2's dependency rule: an older queued access to the same bank, row and column.
    func dependsOnEarlier(_ i: Int, _ accesses: [PIMAccess], _ pending: [Int]) -> Bool {
        let access = accesses[pending[i]]
        for j in 0..<i {
            let older = accesses[pending[j]]
            if older.bank == access.bank && older.row == access.row && older.column == access.column { return true }
        }
        return false
    }

    mutating func issue(_ command: DRAMCommand, bank: Int, at t: Int64, row: Int32 = -1) {
        commandLog?.append((t, command, bank, row >= 0 ? row : openRow[bank]))
        timing.issue(command, bank: bank, at: t)
        stats.commandCounts[command.rawValue] += 1
        switch command {
        case .activate:
            activatedAt[bank] = t
            if openBankCount == 0 { activeSince = t }
            openBankCount += 1
        case .precharge:
            openRow[bank] = -1
            if bank == leavingBank {
                allBankMode = false
                leavingBank = -1
            }
            openBankCount -= 1
            if openBankCount == 0 { stats.activeCycles += t - activeSince }
        default: break
        }
    }
}

/// What one channel did: DRAM commands and PIM ops issued, cycles with a row open.
struct PIMChannelStats: Equatable, Sendable {
    var commandCounts = [Int](repeating: 0, count: DRAMCommand.count)
    var opCounts = [Int](repeating: 0, count: PIMOp.allCases.count)
    var activeCycles: Int64 = 0

    func count(_ command: DRAMCommand) -> Int { commandCounts[command.rawValue] }
    func count(_ op: PIMOp) -> Int { opCounts[Int(op.rawValue)] }
}
