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
    /// A node holding (time, sequence, event), not yet on any list (its link is stale).
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

    /// Appends `node` to the circular list whose tail is `lists[slot]`; returns whether the
    /// list was empty (the caller then sets the occupancy bit).
    @inlinable @inline(__always)
    func append(_ node: Int32, to lists: UnsafeMutablePointer<Int32>, slot: Int) -> Bool {
        let tail = lists[slot]
        lists[slot] = node
        if tail < 0 {
            setLink(node, node)
            return true
        }
        setLink(node, link(tail))   // the new tail links to the head
        setLink(tail, node)
        return false
    }

    /// Appends `node` to fine slot `slot` (its time − `fineStart`).
    @inlinable @inline(__always)
    func linkFine(_ node: Int32, slot: Int) {
        if append(node, to: fine, slot: slot) {
            fineOccupancy[slot &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: slot & 63)
            fineSummary |= 1 &<< UInt64(truncatingIfNeeded: slot &>> 6)
        }
    }

    /// Appends `node` to coarse bucket `slot`.
    @inlinable @inline(__always)
    func linkCoarse(_ node: Int32, slot: Int) {
        if append(node, to: coarse, slot: slot) {
            coarseOccupancy[slot &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: slot & 63)
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
        let summary = fineSummary
        if summary & fineGate != 0 { return popFine(summary: summary, notAfter: limit) }
        return removeSlow(notAfter: limit)
    }

    /// Pops the earliest fine-slot event if it is not after `limit`. Requires
    /// `summary == fineSummary ≠ 0` and `early` empty.
    @inlinable @inline(__always)
    func popFine(summary: UInt64, notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        let word = summary.trailingZeroBitCount
        let occupancy = fineOccupancy
        let bits = occupancy[word]
        let slot = word &<< 6 | bits.trailingZeroBitCount
        let tail = fine[slot]
        let head = link(tail)
        let entry = entry(head)
        // The node's own time (= fineStart + slot) saves recomputing it from the window.
        guard entry.pointee.time <= limit else { return nil }
        let result = entry.move()
        if head == tail {
            fine[slot] = -1
            let remaining = bits & (bits &- 1)   // clears the lowest set bit: this slot's
            occupancy[word] = remaining
            // Arithmetic, not a branch: words run dry at random (~17% of pops in the hold
            // benchmark) and that branch was mispredicted about as often (callgrind's branch
            // simulator), at ~15 cycles each.
            let emptied = UInt64(truncatingIfNeeded: remaining == 0 ? 1 : 0)
            fineSummary = summary & ~(emptied &<< UInt64(truncatingIfNeeded: word))
        } else {
            setLink(tail, link(head))
        }
        setLink(head, freeHead)
        freeHead = head
        removedCount &+= 1
        return result
    }

    @inlinable
    func nextTime() -> Picoseconds? {
        if fineGate == 0 { return early.first.unsafelyUnwrapped.time }
        if fineSummary == 0 && !advance(notAfter: .max) { return nil }
        let word = fineSummary.trailingZeroBitCount
        return fineStart &+ UInt64(truncatingIfNeeded: word &<< 6 | fineOccupancy[word].trailingZeroBitCount)
    }
}
