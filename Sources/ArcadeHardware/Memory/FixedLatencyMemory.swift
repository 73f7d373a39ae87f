import ArcadeKernel

/// A memory with a fixed latency and an interface of `bytesPerCycle` (nil: unlimited), serving
/// transactions in arrival order: a transaction occupies the interface ceil(bytes / bytesPerCycle)
/// cycles from when it is free, then its response comes `latencyCycles` later. With latency 0 and
/// unlimited bandwidth every response arrives the moment the request is sent — the "ideal memory"
/// a closed-form model assumes. Never refuses.
public final class FixedLatencyMemory: MemoryTarget {
    public let name: String
    public var id: Int32 = -1
    public let clock: ClockDomain
    public let latencyCycles: UInt64
    public let bytesPerCycle: Int?
    var interfaceFree: Picoseconds = 0
    var inFlight = 0
    public private(set) var transactions = 0

    public init(name: String = "memory", clock: ClockDomain, latencyCycles: UInt64, bytesPerCycle: Int?) {
        precondition(bytesPerCycle.map { $0 > 0 } ?? true, "bandwidth must be positive")
        self.name = name
        self.clock = clock
        self.latencyCycles = latencyCycles
        self.bytesPerCycle = bytesPerCycle
    }

    public var isFinished: Bool { true }
    public var status: String { "idle" }

    public func accept(_ transaction: MemoryTransaction, from port: MemoryPort, at now: Picoseconds,
                       scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        transactions += 1
        var done = now
        if let bytesPerCycle {
            let start = max(clock.nextEdge(atOrAfter: now), interfaceFree)
            let cycles = (Int(transaction.bytes) + bytesPerCycle - 1) / bytesPerCycle
            interfaceFree = start + clock.duration(ofCycles: UInt64(cycles))
            done = interfaceFree
        }
        port.respond(id: transaction.id, at: done + clock.duration(ofCycles: latencyCycles), scheduler: &scheduler)
        return true
    }

    public func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {}
}
