import ArcadeCore
import ArcadeWorkloads

/// What a run produced, before it becomes a `SimulationReport`.
public struct DRAMRunResult: Sendable {
    /// Memory cycles from cycle 0 until the last request completed (see `DRAMChannelController.complete`).
    public var cycles: Int64
    /// The memory cycle at which the controller accepted the last request: Ramulator 2's end
    /// criterion (and our DRAMsim3 driver's), for comparing with the peers like for like.
    public var lastAcceptCycle: Int64 = 0
    public var requests: Int
    var channels: [DRAMChannelStats]
    /// Each request's completion cycle in trace order, when `DRAMSimulation.recordCompletions` is set
    /// (`--reference systemc` compares them request by request, and an outside platform replaying
    /// the trace through the memory port is compared against them); empty otherwise.
    public var completionCycles: [Int64] = []
    /// Wall-clock seconds of the event loop alone (not decoding, not the report): the scope the
    /// SystemC reference's `sc_start` is timed over.
    var loopSeconds: Double = 0
}

/// Runs a request trace through the channels: the frontend offers requests in trace order,
/// `requestsPerCycle` per memory cycle from cycle 0 (or not before a request's own arrival cycle),
/// and stalls while the head request's queue is full (back-pressure). Time jumps from event to
/// event: the next cycle is the minimum of the frontend's next offer and every channel's `wake`.
public struct DRAMSimulation {
    public let config: DRAMSystemConfig
    /// Tests: every controller checks its bank-grouped scan against the reference scan at every step.
    var verifyScans = false
    /// Tests: every controller steps at every cycle, not only at its wake-up bounds.
    var stepEveryCycle = false
    /// Record every request's completion cycle in `DRAMRunResult.completionCycles`.
    public var recordCompletions = false
    /// Told the completed requests every `progressInterval` completions (and at the end).
    public var progress: SimulationProgress.Handler?
    static let progressInterval = 1 << 18

    public init(config: DRAMSystemConfig) { self.config = config }

    /// Decoded requests: channel, bank within the channel, row, kind, arrival (-1 = none).
    struct DecodedTrace {
        var channel: [Int32] = []
        var bank: [Int32] = []
        var row: [Int32] = []
        var isWrite: [Bool] = []
        var arrival: [Int64] = []
    }

    /// Decodes every address; an address beyond the capacity is an `InputError` naming the request.
    func decode(_ requests: [MemoryRequest], traceName: String) throws -> DecodedTrace {
        let organization = config.organization
        var trace = DecodedTrace()
        trace.channel.reserveCapacity(requests.count)
        trace.bank.reserveCapacity(requests.count)
        trace.row.reserveCapacity(requests.count)
        trace.isWrite.reserveCapacity(requests.count)
        trace.arrival.reserveCapacity(requests.count)
        let slices = DRAMAddressSlices(config.mapping)
        let ranks = organization.ranks, bankGroups = organization.bankGroups, banksPerGroup = organization.banksPerGroup
        for (index, request) in requests.enumerated() {
            let address = request.address
            guard slices.contains(address) else {
                let capacity = organization.capacityBytes ?? 0
                throw InputError(file: traceName, "request \(index + 1): address 0x\(String(address, radix: 16)) "
                                 + "is beyond the capacity of \(capacity) bytes (0x\(String(capacity, radix: 16)))")
            }
            let rank = slices.pseudoChannel.value(of: address) &* ranks &+ slices.rank.value(of: address)
            let bank = (rank &* bankGroups &+ slices.bankGroup.value(of: address)) &* banksPerGroup
                &+ slices.bank.value(of: address)
            trace.channel.append(Int32(truncatingIfNeeded: slices.channel.value(of: address)))
            trace.bank.append(Int32(truncatingIfNeeded: bank))
            trace.row.append(Int32(truncatingIfNeeded: slices.row.value(of: address)))
            trace.isWrite.append(request.kind == .write)
            // The reader bounds a file's cycles; an in-memory trace (another family's) is bounded here.
            if let arrival = request.arrivalCycle, arrival > MemoryTraceLimits.maxArrivalCycle {
                throw InputError(file: traceName, "request \(index + 1): arrival cycle \(arrival) is too large; "
                                 + "cycles must be ≤ 2^50 (\(MemoryTraceLimits.maxArrivalCycle))")
            }
            trace.arrival.append(request.arrivalCycle ?? -1)
        }
        return trace
    }

    public func run(_ requests: [MemoryRequest], traceName: String = "trace") throws -> DRAMRunResult {
        let trace = try decode(requests, traceName: traceName)
        return try run(trace, traceName: traceName)
    }

