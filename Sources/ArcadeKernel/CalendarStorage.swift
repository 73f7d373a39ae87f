/// One slot of the calendar: a singly linked FIFO list of node indices (−1 = none).
@usableFromInline
struct SlotList {
    @usableFromInline var head: Int32 = -1
    @usableFromInline var tail: Int32 = -1
    @inlinable init() {}
}

/// The whole calendar queue — memory and state — in one object, so that the hot paths touch
/// it through a single reference with no copy-on-write check (`CalendarQueue` is a thin
/// handle to it; see there for the algorithm).
///
/// Why one class and no copy-on-write: a uniqueness check (`isKnownUniquelyReferenced`) is a
/// call into the Swift runtime on Linux; paid on every insert and every pop it was ~20 of the
/// ~160 instructions per event of the hold benchmark. Mutable properties are marked
/// `@exclusivity(unchecked)`: a class's stored `var`s otherwise get dynamic exclusivity checks
/// (`swift_beginAccess`) on every access in release builds. That is sound here because nothing
/// in the queue hands out an `inout` to them across a call that could reach the queue again.
///
/// Memory: a pool of nodes in one raw allocation. Node `i` is a 4-byte link (the next node on
/// its list, or on the free list) followed by the event, so a pop reads link and event from
/// one cache line (two nodes of the hold benchmark share a 64-byte line). Freed nodes are
/// reused last-in-first-out, so an insert usually writes the line a pop just read, and moving
/// an event between tiers relinks an index instead of copying the event. Per-picosecond fine
/// slots, coarse buckets and their occupancy bitmaps have fixed size.
/// Node indices are `Int32`: up to 2³¹ events within the calendar year at once.
@usableFromInline
final class CalendarStorage<Event> {
    @usableFromInline typealias Entry = ScheduledEvent<Event>

    // Fixed shape.
    @usableFromInline let fineCount: Int
    @usableFromInline let coarseCount: Int
    /// Bucket width in picoseconds (= `fineCount`).
    @usableFromInline let width: UInt64
    @usableFromInline let widthShift: UInt64
    @usableFromInline let coarseMask: UInt64
    /// `windowEnd − fineEnd`, the span of the coarse buckets: (bucketCount − 1) · width.
    @usableFromInline let coarseSpan: UInt64
    @usableFromInline let fine: UnsafeMutablePointer<SlotList>
    @usableFromInline let coarse: UnsafeMutablePointer<SlotList>
    @usableFromInline let fineOccupancy: UnsafeMutablePointer<UInt64>
    @usableFromInline let coarseOccupancy: UnsafeMutablePointer<UInt64>

    // The node pool.
    @usableFromInline @exclusivity(unchecked) var nodes: UnsafeMutableRawPointer
    @usableFromInline @exclusivity(unchecked) var capacity: Int
    /// Nodes `0..<poolUsed` have been handed out at least once.
    @usableFromInline @exclusivity(unchecked) var poolUsed = 0
    /// Most recently freed node, −1 if none.
    @usableFromInline @exclusivity(unchecked) var freeHead: Int32 = -1

    // The window: fine slots cover [fineStart, fineStart + width), coarse buckets the next
    // bucketCount − 1 buckets, up to windowEnd.
    @usableFromInline @exclusivity(unchecked) var currentBucket: UInt64 = 0
    @usableFromInline @exclusivity(unchecked) var fineStart: Picoseconds = 0
    @usableFromInline @exclusivity(unchecked) var windowEnd: Picoseconds
    /// Bit w set while fine-occupancy word w is non-zero; zero iff the fine slots are empty.
    @usableFromInline @exclusivity(unchecked) var fineSummary: UInt64 = 0
    @usableFromInline @exclusivity(unchecked) var coarseEventCount = 0
    /// Events far ahead: at or after `windowEnd`.
    @usableFromInline @exclusivity(unchecked) var overflow = EventHeap<Event>()
    /// Events inserted before `fineStart` after a `nextTime()` peek moved the window ahead;
    /// rare, and always earlier than everything else. `hasEarly` mirrors `!early.isEmpty` so the
    /// hot path tests one byte instead of an array's count.
    @usableFromInline @exclusivity(unchecked) var early = EventHeap<Event>()
    @usableFromInline @exclusivity(unchecked) var hasEarly = false
    @usableFromInline @exclusivity(unchecked) var nextSequence: UInt64 = 0
    @usableFromInline @exclusivity(unchecked) var removedCount: UInt64 = 0

    @usableFromInline
    init(geometry: CalendarGeometry, capacity: Int = 256) {
        fineCount = Int(geometry.bucketWidthPicoseconds)
        coarseCount = geometry.bucketCount
        width = geometry.bucketWidthPicoseconds
        widthShift = UInt64(geometry.bucketWidthPicoseconds.trailingZeroBitCount)
        coarseMask = UInt64(geometry.bucketCount - 1)
        coarseSpan = geometry.yearPicoseconds - geometry.bucketWidthPicoseconds
        windowEnd = geometry.yearPicoseconds
        fine = .allocate(capacity: fineCount)
        fine.initialize(repeating: SlotList(), count: fineCount)
        coarse = .allocate(capacity: coarseCount)
        coarse.initialize(repeating: SlotList(), count: coarseCount)
        fineOccupancy = .allocate(capacity: fineCount / 64)
        fineOccupancy.initialize(repeating: 0, count: fineCount / 64)
        coarseOccupancy = .allocate(capacity: coarseCount / 64)
        coarseOccupancy.initialize(repeating: 0, count: coarseCount / 64)
        self.capacity = capacity
        nodes = Self.allocateNodes(capacity)
    }

