// The calendar queue's slow paths: fresh nodes, far and early events, and moving the window.
// Split from CalendarQueue.swift, which holds the hot paths, to keep each file to one concern.

extension CalendarStorage {
    /// A never-used node, growing the pool if needed. Only taken until the pool has warmed up.
    @inlinable @inline(never)
    func freshNode() -> Int32 {
        if poolUsed == capacity { grow() }
        let node = Int32(truncatingIfNeeded: poolUsed)
        poolUsed &+= 1
        return node
    }

    @inlinable @inline(never)
    func insertOutsideWindow(_ entry: Entry) {
        // Far times take this path, so the bound costs nothing on the hot path; it keeps the
        // window arithmetic ((bucket + count) << shift) from wrapping around 2^64.
        precondition(entry.time <= CalendarGeometry.latestTime,
                     "calendar queue: time \(entry.time) ps is beyond 2^63 ps (~106 days)")
        if entry.time >= windowEnd {
            overflow.insert(entry)
        } else {
            early.insert(entry)
            hasEarly = true
        }
    }

    /// `removeFirst` when the fine slots are empty or `early` holds events.
    @inlinable @inline(never)
    func removeSlow(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        if hasEarly {
            guard let first = early.first, first.time <= limit else { return nil }
            let entry = early.removeFirst()
            hasEarly = early.count != 0
            removedCount &+= 1
            return entry
        }
        if fineSummary == 0 && !advance(notAfter: limit) { return nil }
        return popFine(notAfter: limit)
    }

    /// Moves the window to the next bucket holding events and spreads that bucket over the fine
    /// slots — but only if the bucket starts at or before `limit`, so the window never runs
    /// ahead of the caller's clock. Returns whether fine slots now hold events.
    /// Requires the fine slots (and `early`) to be empty.
    @inlinable @inline(never)
    func advance(notAfter limit: Picoseconds) -> Bool {
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
        let fineEnd = fineStart + width
        windowEnd = (target + coarseMask + 1) << widthShift
        // Overflow events the window now covers: after a jump they may belong to the target
        // bucket itself (fine slots, in heap order = sequence order for ties); otherwise they
        // land beyond every occupied bucket.
        while let earliest = overflow.first, earliest.time < windowEnd {
            let entry = overflow.removeFirst().unsafelyUnwrapped
            let node = makeNode(entry.time, entry.sequence, entry.event)
            if entry.time < fineEnd {
                linkFine(node, slot: Int(truncatingIfNeeded: entry.time &- fineStart))
            } else {
                linkCoarse(node, slot: Int(truncatingIfNeeded: (entry.time &>> widthShift) & coarseMask))
            }
        }
        // Relink the target bucket's nodes, in list order, onto their fine slots.
        let slot = Int(truncatingIfNeeded: target & coarseMask)
        let bucket = coarse + slot
        var node = bucket.pointee.head
        if node >= 0 {
            bucket.pointee = SlotList()
            coarseOccupancy[slot >> 6] &= ~(1 &<< UInt64(slot & 63))
            while node >= 0 {
                let next = link(node)
                linkFine(node, slot: Int(truncatingIfNeeded: entry(node).pointee.time &- fineStart))
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
        let occupancy = coarseOccupancy
        let startSlot = Int(truncatingIfNeeded: (currentBucket + 1) & coarseMask)
        let wordCount = coarseCount >> 6
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
