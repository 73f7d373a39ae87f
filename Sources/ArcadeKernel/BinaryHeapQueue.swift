/// The simplest correct event queue: one binary heap keyed by (time, sequence).
///
/// Kept as the reference implementation — `CalendarQueue` is tested to pop exactly the same
/// sequence — and as the baseline in `arcade bench kernel`. Use `CalendarQueue` in models.
///
/// ```swift
/// var queue = BinaryHeapQueue<String>()
/// queue.insert("late", at: 20)
/// queue.insert("early", at: 10)
/// queue.removeFirst()?.event   // "early"
/// ```
///
/// - Complexity: `insert` and `removeFirst` O(log n) with n pending events.
public struct BinaryHeapQueue<Event>: EventQueue {
    @usableFromInline var heap = EventHeap<Event>()
    @usableFromInline var nextSequence: UInt64 = 0

    @inlinable public init() {}

    @inlinable public var count: Int { heap.count }

    @inlinable
    public mutating func insert(_ event: Event, at time: Picoseconds) {
        heap.insert(ScheduledEvent(time: time, sequence: nextSequence, event: event))
        nextSequence &+= 1
    }

    @inlinable
    public mutating func removeFirst(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        guard let first = heap.first, first.time <= limit else { return nil }
        return heap.removeFirst()
    }

    @inlinable
    public mutating func nextTime() -> Picoseconds? { heap.first?.time }
}