    // Node layout: link (Int32) at offset 0, the entry at `entryOffset`. Both are compile-time
    // constants once specialised for an event type.
    @inlinable @inline(__always)
    static var entryOffset: Int { Swift.max(MemoryLayout<Int32>.size, MemoryLayout<Entry>.alignment) }

    @inlinable @inline(__always)
    static var nodeStride: Int {
        let alignment = Swift.max(MemoryLayout<Int32>.alignment, MemoryLayout<Entry>.alignment)
        return (entryOffset + MemoryLayout<Entry>.size + alignment - 1) / alignment * alignment
    }

    @usableFromInline
    static func allocateNodes(_ capacity: Int) -> UnsafeMutableRawPointer {
        .allocate(byteCount: capacity * nodeStride,
                  alignment: Swift.max(MemoryLayout<Int32>.alignment, MemoryLayout<Entry>.alignment))
    }

    @inlinable @inline(__always)
    func link(_ node: Int32) -> Int32 {
        nodes.load(fromByteOffset: Int(truncatingIfNeeded: node) &* Self.nodeStride, as: Int32.self)
    }

    @inlinable @inline(__always)
    func setLink(_ node: Int32, _ next: Int32) {
        nodes.storeBytes(of: next, toByteOffset: Int(truncatingIfNeeded: node) &* Self.nodeStride, as: Int32.self)
    }

    /// The (initialized or not) entry memory of `node`.
    @inlinable @inline(__always)
    func entry(_ node: Int32) -> UnsafeMutablePointer<Entry> {
        (nodes + (Int(truncatingIfNeeded: node) &* Self.nodeStride &+ Self.entryOffset))
            .assumingMemoryBound(to: Entry.self)
    }

    /// Calls `body` with every live node (every node on a fine or coarse list).
    func forEachLiveNode(_ body: (Int32) -> Void) {
        for (lists, count) in [(fine, fineCount), (coarse, coarseCount)] {
            for slot in 0..<count {
                var node = lists[slot].head
                while node >= 0 {
                    body(node)
                    node = link(node)
                }
            }
        }
    }

    /// Doubles the node pool, moving live events; indices stay valid.
    @usableFromInline @inline(never)
    func grow() {
        let newCapacity = capacity * 2
        precondition(newCapacity <= Int(Int32.max), "calendar queue: more than 2^31 events pending")
        let old = nodes
        nodes = Self.allocateNodes(newCapacity)
        // Links of every node handed out (free-list links included), then the live events.
        for node in 0..<Int32(truncatingIfNeeded: poolUsed) {
            setLink(node, old.load(fromByteOffset: Int(node) * Self.nodeStride, as: Int32.self))
        }
        forEachLiveNode { node in
            let oldEntry = (old + (Int(node) * Self.nodeStride + Self.entryOffset)).assumingMemoryBound(to: Entry.self)
            entry(node).moveInitialize(from: oldEntry, count: 1)
        }
        old.deallocate()
        capacity = newCapacity
    }

    /// An independent copy: same events, sequence numbers, window and node indices.
    func copy() -> CalendarStorage {
        let geometry = CalendarGeometry(bucketCount: coarseCount, bucketWidthPicoseconds: width)
        let clone = CalendarStorage(geometry: geometry, capacity: capacity)
        clone.fine.update(from: fine, count: fineCount)
        clone.coarse.update(from: coarse, count: coarseCount)
        clone.fineOccupancy.update(from: fineOccupancy, count: fineCount / 64)
        clone.coarseOccupancy.update(from: coarseOccupancy, count: coarseCount / 64)
        for node in 0..<Int32(truncatingIfNeeded: poolUsed) { clone.setLink(node, link(node)) }
        forEachLiveNode { node in clone.entry(node).initialize(to: entry(node).pointee) }
        clone.poolUsed = poolUsed
        clone.freeHead = freeHead
        clone.currentBucket = currentBucket
        clone.fineStart = fineStart
        clone.windowEnd = windowEnd
        clone.fineSummary = fineSummary
        clone.coarseEventCount = coarseEventCount
        clone.overflow = overflow
        clone.early = early
        clone.hasEarly = hasEarly
        clone.nextSequence = nextSequence
        clone.removedCount = removedCount
        return clone
    }

    deinit {
        forEachLiveNode { node in entry(node).deinitialize(count: 1) }
        nodes.deallocate()
        for pointer in [UnsafeMutableRawPointer(fine), UnsafeMutableRawPointer(coarse),
                        UnsafeMutableRawPointer(fineOccupancy), UnsafeMutableRawPointer(coarseOccupancy)] {
            pointer.deallocate()
        }
    }
}