    func run(_ trace: DecodedTrace, traceName: String = "trace") throws -> DRAMRunResult {
        let constraints = config.constraints
        var channels = DRAMChannelControllers(count: config.organization.channels) { _ in
            DRAMChannelController(organization: config.organization, timing: config.timing,
                                  config: config.controller, constraints: constraints)
        }
        for channel in channels.indices {
            channels[channel].verifyScans = verifyScans
            channels[channel].stepEveryCycle = stepEveryCycle
        }
        let total = trace.bank.count
        // The loop works on the controllers in place: reading `channels[i].wake` through the
        // array would copy the whole controller at every event.
        let lastAccept: Int64
        var completions = [Int64](repeating: -1, count: recordCompletions ? total : 0)
        let start = ContinuousClock.now
        let outcome = channels.withUnsafeMutableBufferPointer { drive($0, trace, completions: &completions) }
        let loop = ContinuousClock.now - start
        switch outcome {
        case .finished(let cycle):
            lastAccept = cycle
        case .stalled(let left, let cycle):
            // Nothing left to wake the controllers: a scheduler bug for this configuration, not the
            // user's mistake, but it must end the run with a message, never a trap (issue 11).
            throw InputError(file: traceName, "the DRAM controller stalled at cycle \(cycle) with \(left) requests "
                                 + "left and nothing scheduled (an Arcade scheduler bug for this controller "
                                 + "configuration; please report it with the architecture and the trace)")
        }
        var cycles: Int64 = 0
        for channel in channels.indices { cycles = max(cycles, channels[channel].stats.lastCompletion) }
        for channel in channels.indices { channels[channel].closeBackgroundAccounting(at: cycles) }
        return DRAMRunResult(cycles: cycles, lastAcceptCycle: lastAccept, requests: total, channels: channels.map { $0.stats },
                             completionCycles: completions,
                             loopSeconds: Double(loop.components.seconds) + Double(loop.components.attoseconds) * 1e-18)
    }

    enum DriveOutcome {
        /// Every request completed; the cycle at which the last one was accepted.
        case finished(lastAccept: Int64)
        /// Requests were left but no frontend offer nor channel step was scheduled.
        case stalled(requestsLeft: Int, cycle: Int64)
    }

    /// The event loop: frontend offers, then the steps of the channels due at `now`.
    private func drive(_ channels: UnsafeMutableBufferPointer<DRAMChannelController>, _ trace: DecodedTrace,
                       completions: inout [Int64]) -> DriveOutcome {
        var lastAccept: Int64 = 0
        let total = trace.bank.count
        let perCycle = config.controller.requestsPerCycle
        var nextRequest = 0
        var completed = 0
        var frontendNext: Int64 = total > 0 ? 0 : Int64.max
        var blockedChannel = -1
        var blockedOnWrite = false
        // One comparison per step when nobody listens (the mark never comes).
        var nextReport = progress == nil ? Int.max : Self.progressInterval
        progress?(SimulationProgress(done: 0, total: total, item: "simulate", unit: "requests"))
        var previous: Int64 = 0
        while completed < total {
            var now = frontendNext
            for channel in channels.indices where channels[channel].wake < now { now = channels[channel].wake }
            if now == Int64.max { return .stalled(requestsLeft: total - completed, cycle: previous) }
            previous = now

            if frontendNext == now {
                frontendNext = now + 1
                var offered = 0
                while offered < perCycle && nextRequest < total {
                    let arrival = trace.arrival[nextRequest]
                    if arrival > now { frontendNext = arrival; break }
                    let channel = Int(trace.channel[nextRequest])
                    let isWrite = trace.isWrite[nextRequest]
                    guard channels[channel].accept(bank: trace.bank[nextRequest], row: trace.row[nextRequest],
                                                   sequence: Int32(truncatingIfNeeded: nextRequest),
                                                   isWrite: isWrite, at: now) else {
                        blockedChannel = channel
                        blockedOnWrite = isWrite
                        frontendNext = Int64.max
                        break
                    }
                    nextRequest += 1
                    offered += 1
                }
                if nextRequest >= total {
                    lastAccept = now            // the block runs no more once every request is in
                    frontendNext = Int64.max
                }
            }

            for channel in channels.indices where channels[channel].wake == now {
                let outcome = channels[channel].step(at: now)
                completed += outcome.completed
                if recordCompletions && outcome.completed > 0 {
                    completions[Int(outcome.completedSequence)] = outcome.completedCycle
                }
                if completed >= nextReport {
                    nextReport += Self.progressInterval
                    progress?(SimulationProgress(done: completed, total: total, item: "simulate", unit: "requests"))
                }
                if channel == blockedChannel && (blockedOnWrite ? outcome.freedWrite : outcome.freedRead) {
                    blockedChannel = -1
                    frontendNext = now + 1
                }
            }
        }
        progress?(SimulationProgress(done: completed, total: total, item: "simulate", unit: "requests"))
        return .finished(lastAccept: lastAccept)
    }
}
