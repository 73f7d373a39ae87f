/// A calendar (bucket) queue with a binary-heap overflow for far-future events; pops in
/// (time, insertion sequence) order, exactly like `BinaryHeapQueue`.
///
/// Three tiers, with `b = time >> log2(width)` the absolute bucket of a time and `c` the
/// bucket being drained:
/// - fine slots: the events of bucket `c`, one FIFO slot per picosecond. Equal times pop
///   first-in-first-out, which *is* sequence order, so nothing is ever sorted;
/// - coarse buckets: unsorted events of buckets `c+1 … c+bucketCount−1`, at `b & mask`;
/// - overflow: a heap of events a year or more ahead.
/// Events live in one node pool (`CalendarStorage`) linked into per-slot FIFO lists, so moving
/// an event between tiers relinks an index. When the fine slots run dry, the window moves to
/// the next occupied coarse bucket (or, if none, straight to the overflow's earliest bucket),
/// overflow events the moved window now covers drop into their buckets, and the new bucket is
/// spread over the fine slots in list order. Within a coarse bucket that order is sequence
/// order for equal times: overflow events enter a bucket before any direct insert can reach
/// it. Occupancy bitmaps (plus a summary word for the fine slots) find the next event with two
/// bit scans, so empty slots and buckets cost nothing.
///
/// Contract: insert no earlier than the last removed event (`Scheduler` enforces this). An
/// insert earlier than a time only *peeked* with `nextTime()` is still handled, on a slow path.
///
/// Copies share one queue. `CalendarQueue` is a handle to a `CalendarStorage` object, so a
/// copy of the struct (or of a `Scheduler` or `Simulator` holding it) sees and changes the
/// same pending events — like a class. This is deliberate: copy-on-write cost a runtime
/// uniqueness check on every insert and pop (~12% of the hold benchmark's instructions). Call
/// `copy()` for an independent queue (`Simulator.forked()` uses it to fork a run).
///
/// ```swift
/// var queue = CalendarQueue<String>()
/// queue.insert("refresh", at: 7_800_000)   // far: waits in the overflow heap
/// queue.insert("read", at: 1_250)
/// queue.removeFirst()?.event               // "read"
/// ```
///
/// Limits: times up to `CalendarGeometry.latestTime` (2^63 − 1 ps, ~106 days; a later insert
/// traps), up to 2^31 events within one calendar year at once; sequence numbers are 64-bit.
///
/// - Complexity: O(1) insert and remove for events within a year; each such event is moved at
///   most twice (coarse → fine). O(log n) for events that pass through the overflow heap.
public struct CalendarQueue<Event>: EventQueue {
    @usableFromInline typealias Entry = ScheduledEvent<Event>

    @usableFromInline let storage: CalendarStorage<Event>

    public let geometry: CalendarGeometry

    @inlinable
    public init(geometry: CalendarGeometry = CalendarGeometry()) {
        self.geometry = geometry
        storage = CalendarStorage(geometry: geometry)
    }

    @usableFromInline
    init(geometry: CalendarGeometry, storage: CalendarStorage<Event>) {
        self.geometry = geometry
        self.storage = storage
    }

    /// An independent queue holding the same events, which will pop in the same order with the
    /// same sequence numbers; later changes to either do not affect the other.
    ///
    /// - Complexity: O(n) in pending events plus the calendar's size.
    public func copy() -> CalendarQueue {
        CalendarQueue(geometry: geometry, storage: storage.copy())
    }

    @inlinable
    public var count: Int { Int(truncatingIfNeeded: storage.nextSequence &- storage.removedCount) }

    // Inlined into the simulator's loop: the common paths are a few loads, stores and bit
    // operations, so a call would cost as much as the work. Rare paths stay out of line.
    @inlinable @inline(__always)
    public mutating func insert(_ event: Event, at time: Picoseconds) {
        storage.insert(event, at: time)
    }

