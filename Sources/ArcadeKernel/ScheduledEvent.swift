/// An event with its firing time and the sequence number that breaks ties.
///
/// The ordering key is the pair (time, sequence), compared lexicographically: earlier time
/// first, and at equal time the event inserted first. Sequence numbers come from a per-queue
/// counter, so equal-time events run in insertion order and a run is deterministic.
/// (The pair is kept as two `UInt64`s rather than packed into one word: packing would cap
/// either the time range or the number of events; the second compare is nearly free because
/// it only runs on ties.)
public struct ScheduledEvent<Event> {
    public var time: Picoseconds
    public var sequence: UInt64
    public var event: Event

    @inlinable
    public init(time: Picoseconds, sequence: UInt64, event: Event) {
        self.time = time
        self.sequence = sequence
        self.event = event
    }

    /// Whether `self` must fire before `other`: the (time, sequence) order.
    @inlinable @inline(__always)
    public func precedes(_ other: ScheduledEvent) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}

extension ScheduledEvent: Sendable where Event: Sendable {}
extension ScheduledEvent: Equatable where Event: Equatable {}

/// A priority queue of events ordered by (time, insertion sequence).
///
/// Two implementations share this API: `CalendarQueue` (fast, the default) and
/// `BinaryHeapQueue` (simple, the reference the calendar queue is tested against).
public protocol EventQueue<Event> {
    associatedtype Event
    /// Number of pending events.
    var count: Int { get }
    /// Adds `event` to fire at `time`; it gets the next sequence number.
    mutating func insert(_ event: Event, at time: Picoseconds)
    /// Removes and returns the earliest event if it fires at or before `limit`.
    mutating func removeFirst(notAfter limit: Picoseconds) -> ScheduledEvent<Event>?
    /// Time of the earliest pending event. Mutating because a queue may reorganise to find it.
    mutating func nextTime() -> Picoseconds?
}

extension EventQueue {
    @inlinable public var isEmpty: Bool { count == 0 }

    /// Removes and returns the earliest event, whatever its time.
    @inlinable
    public mutating func removeFirst() -> ScheduledEvent<Event>? { removeFirst(notAfter: .max) }
}
