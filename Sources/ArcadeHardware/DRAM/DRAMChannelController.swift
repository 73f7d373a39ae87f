/// The controller of one channel: read/write queues, the activated-request buffer, the bank
/// states, refresh, and the scheduling decision — EVENT-DRIVEN: `step(at:)` runs only at cycles where
/// something can happen, and leaves in `wake` the next such cycle.
///
/// Why a per-channel loop with "next event time" jumps instead of one kernel event per command: the
/// whole controller lives in one clock domain and its state changes only when it issues a command or
/// a request arrives, so the next interesting cycle is simply the minimum over the queued requests'
/// earliest legal cycles (from `DRAMTimingState`), the refresh deadline and the next arrival. The
/// driver (`DRAMSimulation`) jumps straight there; no idle cycle is visited. The kernel's queue would
/// add a heap operation per event and buy nothing for one clock domain.
///
/// Structure after Ramulator 2's generic controller: a request whose row has been activated moves to
/// the "activated" buffer, which is served first and whose banks may not be precharged until it is
/// served; refresh has priority over the read/write queues of its rank; one command per cycle.
///
/// The bank states, queues and timing entries live in `DRAMTable`s, which the controller owns, so it
/// is non-copyable: there is one controller per channel state, and the simulation keeps its
/// controllers in a `DRAMChannelControllers` and works on them in place. (Several read-only helpers
/// are `mutating`, with comments about whole-controller copies: that dates from when it was
/// copyable; a non-copyable controller cannot be copied, and they were left as they are because
/// their code, and so the golden results and instruction counts, stay as measured.)
struct DRAMChannelController: ~Copyable, Sendable {
    let config: DRAMControllerConfig
    let timingParameters: DRAMTiming
    var timing: DRAMTimingState
    let banksPerRankShift: Int
    let banksPerRank: Int
    let rankCount: Int

    /// The read and write queues, grouped by bank (see `DRAMBankQueue`); the activated buffer is
    /// small (requests between their ACT and their column command) and scanned request by request.
    var readQueue: DRAMBankQueue
    var writeQueue: DRAMBankQueue
    var activated: DRAMRequestBuffer
    /// Open row per bank, -1 when precharged.
    var openRow: DRAMTable<Int32>
    /// Activated-buffer requests per bank (a bank with some may not be precharged).
    var activatedPerBank: DRAMTable<Int32>
    /// Bit b of word b/64: bank b is open / holds activated-buffer requests (the scan's masks).
    var openBanks: DRAMTable<UInt64>
    var activatedBanks: DRAMTable<UInt64>
    var openBanksPerRank: DRAMTable<Int>
    var rankActiveSince: DRAMTable<Int64>
    var writeMode = false

    /// Next refresh deadline per rank (Int64.max when refresh is off), and the bank cursor of
    /// per-bank refresh.
    var refreshDue: DRAMTable<Int64>
    var refreshBankCursor: DRAMTable<Int>
    /// The rank whose refresh is pending (-1: none).
    var refreshRank = -1
    let refreshInterval: Int64

    /// The next cycle at which `step` must run.
    var wake: Int64 = Int64.max
    /// Tests: check every step's bank-grouped queue scan against the request-by-request reference.
    var verifyScans = false
    /// Tests: step at every cycle instead of jumping to the wake-up bound (the reference that the
    /// bounds must reproduce exactly).
    var stepEveryCycle = false
    var stats = DRAMChannelStats()

    init(organization: DRAMOrganization, timing: DRAMTiming, config: DRAMControllerConfig,
         constraints: [DRAMTimingConstraint]) {
        self.config = config
        timingParameters = timing
        // The commands this controller issues: RD/WR or RDA/WRA by row policy, and its refresh's.
        let columns: [DRAMCommand] = config.rowPolicy == .open ? [.read, .write] : [.readAutoPrecharge, .writeAutoPrecharge]
        self.timing = DRAMTimingState(organization: organization, constraints: constraints,
                                      issuable: columns + [.activate, .precharge, .prechargeAll, .refreshAllBank,
                                                           .refreshPerBank])
        banksPerRankShift = organization.banksPerRank.trailingZeroBitCount
        banksPerRank = organization.banksPerRank
        rankCount = organization.pseudoChannels * organization.ranks
        readQueue = DRAMBankQueue(capacity: config.readQueueSize, banks: organization.banksPerChannel)
        writeQueue = DRAMBankQueue(capacity: config.writeQueueSize, banks: organization.banksPerChannel)
        activated = DRAMRequestBuffer(capacity: config.readQueueSize)
        openRow = DRAMTable(repeating: -1, count: organization.banksPerChannel)
        activatedPerBank = DRAMTable(repeating: 0, count: organization.banksPerChannel)
        openBanks = DRAMTable(repeating: 0, count: (organization.banksPerChannel + 63) / 64)
        activatedBanks = DRAMTable(repeating: 0, count: (organization.banksPerChannel + 63) / 64)
        openBanksPerRank = DRAMTable(repeating: 0, count: rankCount)
        rankActiveSince = DRAMTable(repeating: 0, count: rankCount)
        switch config.refresh {
        case .off: refreshInterval = Int64.max
        case .allBank: refreshInterval = Int64(timing.nREFI)
        case .perBank: refreshInterval = Int64(timing.nREFIpb)
        }
        refreshDue = DRAMTable(repeating: refreshInterval, count: rankCount)
        refreshBankCursor = DRAMTable(repeating: 0, count: rankCount)
        wake = refreshInterval
    }

