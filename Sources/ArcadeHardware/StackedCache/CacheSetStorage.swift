/// The tag array of one cache level: `sets × ways` entries, each a line id (address >> log2 line
/// size, or `invalid`), a dirty flag, the physical way ("frame") the entry occupies and a 2-bit
/// re-reference prediction value for RRIP. Owned here, allocated once, never copied: the hot path
/// of every access reads it without bounds checks in release and with them in debug.
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
    let tags: UnsafeMutablePointer<UInt64>
    let dirty: UnsafeMutablePointer<Bool>
    let frames: UnsafeMutablePointer<UInt8>
    let rrpv: UnsafeMutablePointer<UInt8>

    init(sets: Int, ways: Int) {
        precondition(sets > 0 && ways > 0 && ways <= 256, "sets and ways are checked when the file is read")
        self.sets = sets
        self.ways = ways
        let count = sets * ways
        tags = .allocate(capacity: count)
        tags.initialize(repeating: Self.invalid, count: count)
        dirty = .allocate(capacity: count)
        dirty.initialize(repeating: false, count: count)
        frames = .allocate(capacity: count)
        rrpv = .allocate(capacity: count)
        rrpv.initialize(repeating: 3, count: count)
        for index in 0..<count { (frames + index).initialize(to: UInt8(truncatingIfNeeded: index % ways)) }
    }

    deinit {
        tags.deallocate()
        dirty.deallocate()
        frames.deallocate()
        rrpv.deallocate()
    }

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
            if tags[base &+ way] == line { return way }
            way &+= 1
        }
        return -1
    }

    /// Moves the entry at position `way` to the front, shifting the ones before it back (LRU hit).
    @inline(__always)
    func moveToFront(base: Int, way: Int) {
        guard way > 0 else { return }
        check(base + way)
        let tag = tags[base &+ way], isDirty = dirty[base &+ way], frame = frames[base &+ way], value = rrpv[base &+ way]
        var position = way
        while position > 0 {
            tags[base &+ position] = tags[base &+ position &- 1]
            dirty[base &+ position] = dirty[base &+ position &- 1]
            frames[base &+ position] = frames[base &+ position &- 1]
            rrpv[base &+ position] = rrpv[base &+ position &- 1]
            position &-= 1
        }
        tags[base] = tag
        dirty[base] = isDirty
        frames[base] = frame
        rrpv[base] = value
    }

    /// Inserts at the front; the entry at `ways − 1` leaves and is returned (tag, dirty). The new
    /// entry takes the leaving entry's frame.
    @inline(__always)
    func insertAtFront(base: Int, line: UInt64, isDirty: Bool) -> (tag: UInt64, dirty: Bool) {
        let last = base &+ ways &- 1
        check(last)
        let victim = (tags[last], dirty[last])
        let frame = frames[last]
        var position = ways &- 1
        while position > 0 {
            tags[base &+ position] = tags[base &+ position &- 1]
            dirty[base &+ position] = dirty[base &+ position &- 1]
            frames[base &+ position] = frames[base &+ position &- 1]
            rrpv[base &+ position] = rrpv[base &+ position &- 1]
            position &-= 1
        }
        tags[base] = line
        dirty[base] = isDirty
        frames[base] = frame
        return victim
    }

    /// Replaces the entry at `way` in place (random, RRIP) and returns the one it held.
    @inline(__always)
    func replace(base: Int, way: Int, line: UInt64, isDirty: Bool) -> (tag: UInt64, dirty: Bool) {
        check(base + way)
        let victim = (tags[base &+ way], dirty[base &+ way])
        tags[base &+ way] = line
        dirty[base &+ way] = isDirty
        return victim
    }

    /// Removes the entry at `way` (back-invalidation, an exclusive level handing a line up); for
    /// the ordered policies the entries after it move forward so invalid entries stay at the back.
    func remove(base: Int, way: Int, ordered: Bool) {
        check(base + way)
        guard ordered else {
            tags[base + way] = Self.invalid
            dirty[base + way] = false
            rrpv[base + way] = 3
            return
        }
        let frame = frames[base + way]
        for position in way..<(ways - 1) {
            tags[base + position] = tags[base + position + 1]
            dirty[base + position] = dirty[base + position + 1]
            frames[base + position] = frames[base + position + 1]
            rrpv[base + position] = rrpv[base + position + 1]
        }
        tags[base + ways - 1] = Self.invalid
        dirty[base + ways - 1] = false
        frames[base + ways - 1] = frame
    }

    /// Valid entries (for occupancy in reports).
    var validEntries: Int {
        var count = 0
        for index in 0..<(sets * ways) where tags[index] != Self.invalid { count += 1 }
        return count
    }
}
