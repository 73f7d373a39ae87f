// The calendar queue's internals: copy-on-write, the node pool, slot lists and bitmaps, and
// moving the window. Split from CalendarQueue.swift to keep each file to one concern.

extension CalendarQueue {
    @inlinable @inline(__always)
    mutating func makeStorageUnique() {
        if !isKnownUniquelyReferenced(&storage) { unshareStorage() }
    }

    @inlinable @inline(never)
    mutating func unshareStorage() {
        storage = storage.copy()
        refreshPoolPointers()
    }

    @inlinable
    mutating func refreshPoolPointers() {
        entries = storage.entries
        links = storage.links
        poolCapacity = storage.capacity
    }

    /// A free node holding `entry`, not yet on any list.
    @inlinable @inline(__always)
    mutating func makeNode(_ entry: Entry) -> Int32 {
        let node: Int32
        if freeHead >= 0 {
            node = freeHead
            freeHead = links[Int(truncatingIfNeeded: node)]
        } else {
            if poolUsed == poolCapacity { growPool() }
            node = Int32(truncatingIfNeeded: poolUsed)
            poolUsed &+= 1
        }
        (entries + Int(truncatingIfNeeded: node)).initialize(to: entry)
        links[Int(truncatingIfNeeded: node)] = -1
        return node
    }

    @inlinable @inline(never)
    mutating func growPool() {
        storage.grow()
        refreshPoolPointers()
    }

    /// Appends `node` to the fine slot of its time.
    @inlinable @inline(__always)
    mutating func linkFine(_ node: Int32, slot: Int) {
        let list = storage.fine + slot
        let tail = list.pointee.tail
        if tail < 0 {
            list.pointee.head = node
            storage.fineOccupancy[slot >> 6] |= 1 &<< UInt64(slot & 63)
            fineSummary |= 1 &<< UInt64(slot >> 6)
        } else {
            links[Int(truncatingIfNeeded: tail)] = node
        }
        list.pointee.tail = node
        fineEventCount &+= 1
    }

    @inlinable @inline(__always)
    mutating func insertFine(_ entry: Entry) {
        let slot = Int(truncatingIfNeeded: entry.time &- fineStart)
        linkFine(makeNode(entry), slot: slot)
    }

    @inlinable @inline(__always)
    mutating func insertCoarse(_ entry: Entry) {
        let slot = Int(truncatingIfNeeded: (entry.time &>> widthShift) & coarseMask)
        let node = makeNode(entry)
        let list = storage.coarse + slot
        let tail = list.pointee.tail
        if tail < 0 {
            list.pointee.head = node
            storage.coarseOccupancy[slot >> 6] |= 1 &<< UInt64(slot & 63)
        } else {
            links[Int(truncatingIfNeeded: tail)] = node
        }
        list.pointee.tail = node
        coarseEventCount &+= 1
    }

    @inlinable @inline(never)
    mutating func insertOutsideWindow(_ entry: Entry) {
        // Far times take this path, so the bound costs nothing on the hot path; it keeps the
        // window arithmetic ((bucket + count) << shift) from wrapping around 2^64.
        precondition(entry.time <= CalendarGeometry.latestTime,
                     "calendar queue: time \(entry.time) ps is beyond 2^63 ps (~106 days)")
        if entry.time >= windowEnd { overflow.insert(entry) } else { early.insert(entry) }
    }

    @inlinable @inline(never)
    mutating func removeEarly(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        guard let first = early.first, first.time <= limit else { return nil }
        return early.removeFirst()
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
    @inlinable @inline(never)
    mutating func advance(notAfter limit: Picoseconds) -> Bool {
        let target: UInt64
        if coarseEventCount > 0 {
            target = nextOccupiedCoarseBucket()
        } else if let earliest = overflow.first {
            target = earliest.time &>> widthShift
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
        // Relink the target bucket's nodes, in list order, onto their fine slots.
        let slot = Int(truncatingIfNeeded: target & coarseMask)
        let bucket = storage.coarse + slot
        var node = bucket.pointee.head
        if node >= 0 {
            bucket.pointee = SlotList()
            storage.coarseOccupancy[slot >> 6] &= ~(1 &<< UInt64(slot & 63))
            while node >= 0 {
                let index = Int(truncatingIfNeeded: node)
                let next = links[index]
                links[index] = -1
                linkFine(node, slot: Int(truncatingIfNeeded: entries[index].time &- fineStart))
                coarseEventCount &-= 1
                node = next
            }
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
