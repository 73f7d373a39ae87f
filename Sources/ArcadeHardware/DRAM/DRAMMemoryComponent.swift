import ArcadeKernel

/// The DRAM's channel controllers behind a memory port: a `MemoryTarget` on the chip's kernel.
///
/// Timing: memory cycle c is the rising edge at c · tCK. Initiators offer transactions on edges;
/// the controllers step at mid-cycle (c · tCK + tCK/2), after every offer of that cycle has been
/// accepted — the order `DRAMSimulation`'s fused loop uses (frontend first, then the channels
/// due), which makes the two paths give identical results (`DRAMComponentTests`). A response is
/// delivered on the edge of the cycle the data transfer ends (read data returned, write burst
/// written); a refused transaction (its queue full) gets a `.retry` on the edge after the step that
/// frees a slot of that queue in that channel.
///
/// Idle time costs nothing: when no request is pending the component schedules no step, not even
/// for refresh; the next transaction first replays the steps the controllers would have taken
/// in between (`catchUp`) — only refreshes can happen then — so the state is what stepping every
/// wake-up would have given.
public final class DRAMMemoryComponent: MemoryTarget {
    public let name: String
    public var id: Int32 = -1
    public let config: DRAMSystemConfig
    public let clock: ClockDomain
    let slices: DRAMAddressSlices
    let channelCount: Int
    /// The controllers, owned here and mutated in place (through an array, reading `wake` copied
    /// a whole controller; see `DRAMSimulation.run`).
    let controllers: UnsafeMutablePointer<DRAMChannelController>
    /// Transactions accepted and not yet served, by sequence number (arrival order, which the
    /// schedulers use as age): the port and id to respond to.
    var waiting = SequenceTable()
    var nextSequence: Int32 = 0
    /// The cycle of the pending step event (Int64.max: none scheduled).
    var scheduledStep = Int64.max
    /// Initiators refused a transaction, with the channel and queue that was full.
    var refused: [(port: MemoryPort, channel: Int, isWrite: Bool)] = []
    public private(set) var accepted = 0
    public private(set) var served = 0
    /// The cycle at which the last transaction was accepted.
    public private(set) var lastAcceptCycle: Int64 = 0
    let halfCycle: Picoseconds

    public init(name: String = "dram", config: DRAMSystemConfig) {
        self.name = name
        self.config = config
        clock = ClockDomain(periodPicoseconds: Picoseconds(config.timing.tCKPicoseconds))
        halfCycle = Picoseconds(config.timing.tCKPicoseconds / 2)
        slices = DRAMAddressSlices(config.mapping)
        channelCount = config.organization.channels
        controllers = .allocate(capacity: channelCount)
        let constraints = config.constraints
        for channel in 0..<channelCount {
            (controllers + channel).initialize(to: DRAMChannelController(
                organization: config.organization, timing: config.timing, config: config.controller,
                constraints: constraints))
        }
    }

    deinit {
        controllers.deinitialize(count: channelCount)
        controllers.deallocate()
    }

    /// Whether `address` lies inside the memory (initiators check before sending).
    public func contains(address: UInt64) -> Bool { slices.contains(address) }

    public var isFinished: Bool { accepted == served }
    public var status: String { "\(accepted - served) transactions in flight, \(refused.count) initiators refused" }

    public func accept(_ transaction: MemoryTransaction, from port: MemoryPort, at now: Picoseconds,
                       scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        let cycle = Int64(clock.cycles(covering: now))    // the edge at or after `now`
        let address = transaction.address
        assert(slices.contains(address), "address beyond the DRAM's capacity: the initiator checks")
        if scheduledStep == .max { catchUp(before: cycle) }
        let organization = config.organization
        let rank = slices.pseudoChannel.value(of: address) &* organization.ranks &+ slices.rank.value(of: address)
        let bank = (rank &* organization.bankGroups &+ slices.bankGroup.value(of: address)) &* organization.banksPerGroup
            &+ slices.bank.value(of: address)
        let channel = slices.channel.value(of: address)
        let controller = controllers + channel
        guard controller.pointee.accept(bank: Int32(truncatingIfNeeded: bank),
                                        row: Int32(truncatingIfNeeded: slices.row.value(of: address)),
                                        sequence: nextSequence, isWrite: transaction.isWrite, at: cycle) else {
            refused.append((port, channel, transaction.isWrite))
            return false
        }
        waiting.insert(sequence: nextSequence, port: port, id: transaction.id)
        nextSequence &+= 1
        accepted += 1
        lastAcceptCycle = cycle
        // Every channel's wake, not only this one's: after an idle catch-up the others may be due
        // (a refresh) before this channel's first legal command, and a step scheduled later would
        // leave them behind — a wake in the past, which the fused loop never skips.
        var next = controller.pointee.wake
        for other in 0..<channelCount { next = min(next, controllers[other].wake) }
        scheduleStep(atOrBefore: next, scheduler: &scheduler)
        return true
    }

