/// A growable first-in-first-out array of events in manually managed memory: the storage of
/// one calendar slot.
///
/// Why not `ContiguousArray`: buckets nested in an array of buckets pay two or three
/// uniqueness checks (runtime calls) per append, which was 40% of the calendar queue's time.
/// `EntryBuffer` is a plain struct of pointer + head + count + capacity living inside
/// `CalendarStorage`'s memory; that class frees it, and `CalendarQueue` is copy-on-write
/// through one uniqueness check per operation. Memory is allocated on first use, so unused
/// slots cost only their 32-byte header.
@usableFromInline
struct EntryBuffer<Event> {
    @usableFromInline typealias Entry = ScheduledEvent<Event>

    @usableFromInline var base: UnsafeMutablePointer<Entry>?
    /// Index of the oldest entry not yet removed; entries before it were moved out.
    @usableFromInline var head = 0
    @usableFromInline var count = 0
    @usableFromInline var capacity = 0

    @inlinable init() {}

    @inlinable var isEmpty: Bool { head == count }

    @inlinable @inline(__always)
    mutating func append(_ entry: Entry) {
        if count == capacity { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: entry)
        count &+= 1
    }

    /// Removes the oldest entry; once all are gone the buffer rewinds to reuse its memory.
    @inlinable @inline(__always)
    mutating func removeOldest() -> Entry {
        let entry = (base.unsafelyUnwrapped + head).move()
        head &+= 1
        if head == count { head = 0; count = 0 }
        return entry
    }

    @inlinable var oldest: Entry { base.unsafelyUnwrapped[head] }

    @usableFromInline @inline(never)
    mutating func grow() {
        let newCapacity = Swift.max(4, capacity * 2)
        let newBase = UnsafeMutablePointer<Entry>.allocate(capacity: newCapacity)
        if let base {
            newBase.moveInitialize(from: base + head, count: count - head)
            base.deallocate()
        }
        count -= head
        head = 0
        base = newBase
        capacity = newCapacity
    }

    /// An independent copy (for copy-on-write).
    @usableFromInline
    func copy() -> EntryBuffer {
        var clone = EntryBuffer()
        guard let base, !isEmpty else { return clone }
        clone.base = .allocate(capacity: capacity)
        clone.base.unsafelyUnwrapped.initialize(from: base + head, count: count - head)
        clone.count = count - head
        clone.capacity = capacity
        return clone
    }

    @usableFromInline
    func free() {
        guard let base else { return }
        (base + head).deinitialize(count: count - head)
        base.deallocate()
    }
}

/// The calendar queue's slot memory: the picosecond slots of the current bucket (`fine`), the
/// coarse buckets of the rest of the year, and one occupancy bit per slot of each. Only
/// immutable pointers live here, so the hot path touches no class properties that need
/// exclusivity checks; all mutable counters stay in the `CalendarQueue` struct.
@usableFromInline
final class CalendarStorage<Event> {
    @usableFromInline let fineCount: Int
    @usableFromInline let coarseCount: Int
    @usableFromInline let fine: UnsafeMutablePointer<EntryBuffer<Event>>
    @usableFromInline let coarse: UnsafeMutablePointer<EntryBuffer<Event>>
    @usableFromInline let fineOccupancy: UnsafeMutablePointer<UInt64>
    @usableFromInline let coarseOccupancy: UnsafeMutablePointer<UInt64>

    @usableFromInline
    init(fineCount: Int, coarseCount: Int) {
        self.fineCount = fineCount
        self.coarseCount = coarseCount
        fine = .allocate(capacity: fineCount)
        fine.initialize(repeating: EntryBuffer(), count: fineCount)
        coarse = .allocate(capacity: coarseCount)
        coarse.initialize(repeating: EntryBuffer(), count: coarseCount)
        fineOccupancy = .allocate(capacity: fineCount / 64)
        fineOccupancy.initialize(repeating: 0, count: fineCount / 64)
        coarseOccupancy = .allocate(capacity: coarseCount / 64)
        coarseOccupancy.initialize(repeating: 0, count: coarseCount / 64)
    }

    @usableFromInline
    func copy() -> CalendarStorage {
        let clone = CalendarStorage(fineCount: fineCount, coarseCount: coarseCount)
        for slot in 0..<fineCount { clone.fine[slot] = fine[slot].copy() }
        for slot in 0..<coarseCount { clone.coarse[slot] = coarse[slot].copy() }
        clone.fineOccupancy.update(from: fineOccupancy, count: fineCount / 64)
        clone.coarseOccupancy.update(from: coarseOccupancy, count: coarseCount / 64)
        return clone
    }

    deinit {
        for slot in 0..<fineCount { fine[slot].free() }
        for slot in 0..<coarseCount { coarse[slot].free() }
        fine.deallocate()
        coarse.deallocate()
        fineOccupancy.deallocate()
        coarseOccupancy.deallocate()
    }
}