    @inlinable @inline(__always)
    public mutating func removeFirst(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        storage.removeFirst(notAfter: limit)
    }

    @inlinable
    public mutating func nextTime() -> Picoseconds? {
        storage.nextTime()
    }
}

extension CalendarStorage {
    /// A node holding (time, sequence, event), not yet on any list.
    @inlinable @inline(__always)
    func makeNode(_ time: Picoseconds, _ sequence: UInt64, _ event: Event) -> Int32 {
        var node = freeHead
        if node >= 0 {
            freeHead = link(node)
        } else {
            node = freshNode()
        }
        entry(node).initialize(to: Entry(time: time, sequence: sequence, event: event))
        return node
    }

    /// Appends `node` to fine slot `slot` (its time − `fineStart`).
    @inlinable @inline(__always)
    func linkFine(_ node: Int32, slot: Int) {
        setLink(node, -1)
        let list = fine + slot
        let tail = list.pointee.tail
        list.pointee.tail = node
        if tail < 0 {
            list.pointee.head = node
            fineOccupancy[slot &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: slot & 63)
            fineSummary |= 1 &<< UInt64(truncatingIfNeeded: slot &>> 6)
        } else {
            setLink(tail, node)
        }
    }

    /// Appends `node` to coarse bucket `slot`.
    @inlinable @inline(__always)
    func linkCoarse(_ node: Int32, slot: Int) {
        setLink(node, -1)
        let list = coarse + slot
        let tail = list.pointee.tail
        list.pointee.tail = node
        if tail < 0 {
            list.pointee.head = node
            coarseOccupancy[slot &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: slot & 63)
        } else {
            setLink(tail, node)
        }
        coarseEventCount &+= 1
    }

    @inlinable @inline(__always)
    func insert(_ event: Event, at time: Picoseconds) {
        let sequence = nextSequence
        nextSequence = sequence &+ 1
        // One unsigned compare per tier: times before `fineStart` wrap around to huge offsets.
        let offset = time &- fineStart
        if offset < width {
            linkFine(makeNode(time, sequence, event), slot: Int(truncatingIfNeeded: offset))
        } else if offset &- width < coarseSpan {
            let slot = Int(truncatingIfNeeded: (time &>> widthShift) & coarseMask)
            linkCoarse(makeNode(time, sequence, event), slot: slot)
        } else {
            insertOutsideWindow(Entry(time: time, sequence: sequence, event: event))
        }
    }

    @inlinable @inline(__always)
    func removeFirst(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        if fineSummary != 0 && !hasEarly { return popFine(notAfter: limit) }
        return removeSlow(notAfter: limit)
    }

    /// Pops the earliest fine-slot event if it is not after `limit`. Requires `fineSummary ≠ 0`.
    @inlinable @inline(__always)
    func popFine(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        let summary = fineSummary
        let word = summary.trailingZeroBitCount
        let bits = fineOccupancy[word]
        let slot = word &<< 6 | bits.trailingZeroBitCount
        guard fineStart &+ UInt64(truncatingIfNeeded: slot) <= limit else { return nil }
        let list = fine + slot
        let node = list.pointee.head
        let next = link(node)
        let result = entry(node).move()
        setLink(node, freeHead)
        freeHead = node
        list.pointee.head = next
        if next < 0 {
            list.pointee.tail = -1
            let remaining = bits & (bits &- 1)   // clears the lowest set bit: this slot's
            fineOccupancy[word] = remaining
            if remaining == 0 { fineSummary = summary & (summary &- 1) }
        }
        removedCount &+= 1
        return result
    }

    @inlinable
    func nextTime() -> Picoseconds? {
        if hasEarly { return early.first.unsafelyUnwrapped.time }
        if fineSummary == 0 && !advance(notAfter: .max) { return nil }
        let word = fineSummary.trailingZeroBitCount
        return fineStart &+ UInt64(truncatingIfNeeded: word &<< 6 | fineOccupancy[word].trailingZeroBitCount)
    }
}
