/// One slot of the calendar: a singly linked FIFO list of node indices (−1 = none).
@usableFromInline
struct SlotList {
    @usableFromInline var head: Int32 = -1
    @usableFromInline var tail: Int32 = -1
    @inlinable init() {}
}

/// The calendar queue's memory: a pool of event nodes, linked into per-slot FIFO lists.
///
/// Why a node pool rather than an array per slot: per-slot arrays scatter events over many
/// small allocations, and every pop was a cache miss; per-slot `ContiguousArray`s also pay
/// uniqueness checks on every append. Here all events sit in one compact array (`entries`,
/// with their links in `links`), freed nodes are reused last-in-first-out so an insert
/// usually writes the cache line a pop just read, and moving an event from a coarse bucket to
/// a fine slot relinks an index instead of copying the event.
///
/// Slot lists and bitmaps have fixed size (`let` pointers); the pool can grow, so
/// `CalendarQueue` keeps a copy of the pool pointers and refreshes it after `grow` or `copy`.
/// Node indices are `Int32`: up to 2³¹ events within the calendar year at once.
@usableFromInline
final class CalendarStorage<Event> {
    @usableFromInline typealias Entry = ScheduledEvent<Event>

    @usableFromInline let fineCount: Int
    @usableFromInline let coarseCount: Int
    @usableFromInline let fine: UnsafeMutablePointer<SlotList>
    @usableFromInline let coarse: UnsafeMutablePointer<SlotList>
    @usableFromInline let fineOccupancy: UnsafeMutablePointer<UInt64>
    @usableFromInline let coarseOccupancy: UnsafeMutablePointer<UInt64>
    @usableFromInline private(set) var entries: UnsafeMutablePointer<Entry>
    @usableFromInline private(set) var links: UnsafeMutablePointer<Int32>
    @usableFromInline private(set) var capacity: Int

    @usableFromInline
    init(fineCount: Int, coarseCount: Int, capacity: Int = 256) {
        self.fineCount = fineCount
        self.coarseCount = coarseCount
        fine = .allocate(capacity: fineCount)
        fine.initialize(repeating: SlotList(), count: fineCount)
        coarse = .allocate(capacity: coarseCount)
        coarse.initialize(repeating: SlotList(), count: coarseCount)
        fineOccupancy = .allocate(capacity: fineCount / 64)
        fineOccupancy.initialize(repeating: 0, count: fineCount / 64)
        coarseOccupancy = .allocate(capacity: coarseCount / 64)
        coarseOccupancy.initialize(repeating: 0, count: coarseCount / 64)
        self.capacity = capacity
        entries = .allocate(capacity: capacity)
        links = .allocate(capacity: capacity)
        links.initialize(repeating: -1, count: capacity)
    }

    /// Calls `body` with the index of every live node (every node on a slot list).
    func forEachLiveNode(_ body: (Int) -> Void) {
        for lists in [(fine, fineCount), (coarse, coarseCount)] {
            for slot in 0..<lists.1 {
                var node = lists.0[slot].head
                while node >= 0 {
                    body(Int(node))
                    node = links[Int(node)]
                }
            }
        }
    }

    /// Doubles the node pool, moving live events; indices stay valid.
    @usableFromInline
    func grow() {
        let newCapacity = capacity * 2
        precondition(newCapacity <= Int(Int32.max), "calendar queue: more than 2^31 events pending")
        let newEntries = UnsafeMutablePointer<Entry>.allocate(capacity: newCapacity)
        let newLinks = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newLinks.initialize(from: links, count: capacity)
        (newLinks + capacity).initialize(repeating: -1, count: newCapacity - capacity)
        forEachLiveNode { node in (newEntries + node).moveInitialize(from: entries + node, count: 1) }
        entries.deallocate()
        links.deallocate()
        entries = newEntries
        links = newLinks
        capacity = newCapacity
    }

    /// An independent copy with the same node indices (for copy-on-write).
    @usableFromInline
    func copy() -> CalendarStorage {
        let clone = CalendarStorage(fineCount: fineCount, coarseCount: coarseCount, capacity: capacity)
        clone.fine.update(from: fine, count: fineCount)
        clone.coarse.update(from: coarse, count: coarseCount)
        clone.fineOccupancy.update(from: fineOccupancy, count: fineCount / 64)
        clone.coarseOccupancy.update(from: coarseOccupancy, count: coarseCount / 64)
        clone.links.update(from: links, count: capacity)
        forEachLiveNode { node in (clone.entries + node).initialize(to: entries[node]) }
        return clone
    }

    deinit {
        forEachLiveNode { node in (entries + node).deinitialize(count: 1) }
        for pointer in [UnsafeMutableRawPointer(fine), UnsafeMutableRawPointer(coarse),
                        UnsafeMutableRawPointer(fineOccupancy), UnsafeMutableRawPointer(coarseOccupancy),
                        UnsafeMutableRawPointer(entries), UnsafeMutableRawPointer(links)] {
            pointer.deallocate()
        }
    }
}
