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
/// It is a value type (copy-on-write: copies share memory until one of them mutates).
///
/// ```swift
/// var queue = CalendarQueue<String>()
/// queue.insert("refresh", at: 7_800_000)   // far: waits in the overflow heap
/// queue.insert("read", at: 1_250)
/// queue.removeFirst()?.event               // "read"
/// ```
///
/// - Complexity: O(1) insert and remove for events within a year; each such event is moved at
///   most twice (coarse → fine). O(log n) for events that pass through the overflow heap.
public struct CalendarQueue<Event>: EventQueue {
    @usableFromInline typealias Entry = ScheduledEvent<Event>

    @usableFromInline var storage: CalendarStorage<Event>
    /// `storage`'s pool pointers, cached here because the class's copies are mutable and
    /// reading them would cost exclusivity checks on the hot path. Refreshed after grow/copy.
    @usableFromInline var entries: UnsafeMutablePointer<Entry>
    @usableFromInline var links: UnsafeMutablePointer<Int32>
    @usableFromInline var poolCapacity: Int
    /// Nodes `0..<poolUsed` have been handed out at least once.
    @usableFromInline var poolUsed = 0
    /// Most recently freed node (reused first: its cache line is warm), −1 if none.
    @usableFromInline var freeHead: Int32 = -1

    /// Events far ahead: at or after `windowEnd`.
    @usableFromInline var overflow = EventHeap<Event>()
    /// Events inserted before `fineStart` after a `nextTime()` peek moved the window ahead;
    /// rare, and always earlier than everything else.
    @usableFromInline var early = EventHeap<Event>()
    @usableFromInline var fineEventCount = 0
    @usableFromInline var coarseEventCount = 0
    /// Bit w set while fine-occupancy word w is non-zero.
    @usableFromInline var fineSummary: UInt64 = 0
    @usableFromInline var nextSequence: UInt64 = 0

    @usableFromInline let widthShift: UInt64
    @usableFromInline let coarseMask: UInt64
    /// Absolute number of the bucket spread over the fine slots.
    @usableFromInline var currentBucket: UInt64 = 0
    @usableFromInline var fineStart: Picoseconds = 0
    @usableFromInline var fineEnd: Picoseconds
    @usableFromInline var windowEnd: Picoseconds

    public let geometry: CalendarGeometry

    @inlinable
    public init(geometry: CalendarGeometry = CalendarGeometry()) {
        self.geometry = geometry
        storage = CalendarStorage(fineCount: Int(geometry.bucketWidthPicoseconds), coarseCount: geometry.bucketCount)
        entries = storage.entries
        links = storage.links
        poolCapacity = storage.capacity
        widthShift = UInt64(geometry.bucketWidthPicoseconds.trailingZeroBitCount)
        coarseMask = UInt64(geometry.bucketCount - 1)
        fineEnd = geometry.bucketWidthPicoseconds
        windowEnd = geometry.yearPicoseconds
    }

    @inlinable
    public var count: Int { fineEventCount + coarseEventCount + overflow.count + early.count }

    // Inlined into the simulator's loop: the common paths are a few loads, stores and bit
    // operations, so a call would cost as much as the work. Rare paths stay out of line.
    @inlinable @inline(__always)
    public mutating func insert(_ event: Event, at time: Picoseconds) {
        makeStorageUnique()
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        if time < fineEnd && time >= fineStart {
            insertFine(entry)
        } else if time < windowEnd && time >= fineEnd {
            insertCoarse(entry)
        } else {
            insertOutsideWindow(entry)
        }
    }

    @inlinable @inline(__always)
    public mutating func removeFirst(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        makeStorageUnique()
        if early.count != 0 { return removeEarly(notAfter: limit) }
        if fineEventCount == 0 && !advance(notAfter: limit) { return nil }
        let slot = firstFineSlot()
        guard fineStart &+ UInt64(slot) <= limit else { return nil }
        fineEventCount &-= 1
        let list = storage.fine + slot
        let node = Int(truncatingIfNeeded: list.pointee.head)
        let entry = (entries + node).move()
        let next = links[node]
        links[node] = freeHead
        freeHead = Int32(truncatingIfNeeded: node)
        list.pointee.head = next
        if next < 0 {
            list.pointee.tail = -1
            clearFineBit(slot)
        }
        return entry
    }

    @inlinable
    public mutating func nextTime() -> Picoseconds? {
        makeStorageUnique()
        if let first = early.first { return first.time }
        if fineEventCount == 0 && !advance(notAfter: .max) { return nil }
        return fineStart + UInt64(firstFineSlot())
    }
}
