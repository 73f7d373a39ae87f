/// Insertion and what leaves: the victim's write-back, an inclusive level's back-invalidation, an
/// exclusive level's victim fills, and pycachesim's `force_write_back`.
extension CacheLevel {
    /// Puts `line` into set `set`, replacing an entry by the policy, and handles the victim.
    @inline(__always)
    func insert(_ line: UInt64, dirty: Bool, set: Int) {
        let base = set &* ways
        let victim: (tag: UInt64, dirty: Bool)
        if ordered {
            victim = storage.insertAtFront(base: base, line: line, isDirty: dirty)
            lastFrame = Int(storage.entries[base].frame)
        } else {
            let way = victimWay(base: base, set: set)
            victim = storage.replace(base: base, way: way, line: line, isDirty: dirty)
            storage.entries[base &+ way].rrpv = insertionRRPV(set: set)
            lastFrame = way
        }
        lastSet = set
        if victim.tag != CacheSetStorage.invalid { evicted(victim.tag, dirty: victim.dirty) }
    }

    /// A valid line left this level: back-invalidate it above if inclusive, hand it to an exclusive
    /// level below, or write it back if dirty (pycachesim's EVICT).
    func evicted(_ line: UInt64, dirty: Bool) {
        counters.evictions &+= 1
        var dirty = dirty
        let address = line &<< lineBits
        if config.inclusion == .inclusive {
            for upper in uppers {
                let (removed, wasDirty) = upper.invalidate(address, lineBytes)
                counters.backInvalidations &+= removed
                dirty = dirty || wasDirty
            }
        }
        if let lower, lower.isExclusive {
            lower.insertVictim(address, dirty: dirty && config.writeBack)
            if dirty && config.writeBack { counters.writebacks &+= 1; counters.bytesOut &+= Int64(lineBytes) }
            return
        }
        guard dirty && config.writeBack else { return }
        pycachesim.evictCount &+= 1
        pycachesim.evictBytes &+= Int64(lineBytes)
        counters.writebacks &+= 1
        counters.bytesOut &+= Int64(lineBytes)
        if let lower { _ = lower.store(address, lineBytes, counted: true) } else { sink.write(address, lineBytes) }
    }

    /// Removes every line of [address, address + length) here and in the levels above (inclusion is
    /// transitive): a back-invalidation from an inclusive level below. Returns how many lines were
    /// removed and whether one of them was dirty (its data must go below with the evicted line).
    func invalidate(_ address: UInt64, _ length: UInt64) -> (removed: Int64, dirty: Bool) {
        var removed: Int64 = 0
        var anyDirty = false
        var line = address >> lineBits
        let lastLine = (address + length - 1) >> lineBits
        while line <= lastLine {
            let set = setOf(line)
            let base = set * ways
            let way = storage.find(line, base: base)
            if way >= 0 {
                anyDirty = anyDirty || storage.entries[base + way].dirty
                storage.remove(base: base, way: way, ordered: ordered)
                removed += 1
            }
            line += 1
        }
        for upper in uppers {
            let (more, dirty) = upper.invalidate(address, length)
            removed += more
            anyDirty = anyDirty || dirty
        }
        return (removed, anyDirty)
    }

    /// A line the level above evicted, put into this exclusive level (clean or dirty).
    func insertVictim(_ address: UInt64, dirty: Bool) {
        counters.victimFills += 1
        counters.bytesIn += Int64(lineBytes)
        let line = address >> lineBits
        let set = setOf(line)
        let base = set * ways
        let way = storage.find(line, base: base)
        if way >= 0 {
            storage.entries[base + way].dirty = storage.entries[base + way].dirty || dirty
            touch(base: base, way: way)
        } else {
            insert(line, dirty: dirty, set: set)
        }
    }

    /// pycachesim's `force_write_back`: every dirty line, in storage order, written below.
    func forceWriteBack() {
        for entry in 0..<(config.sets * ways) {
            let tag = storage.entries[entry].tag
            guard tag != CacheSetStorage.invalid, storage.entries[entry].dirty else { continue }
            pycachesim.evictCount += 1
            pycachesim.evictBytes += Int64(lineBytes)
            counters.writebacks += 1
            counters.bytesOut += Int64(lineBytes)
            if let lower { _ = lower.store(tag << lineBits, lineBytes, counted: true) } else { sink.write(tag << lineBits, lineBytes) }
            storage.entries[entry].dirty = false
        }
    }

    /// Dirty lines still held (what a write-back at the end would write).
    var dirtyLines: Int {
        var count = 0
        for entry in 0..<(config.sets * ways) where storage.entries[entry].tag != CacheSetStorage.invalid && storage.entries[entry].dirty {
            count += 1
        }
        return count
    }
}
