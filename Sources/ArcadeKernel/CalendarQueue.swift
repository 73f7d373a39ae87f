/// Shape of a calendar queue: `bucketCount` buckets, each `bucketWidthPicoseconds` wide, both
/// powers of two so a time maps to its bucket with a shift and a mask. One "year"
/// (`bucketCount · bucketWidthPicoseconds`) is the horizon the buckets cover; events further
/// away wait in an overflow heap. The bucket being drained is split into one slot per
/// picosecond, so its events need no sorting (see `CalendarQueue`).
///
/// The default, 1024 buckets × 1024 ps (a ~1 µs year), suits models whose events are a few
/// hundred ps to a few hundred ns apart; refresh timers and the like go to the overflow heap.
public struct CalendarGeometry: Hashable, Sendable {
    public var bucketCount: Int
    public var bucketWidthPicoseconds: Picoseconds

    @inlinable
    public init(bucketCount: Int = 1024, bucketWidthPicoseconds: Picoseconds = 1024) {
        precondition(bucketCount >= 64 && bucketCount & (bucketCount - 1) == 0,
                     "bucketCount must be a power of two ≥ 64, got \(bucketCount)")
        // ≤ 4096 so one 64-bit summary word covers the per-picosecond slot bitmap.
        precondition((64...4096).contains(bucketWidthPicoseconds)
                     && bucketWidthPicoseconds & (bucketWidthPicoseconds - 1) == 0,
                     "bucketWidthPicoseconds must be a power of two in 64…4096, got \(bucketWidthPicoseconds)")
        self.bucketCount = bucketCount
        self.bucketWidthPicoseconds = bucketWidthPicoseconds
    }

    /// The time span the buckets cover, in picoseconds.
    public var yearPicoseconds: Picoseconds { Picoseconds(bucketCount) * bucketWidthPicoseconds }
}

