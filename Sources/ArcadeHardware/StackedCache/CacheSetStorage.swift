/// One entry of a tag array: the line id (address >> log2 line size, or `CacheSetStorage.invalid`),
/// the dirty flag, the physical way ("frame") the entry occupies and a 2-bit re-reference
/// prediction value for RRIP — 16 bytes, so an LRU reorder moves one array.
struct CacheEntry {
    var tag: UInt64
    var dirty: Bool
    var frame: UInt8
    var rrpv: UInt8
}

/// The tag array of one cache level: `sets × ways` entries. Owned here, allocated once, never
/// copied: the hot path of every access reads it without bounds checks in release and with them
/// in debug (`check`).
///
/// For LRU and FIFO a set's entries are kept in recency/insertion order, position 0 newest, as
/// pycachesim does (its `placement` array): a hit under LRU moves the entry to the front, an
/// insertion shifts every entry back by one and the entry at `ways − 1` leaves. The frame moves
/// with its entry, so the stacked level knows which layer holds a line. Random and RRIP replace in
/// place (position = frame).
struct CacheSetStorage: ~Copyable {
    static let invalid = UInt64.max

    let sets: Int
    let ways: Int
    let entries: UnsafeMutablePointer<CacheEntry>

    init(sets: Int, ways: Int) {
        precondition(sets > 0 && ways > 0 && ways <= 256, "sets and ways are checked when the file is read")
        self.sets = sets
        self.ways = ways
        let count = sets * ways
        entries = .allocate(capacity: count)
        for index in 0..<count {
            (entries + index).initialize(to: CacheEntry(tag: Self.invalid, dirty: false,
                                                        frame: UInt8(truncatingIfNeeded: index % ways), rrpv: 3))
        }
    }

    deinit { entries.deallocate() }

    @inline(__always)
    func check(_ index: Int) {
        assert(index >= 0 && index < sets * ways, "entry \(index) outside \(sets) × \(ways)")
    }

    /// The position of `line` in the set starting at entry `base`, or -1.
    @inline(__always)
    func find(_ line: UInt64, base: Int) -> Int {
        check(base + ways - 1)
        var way = 0
        while way < ways {
            if entries[base &+ way].tag == line { return way }
            way &+= 1
        }
        return -1
    }

    /// Moves the entry at position `way` to the front, shifting the ones before it back (LRU hit).
    @inline(__always)
    func moveToFront(base: Int, way: Int) {
        guard way > 0 else { return }
        check(base + way)
        let entry = entries[base &+ way]
        // A loop, not `update(from:count:)`: that is a memmove call, dearer than a few 16-byte moves.
        var position = way
        while position > 0 {
            entries[base &+ position] = entries[base &+ position &- 1]
            position &-= 1
        }
        entries[base] = entry
    }

    /// Inserts at the front; the entry at `ways − 1` leaves and is returned (tag, dirty). The new
    /// entry takes the leaving entry's frame.
    @inline(__always)
    func insertAtFront(base: Int, line: UInt64, isDirty: Bool) -> (tag: UInt64, dirty: Bool) {
        let last = base &+ ways &- 1
        check(last)
        let victim = entries[last]
        var position = ways &- 1
        while position > 0 {
            entries[base &+ position] = entries[base &+ position &- 1]
            position &-= 1
        }
        entries[base] = CacheEntry(tag: line, dirty: isDirty, frame: victim.frame, rrpv: victim.rrpv)
        return (victim.tag, victim.dirty)
    }

    /// Replaces the entry at `way` in place (random, RRIP) and returns the one it held.
    @inline(__always)
    func replace(base: Int, way: Int, line: UInt64, isDirty: Bool) -> (tag: UInt64, dirty: Bool) {
        check(base + way)
        let victim = entries[base &+ way]
        entries[base &+ way].tag = line
        entries[base &+ way].dirty = isDirty
        return (victim.tag, victim.dirty)
    }

    /// Removes the entry at `way` (back-invalidation, an exclusive level handing a line up); for
    /// the ordered policies the entries after it move forward so invalid entries stay at the back.
    func remove(base: Int, way: Int, ordered: Bool) {
        check(base + way)
        guard ordered else {
            entries[base + way].tag = Self.invalid
            entries[base + way].dirty = false
            entries[base + way].rrpv = 3
            return
        }
        let frame = entries[base + way].frame
        (entries + base + way).update(from: entries + base + way + 1, count: ways - 1 - way)
        entries[base + ways - 1] = CacheEntry(tag: Self.invalid, dirty: false, frame: frame, rrpv: 3)
    }
}
