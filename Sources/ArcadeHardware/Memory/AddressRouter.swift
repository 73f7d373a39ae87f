import ArcadeKernel

/// Sends each transaction to the memory target that owns its address range, so one initiator
/// port can reach several memories — SCALE-Sim's separate ifmap, filter and ofmap interfaces,
/// or (later) a cache in front of part of a DRAM. Responses and retries go from the chosen
/// target straight back to the initiator's port; the router adds no time.
public final class AddressRouter: MemoryTarget {
    public let name: String
    public var id: Int32 = -1
    /// Ranges in ascending order of `lowerBound`; a transaction goes to the range holding its address.
    public let routes: [(range: Range<UInt64>, target: any MemoryTarget)]

    /// - Precondition: the ranges do not overlap (a programming error, not user input).
    public init(name: String = "router", routes: [(range: Range<UInt64>, target: any MemoryTarget)]) {
        let sorted = routes.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            precondition(a.range.upperBound <= b.range.lowerBound, "overlapping address ranges \(a.range) and \(b.range)")
        }
        self.name = name
        self.routes = sorted
    }

    public var isFinished: Bool { routes.allSatisfy { $0.target.isFinished } }
    public var status: String { routes.map { "\($0.target.name): \($0.target.status)" }.joined(separator: "; ") }

    public func accept(_ transaction: MemoryTransaction, from port: MemoryPort, at now: Picoseconds,
                       scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        guard let route = routes.first(where: { $0.range.contains(transaction.address) }) else {
            preconditionFailure("address \(transaction.address) is in no route of \(name)")
        }
        return route.target.accept(transaction, from: port, at: now, scheduler: &scheduler)
    }

    public func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {}
}