    public func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        let cycle = Int64(event.payload)
        guard cycle == scheduledStep else { return }    // superseded by an earlier step
        scheduledStep = .max
        for channel in 0..<channelCount where controllers[channel].wake == cycle {
            let outcome = (controllers + channel).pointee.step(at: cycle)
            if outcome.completed > 0 {
                served += outcome.completed
                let (initiator, port, id) = waiting.remove(sequence: outcome.completedSequence)
                scheduler.schedule(ComponentEvent(target: initiator, kind: .response, port: port, payload: id),
                                   at: clock.time(ofCycle: UInt64(outcome.completedCycle)))
            }
            if !refused.isEmpty && (outcome.freedRead || outcome.freedWrite) {
                wakeRefused(channel: channel, outcome: outcome, cycle: cycle, scheduler: &scheduler)
            }
        }
        if accepted > served {
            var next = Int64.max
            for channel in 0..<channelCount { next = min(next, controllers[channel].wake) }
            scheduleStep(atOrBefore: next, scheduler: &scheduler)
        }
    }

    func wakeRefused(channel: Int, outcome: DRAMStepOutcome, cycle: Int64, scheduler: inout Scheduler<ComponentEvent>) {
        var index = 0
        while index < refused.count {
            let entry = refused[index]
            if entry.channel == channel && (entry.isWrite ? outcome.freedWrite : outcome.freedRead) {
                entry.port.retry(at: clock.time(ofCycle: UInt64(cycle + 1)), scheduler: &scheduler)
                refused.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    @inline(__always)
    func scheduleStep(atOrBefore cycle: Int64, scheduler: inout Scheduler<ComponentEvent>) {
        guard cycle < scheduledStep else { return }
        precondition(cycle < Int64.max, "DRAM controller with pending requests and no wake-up")
        scheduledStep = cycle
        scheduler.schedule(ComponentEvent(target: id, kind: .wake, payload: UInt64(cycle)),
                           at: clock.time(ofCycle: UInt64(cycle)) + halfCycle)
    }

    /// Replays the idle steps (refreshes) due before `cycle`, in the order stepping would have.
    func catchUp(before cycle: Int64) {
        while true {
            var next = Int64.max
            for channel in 0..<channelCount { next = min(next, controllers[channel].wake) }
            guard next < cycle else { return }
            for channel in 0..<channelCount where controllers[channel].wake == next {
                _ = (controllers + channel).pointee.step(at: next)
            }
        }
    }

    /// Ends the run at memory cycle `end` (background-energy accounting) and returns the
    /// per-channel statistics.
    func finish(at end: Int64) -> [DRAMChannelStats] {
        (0..<channelCount).map { channel in
            (controllers + channel).pointee.closeBackgroundAccounting(at: end)
            return controllers[channel].stats
        }
    }

    /// The last completion over all channels, in memory cycles.
    public var lastCompletionCycle: Int64 {
        (0..<channelCount).reduce(0) { max($0, controllers[$1].stats.lastCompletion) }
    }
}

/// Accepted, not yet served transactions by sequence number: a ring of power-of-two size that
/// grows (by doubling, rarely) when the oldest waiting request is far behind the newest, so the
/// hot path is one store and one load. Holds plain integers (initiator, port), not `MemoryPort`s,
/// whose unowned reference cost reference-count traffic per request.
struct SequenceTable {
    private var ports: [Int64] = Array(repeating: -1, count: 1024)     // initiator << 32 | port; -1 free
    private var ids: [UInt64] = Array(repeating: 0, count: 1024)
    private var oldest: Int32 = 0      // no waiting sequence is below this
    private var newest: Int32 = -1
    private var mask = 1023

    mutating func insert(sequence: Int32, port: MemoryPort, id: UInt64) {
        while Int(sequence - oldest) > mask { grow() }
        let slot = Int(sequence) & mask
        ports[slot] = Int64(port.initiator) << 32 | Int64(UInt32(bitPattern: port.port))
        ids[slot] = id
        newest = sequence
    }

    mutating func remove(sequence: Int32) -> (initiator: Int32, port: Int32, id: UInt64) {
        let slot = Int(sequence) & mask
        let packed = ports[slot]
        precondition(packed >= 0, "DRAM served an unknown request \(sequence)")
        ports[slot] = -1
        while oldest <= newest && ports[Int(oldest) & mask] < 0 { oldest += 1 }
        return (Int32(truncatingIfNeeded: packed >> 32), Int32(truncatingIfNeeded: packed), ids[slot])
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var newPorts = [Int64](repeating: -1, count: size)
        var newIDs = [UInt64](repeating: 0, count: size)
        var sequence = oldest
        while sequence <= newest {
            newPorts[Int(sequence) & (size - 1)] = ports[Int(sequence) & mask]
            newIDs[Int(sequence) & (size - 1)] = ids[Int(sequence) & mask]
            sequence += 1
        }
        ports = newPorts
        ids = newIDs
        mask = size - 1
    }
}
