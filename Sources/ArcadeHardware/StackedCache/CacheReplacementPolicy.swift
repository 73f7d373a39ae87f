import ArcadeKernel

/// The in-place policies' choices (random, SRRIP, DRRIP). LRU and FIFO need none: their victim is
/// always the entry at the back of the set's queue (`CacheSetStorage.insertAtFront`).
///
/// RRIP follows Jaleel, Theobald, Steely and Emer, "High Performance Cache Replacement Using
/// Re-Reference Interval Prediction (RRIP)", ISCA 2010: 2-bit RRPVs; the victim is the first entry
/// predicted "distant" (RRPV 3), ageing every entry of the set until one is; SRRIP inserts at 2
/// ("long"); BRRIP inserts at 3 except one time in 32 at 2; DRRIP duels the two on 32 leader sets
/// each with a 10-bit selector that a miss in an SRRIP leader moves up and a miss in a BRRIP leader
/// moves down.
extension CacheLevel {
    /// The way to replace in the set at `base`: an invalid one first, else the policy's choice.
    @inline(__always)
    func victimWay(base: Int, set: Int) -> Int {
        for way in 0..<ways where storage.entries[base &+ way].tag == CacheSetStorage.invalid { return way }
        switch config.replacement {
        case .random:
            return Int(random.next() % UInt64(ways))
        case .srrip, .drrip:
            if config.replacement == .drrip { recordLeaderMiss(set: set) }
            while true {
                for way in 0..<ways where storage.entries[base &+ way].rrpv >= 3 { return way }
                for way in 0..<ways { storage.entries[base &+ way].rrpv &+= 1 }
            }
        case .lru, .fifo:
            preconditionFailure("ordered policies replace the back of the queue")
        }
    }

    /// Which policy a set follows under DRRIP: 1 = SRRIP leader, 2 = BRRIP leader, 0 = follower.
    @inline(__always)
    func leaderKind(set: Int) -> Int {
        let sets = config.sets
        guard sets >= 64 else { return set == 0 ? 1 : (set == 1 ? 2 : 0) }
        let stride = sets / 32
        switch set % stride {
        case 0: return 1
        case 1: return 2
        default: return 0
        }
    }

    @inline(__always)
    func recordLeaderMiss(set: Int) {
        switch leaderKind(set: set) {
        case 1: policySelector = min(1023, policySelector + 1)
        case 2: policySelector = max(0, policySelector - 1)
        default: break
        }
    }

    /// The RRPV a newly inserted line gets in set `set`.
    @inline(__always)
    func insertionRRPV(set: Int) -> UInt8 {
        switch config.replacement {
        case .srrip: return 2
        case .drrip:
            let kind = leaderKind(set: set)
            let bimodal = kind == 2 || (kind == 0 && policySelector >= 512)
            guard bimodal else { return 2 }
            return random.next() % 32 == 0 ? 2 : 3
        case .random, .lru, .fifo: return 0
        }
    }
}
