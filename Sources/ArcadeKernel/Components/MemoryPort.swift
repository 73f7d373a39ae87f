/// One memory transaction, as a TLM-2.0 generic payload reduced to what timing models need.
public struct MemoryTransaction: Sendable, Equatable {
    /// Chosen by the initiator; the response carries it back (`ComponentEvent.payload`).
    public var id: UInt64
    public var address: UInt64
    public var bytes: UInt32
    public var isWrite: Bool

    @inlinable
    public init(id: UInt64, address: UInt64, bytes: UInt32, isWrite: Bool) {
        self.id = id
        self.address = address
        self.bytes = bytes
        self.isWrite = isWrite
    }
}

/// The target side of a memory port (a TLM-2.0 target socket): accepts a transaction now or
/// refuses it (back-pressure: its queues are full), and later responds at the transaction's
/// completion time with `ComponentEvent(kind: .response, payload: id)`.
///
/// A target that refuses must send the initiator one `.retry` event on that port when it can
/// accept again (TLM's END_REQ after a refused BEGIN_REQ). Responses to one port may arrive in
/// any order (a DRAM scheduler reorders); the id says which.
public protocol MemoryTarget: Component {
    /// Offers `transaction` from `port` at `now`; false = refused, a `.retry` will follow.
    func accept(_ transaction: MemoryTransaction, from port: MemoryPort, at now: Picoseconds,
                scheduler: inout Scheduler<ComponentEvent>) -> Bool
}

/// The initiator side: which target, and which of the initiator's ports responses come back to.
public struct MemoryPort {
    public unowned let target: any MemoryTarget
    /// The initiator component's index in the chip.
    public let initiator: Int32
    /// The initiator's own number for this port (`ComponentEvent.port` of responses).
    public let port: Int32

    public init(target: any MemoryTarget, initiator: Int32, port: Int32 = 0) {
        self.target = target
        self.initiator = initiator
        self.port = port
    }

    /// Sends `transaction` at `now`; false when the target refused it (a `.retry` follows).
    @inlinable @inline(__always)
    public func send(_ transaction: MemoryTransaction, at now: Picoseconds,
                     scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        target.accept(transaction, from: self, at: now, scheduler: &scheduler)
    }

    /// Target side: the response to transaction `id`, delivered at `time`.
    @inlinable @inline(__always)
    public func respond(id: UInt64, at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        scheduler.schedule(ComponentEvent(target: initiator, kind: .response, port: port, payload: id), at: time)
    }

    /// Target side: tells the initiator it may offer again.
    @inlinable @inline(__always)
    public func retry(at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        scheduler.schedule(ComponentEvent(target: initiator, kind: .retry, port: port), at: time)
    }
}