    var hasPendingRequests: Bool { !readQueue.isEmpty || !writeQueue.isEmpty || !activated.isEmpty }

    /// Offers a request at `cycle`; false when its queue is full (the frontend retries later).
    mutating func accept(bank: Int32, row: Int32, sequence: Int32, isWrite: Bool, at cycle: Int64) -> Bool {
        let entry = DRAMQueueEntry(bank: bank, row: row, sequence: sequence, isWrite: isWrite, classified: false,
                                   enterCycle: cycle)
        if isWrite {
            guard !writeQueue.isFull else { return false }
            writeQueue.append(entry, openRow: openRow[Int(bank)])
        } else {
            guard !readQueue.isFull else { return false }
            readQueue.append(entry, openRow: openRow[Int(bank)])
        }
        if cycle < wake { wake = stepEveryCycle ? cycle : earliestStep(afterAccepting: entry, at: cycle) }
        return true
    }

    /// The earliest cycle a step can do something new because of the request just accepted: now if
    /// it flips the write mode, else when its own next command can first be legal.
    ///
    /// Why not simply "now": a step that issues nothing changes no state but the write mode, so
    /// skipping it is exact (the mode is handled here), and the earliest legal cycle is a lower
    /// bound even when the request must wait behind a refresh or an activated request. (On the
    /// 1M-request benchmark traces few steps are saved: the controller is mostly awake anyway.)
    @inline(__always)
    mutating func earliestStep(afterAccepting entry: DRAMQueueEntry, at cycle: Int64) -> Int64 {
        if desiredWriteMode() != writeMode { return cycle }
        let bank = Int(entry.bank)
        let command = nextCommand(bank: bank, row: entry.row, isWrite: entry.isWrite)
        return min(wake, max(timing.earliest(command, bank: bank), cycle))
    }

    /// Ramulator 2's write-mode rule: enter above the high watermark or when no read waits; leave
    /// below the low watermark once reads wait — or once no write is left. Ramulator 2 lacks that
    /// last clause, so with `write_low_watermark: 0` (documented as legal) it stays in write mode
    /// with an empty write queue while reads wait forever (a livelock, issue 11). For any low
    /// watermark above 0 an empty queue is already below it: the clause changes nothing there.
    // `mutating` only so that `step` passes `self` in place (see `scanQueue`): non-mutating, it cost
    // a copy of the whole controller at every step.
    @inline(__always)
    mutating func desiredWriteMode() -> Bool {
        let writes = Double(writeQueue.count)
        let capacity = Double(writeQueue.capacity)
        if !writeMode {
            return writes > config.writeHighWatermark * capacity || readQueue.isEmpty
        }
        return !((writes < config.writeLowWatermark * capacity || writeQueue.isEmpty) && !readQueue.isEmpty)
    }

    @inline(__always)
    func columnCommand(isWrite: Bool) -> DRAMCommand {
        switch (isWrite, config.rowPolicy) {
        case (false, .open): return .read
        case (true, .open): return .write
        case (false, .closed): return .readAutoPrecharge
        case (true, .closed): return .writeAutoPrecharge
        }
    }

    /// The banks a pending refresh holds (all-bank: its whole rank; per-bank: that bank; none
    /// while no refresh is pending).
    // Inlined: called on `self` from mutating methods, a non-inlined getter made the compiler copy
    // the whole controller first.
    var refreshHeldBanks: Range<Int> {
        @inline(__always) get {
            guard refreshRank >= 0 else { return 0..<0 }
            if config.refresh == .allBank { return (refreshRank * banksPerRank)..<((refreshRank + 1) * banksPerRank) }
            return refreshTargetBank..<(refreshTargetBank + 1)
        }
    }

    /// Whether a pending refresh holds `bank`.
    @inline(__always)
    func refreshHolds(bank: Int) -> Bool { refreshRank >= 0 && refreshHeldBanks.contains(bank) }

    /// The command `bank`'s request for `row` needs next: its column command on a row hit, else PRE
    /// while another row is open, ACT while the bank is closed.
    @inline(__always)
    func nextCommand(bank: Int, row: Int32, isWrite: Bool) -> DRAMCommand {
        let open = openRow[bank]
        return open == row ? columnCommand(isWrite: isWrite) : (open >= 0 ? .precharge : .activate)
    }

    @inline(__always) var refreshTargetBank: Int { refreshRank * banksPerRank + refreshBankCursor[max(refreshRank, 0)] }
}
