import ArcadeKernel
import ArcadeWorkloads

/// A request trace as an initiator component: offers the requests in trace order through its
/// memory port, `requestsPerCycle` per memory cycle from cycle 0 (or not before a request's own
/// arrival cycle), and stops offering while the head request is refused (back-pressure) until the
/// memory's `.retry` — the frontend of Ramulator 2 and of `DRAMSimulation`'s fused loop.
final class DRAMTraceSource: Component {
    let name = "trace"
    var id: Int32 = -1
    let trace: DRAMSimulation.DecodedTrace
    let addresses: [UInt64]
    let requestsPerCycle: Int
    let clock: ClockDomain
    let accessBytes: UInt32
    var port: MemoryPort!
    var nextRequest = 0
    var responses = 0
    /// The cycle at which the last request was accepted.
    var lastAcceptCycle: Int64 = 0
    var waitingForRetry = false

    init(trace: DRAMSimulation.DecodedTrace, addresses: [UInt64], requestsPerCycle: Int, clock: ClockDomain,
         accessBytes: Int) {
        self.trace = trace
        self.addresses = addresses
        self.requestsPerCycle = requestsPerCycle
        self.clock = clock
        self.accessBytes = UInt32(accessBytes)
    }

    var isFinished: Bool { nextRequest == addresses.count && responses == addresses.count }
    var status: String {
        nextRequest < addresses.count ? "offering request \(nextRequest + 1) of \(addresses.count)"
            : "waiting for \(addresses.count - responses) responses"
    }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        switch event.kind {
        case .response: responses += 1; return
        case .retry: waitingForRetry = false
        case .wake: if waitingForRetry { return }
        }
        let cycle = Int64(clock.cycle(containing: now))
        var offered = 0
        while offered < requestsPerCycle && nextRequest < addresses.count {
            let arrival = trace.arrival[nextRequest]
            if arrival > cycle {
                wake(at: clock.time(ofCycle: UInt64(arrival)), scheduler: &scheduler)
                return
            }
            let transaction = MemoryTransaction(id: UInt64(nextRequest), address: addresses[nextRequest],
                                                bytes: accessBytes, isWrite: trace.isWrite[nextRequest])
            guard port.send(transaction, at: now, scheduler: &scheduler) else {
                waitingForRetry = true
                return
            }
            nextRequest += 1
            offered += 1
        }
        if nextRequest >= addresses.count {
            lastAcceptCycle = cycle
        } else {
            wake(at: clock.time(ofCycle: UInt64(cycle + 1)), scheduler: &scheduler)
        }
    }
}

extension DRAMSimulation {
    /// Runs the trace on the event kernel: a `DRAMTraceSource` joined to a `DRAMMemoryComponent`
    /// through a memory port. Same results as `run` (the fused loop, which stays the fast path;
    /// `DRAMComponentTests` checks that they agree on every counter).
    public func runOnKernel(_ requests: [MemoryRequest], traceName: String = "trace") throws -> DRAMRunResult {
        let trace = try decode(requests, traceName: traceName)
        let chip = Chip()
        let memory = chip.add(DRAMMemoryComponent(config: config))
        let source = chip.add(DRAMTraceSource(trace: trace, addresses: requests.map(\.address),
                                              requestsPerCycle: config.controller.requestsPerCycle,
                                              clock: memory.clock, accessBytes: config.organization.accessBytes))
        source.port = MemoryPort(target: memory, initiator: source.id)
        chip.start(source)
        let outcome = chip.run()
        if let deadlock = outcome.deadlock { throw deadlock }
        let cycles = memory.lastCompletionCycle
        return DRAMRunResult(cycles: cycles, lastAcceptCycle: source.lastAcceptCycle, requests: requests.count,
                             channels: memory.finish(at: cycles))
    }
}
