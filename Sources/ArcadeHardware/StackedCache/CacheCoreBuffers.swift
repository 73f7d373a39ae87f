import ArcadeKernel

/// What `plan` worked out for one level of the current access's path, for `commit` to book.
struct PlanSlot {
    var arrival: Picoseconds = 0
    var entry = -1
    var bank = -1
    var bankStart: Picoseconds = 0
    var linkStart: Picoseconds = 0
    var layer = -1
}

/// One `PlanSlot` per level, in a fixed buffer: written on every access that misses the first
/// level, where arrays cost a uniqueness check per write. Bounds are checked in debug builds.
struct PlanSlots: ~Copyable {
    private let slots: UnsafeMutablePointer<PlanSlot>
    private let count: Int

    init(count: Int) {
        self.count = max(1, count)
        slots = .allocate(capacity: self.count)
        slots.initialize(repeating: PlanSlot(), count: self.count)
    }

    deinit { slots.deallocate() }

    subscript(level: Int) -> PlanSlot {
        @inline(__always) get {
            assert(level >= 0 && level < count, "plan slot \(level) of \(count)")
            return slots[level]
        }
        @inline(__always) nonmutating set {
            assert(level >= 0 && level < count, "plan slot \(level) of \(count)")
            slots[level] = newValue
        }
    }
}

/// The window's known completion times, kept sorted in a ring of the window's size: a first-level
/// hit completes a few cycles after the one before it, so it goes in at the back with one compare,
/// and the earliest leaves from the front — cheaper and more predictable than a binary heap, whose
/// sift-down on every access cost a fifth of a timed run.
struct CompletionRing: ~Copyable {
    private let items: UnsafeMutablePointer<Picoseconds>
    private let mask: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        var size = 1
        while size < capacity { size <<= 1 }
        mask = size - 1
        items = .allocate(capacity: size)
    }

    deinit { items.deallocate() }

    var min: Picoseconds? { count > 0 ? items[head] : nil }

    @inline(__always)
    mutating func insert(_ value: Picoseconds) {
        precondition(count <= mask, "the window holds at most \(mask + 1) accesses")
        var position = count
        while position > 0 {
            let before = items[(head &+ position &- 1) & mask]
            guard before > value else { break }
            items[(head &+ position) & mask] = before
            position &-= 1
        }
        items[(head &+ position) & mask] = value
        count &+= 1
    }

    @inline(__always)
    mutating func popMin() -> Picoseconds? {
        guard count > 0 else { return nil }
        let first = items[head]
        head = (head &+ 1) & mask
        count &-= 1
        return first
    }
}
