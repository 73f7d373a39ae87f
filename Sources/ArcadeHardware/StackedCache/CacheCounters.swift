/// What one level counts, both ways at once: pycachesim's counters exactly as its
/// `cachesim/backend.c` keeps them (`--compat pycachesim` reports these), and Arcade's own per
/// request counters (the default report).
///
/// pycachesim's rules (0.3.1): LOAD and STORE count calls, not lines — a load that crosses a line
/// boundary is one LOAD and two HIT/MISS; HIT and MISS count lines of loads only (a store hit counts
/// nothing, a write-allocate store miss counts a LOAD and a MISS on its own level); HIT_byte and
/// MISS_byte add min(line, the whole request's length) per line; EVICT counts dirty lines written
/// back and stores forwarded by write-through or no-allocate.
struct PycachesimCounters: Sendable, Equatable {
    var loadCount: Int64 = 0, loadBytes: Int64 = 0
    var storeCount: Int64 = 0, storeBytes: Int64 = 0
    var hitCount: Int64 = 0, hitBytes: Int64 = 0
    var missCount: Int64 = 0, missBytes: Int64 = 0
    var evictCount: Int64 = 0, evictBytes: Int64 = 0
}

/// Arcade's own counts: one per request the level receives (an access of the program at the first
/// level — hit only if every line it touches is present — and one line at the levels below).
struct CacheLevelCounters: Sendable, Equatable {
    var loadHits: Int64 = 0, loadMisses: Int64 = 0
    var storeHits: Int64 = 0, storeMisses: Int64 = 0
    /// Valid lines replaced.
    var evictions: Int64 = 0
    /// Dirty lines written to the level below (or memory).
    var writebacks: Int64 = 0
    /// Stores forwarded below by write-through or no-allocate.
    var writeThroughs: Int64 = 0
    /// Lines removed from the levels above because this inclusive level evicted them.
    var backInvalidations: Int64 = 0
    /// Lines the level above evicted into this exclusive level.
    var victimFills: Int64 = 0
    /// Bytes brought in from below, and sent below (write-backs, write-throughs).
    var bytesIn: Int64 = 0, bytesOut: Int64 = 0

    var accesses: Int64 { loadHits + loadMisses + storeHits + storeMisses }
    var hits: Int64 { loadHits + storeHits }
    var misses: Int64 { loadMisses + storeMisses }
}