/// A calendar (bucket) queue with a binary-heap overflow for far-future events; pops in
/// (time, insertion sequence) order, exactly like `BinaryHeapQueue`.
///
/// Three tiers, with `b = time >> log2(width)` the absolute bucket of a time and `c` the
/// bucket being drained:
/// - fine slots: the events of bucket `c`, one FIFO slot per picosecond. Equal times pop
///   first-in-first-out, which *is* sequence order, so nothing is ever sorted;
/// - coarse buckets: unsorted events of buckets `c+1 … c+bucketCount−1`, at `b & mask`;
/// - overflow: a heap of events a year or more ahead.
/// When the fine slots run dry, the cursor moves to the next occupied coarse bucket (or, if
/// none, straight to the overflow's earliest bucket), overflow events the moved window now
/// covers drop into their buckets, and the new bucket is spread over the fine slots in
/// its stored order. Within a coarse bucket that order is sequence order for equal times:
/// overflow events enter a bucket before any direct insert can reach it.
/// Occupancy bitmaps (plus a summary word for the fine slots) find the next event with two
/// bit scans, so empty slots and buckets cost nothing.
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
        widthShift = UInt64(geometry.bucketWidthPicoseconds.trailingZeroBitCount)
        coarseMask = UInt64(geometry.bucketCount - 1)
        fineEnd = geometry.bucketWidthPicoseconds
        windowEnd = geometry.yearPicoseconds
    }

    @inlinable
    public var count: Int { fineEventCount + coarseEventCount + overflow.count + early.count }

    @inlinable
    public mutating func insert(_ event: Event, at time: Picoseconds) {
        makeStorageUnique()
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        if time < fineEnd {
            if time >= fineStart { insertFine(entry) } else { early.insert(entry) }
        } else if time < windowEnd {
            insertCoarse(entry)
        } else {
            overflow.insert(entry)
        }
    }

    @inlinable
    public mutating func removeFirst(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        makeStorageUnique()
        if early.count != 0 {
            guard let first = early.first, first.time <= limit else { return nil }
            return early.removeFirst()
        }
        if fineEventCount == 0 && !advance(notAfter: limit) { return nil }
        let slot = firstFineSlot()
        guard fineStart + UInt64(slot) <= limit else { return nil }
        fineEventCount &-= 1
        let entry = storage.fine[slot].removeOldest()
        if storage.fine[slot].isEmpty { clearFineBit(slot) }
        return entry
    }

    @inlinable
    public mutating func nextTime() -> Picoseconds? {
        makeStorageUnique()
        if let first = early.first { return first.time }
        if fineEventCount == 0 && !advance(notAfter: .max) { return nil }
        return fineStart + UInt64(firstFineSlot())
    }

    @inlinable @inline(__always)
    mutating func makeStorageUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    @inlinable @inline(__always)
    mutating func insertFine(_ entry: Entry) {
        let slot = Int(truncatingIfNeeded: entry.time &- fineStart)
        storage.fine[slot].append(entry)
        storage.fineOccupancy[slot >> 6] |= 1 &<< UInt64(slot & 63)
        fineSummary |= 1 &<< UInt64(slot >> 6)
        fineEventCount &+= 1
    }

    @inlinable @inline(__always)
    mutating func insertCoarse(_ entry: Entry) {
        let slot = Int(truncatingIfNeeded: (entry.time >> widthShift) & coarseMask)
        storage.coarse[slot].append(entry)
        storage.coarseOccupancy[slot >> 6] |= 1 &<< UInt64(slot & 63)
        coarseEventCount &+= 1
    }

    /// Fine slot of the earliest event. Requires `fineEventCount > 0`.
    @inlinable @inline(__always)
    func firstFineSlot() -> Int {
        let word = fineSummary.trailingZeroBitCount
        return word << 6 | storage.fineOccupancy[word].trailingZeroBitCount
    }

    @inlinable @inline(__always)
    mutating func clearFineBit(_ slot: Int) {
        let word = slot >> 6
        let remaining = storage.fineOccupancy[word] & ~(1 &<< UInt64(slot & 63))
        storage.fineOccupancy[word] = remaining
        if remaining == 0 { fineSummary &= ~(1 &<< UInt64(word)) }
    }

    /// Moves the window to the next bucket holding events and spreads that bucket over the fine
    /// slots — but only if the bucket starts at or before `limit`, so the window never runs
    /// ahead of the caller's clock. Returns whether fine slots now hold events.
    /// Requires the fine slots (and `early`) to be empty.
    @inlinable
    mutating func advance(notAfter limit: Picoseconds) -> Bool {
        let target: UInt64
        if coarseEventCount > 0 {
            target = nextOccupiedCoarseBucket()
        } else if let earliest = overflow.first {
            target = earliest.time >> widthShift
        } else {
            return false
        }
        guard target << widthShift <= limit else { return false }
        currentBucket = target
        fineStart = target << widthShift
        fineEnd = (target + 1) << widthShift
        windowEnd = (target + coarseMask + 1) << widthShift
        // Overflow events the window now covers: after a jump they may belong to the target
        // bucket itself (fine slots, in heap order = sequence order for ties); otherwise they
        // land beyond every occupied bucket.
        while let earliest = overflow.first, earliest.time < windowEnd {
            let entry = overflow.removeFirst().unsafelyUnwrapped
            if entry.time < fineEnd { insertFine(entry) } else { insertCoarse(entry) }
        }
        let slot = Int(truncatingIfNeeded: target & coarseMask)
        let bucket = storage.coarse + slot
        if !bucket.pointee.isEmpty {
            coarseEventCount &-= bucket.pointee.count &- bucket.pointee.head
            while !bucket.pointee.isEmpty { insertFine(bucket.pointee.removeOldest()) }
            storage.coarseOccupancy[slot >> 6] &= ~(1 &<< UInt64(slot & 63))
        }
        return true
    }

    /// Absolute number of the first occupied coarse bucket after the current one, scanning the
    /// bitmap circularly. Requires `coarseEventCount > 0`.
    @inlinable
    func nextOccupiedCoarseBucket() -> UInt64 {
        let occupancy = storage.coarseOccupancy
        let startSlot = Int(truncatingIfNeeded: (currentBucket + 1) & coarseMask)
        let wordCount = storage.coarseCount >> 6
        var word = startSlot >> 6
        var bits = occupancy[word] & (~UInt64(0) &<< UInt64(startSlot & 63))
        while bits == 0 {
            word = word + 1 == wordCount ? 0 : word + 1
            bits = occupancy[word]
        }
        let slot = UInt64(word << 6 + bits.trailingZeroBitCount)
        let distance = (slot &- UInt64(startSlot)) & coarseMask
        return currentBucket + 1 + distance
    }
}
