import ArcadeKernel

/// A memory with a fixed latency and an interface of `bytesPerCycle` (nil: unlimited), serving
/// transactions in arrival order. The interface moves `bytesPerCycle` bytes in every cycle and a
/// transaction takes the next `bytes` of them (from its arrival edge, or where the previous one
/// ended), so ten 1-byte transactions on a 10-byte interface share one cycle rather than taking ten;
/// the transaction is done at the end of the cycle that moves its last byte, and its response
/// comes `latencyCycles` later. With latency 0 and unlimited bandwidth every response arrives the
/// moment the request is sent — the "ideal memory" a closed-form model assumes. Never refuses.
public final class FixedLatencyMemory: MemoryTarget {
    public let name: String
    public var id: Int32 = -1
    public let clock: ClockDomain
    public let latencyCycles: UInt64
    public let bytesPerCycle: Int?
    /// Bytes the interface has moved or committed since cycle 0 (byte b moves in cycle b / bytesPerCycle).
    var interfaceBytes: UInt64 = 0
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
            let width = UInt64(bytesPerCycle)
            let arrivalCycle = clock.cycle(containing: clock.nextEdge(atOrAfter: now))
            interfaceBytes = max(arrivalCycle * width, interfaceBytes) + UInt64(transaction.bytes)
            done = clock.time(ofCycle: (interfaceBytes + width - 1) / width)
        }
        port.respond(id: transaction.id, at: done + clock.duration(ofCycles: latencyCycles), scheduler: &scheduler)
        return true
    }

    public func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {}
}
