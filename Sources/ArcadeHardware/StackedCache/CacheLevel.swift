import ArcadeKernel

/// One level of a cache hierarchy: its tag array, its replacement policy and its write and
/// inclusion policies, following pycachesim's `Cache__load` / `Cache__store` / `Cache__inject`
/// (cachesim/backend.c, 0.3.1) statement by statement where Arcade's semantics are the same, so
/// the two give the same counts on the same calls (`CachePycachesimTests`). Where Arcade's own
/// semantics differ (the README's table; `--compat pycachesim` restores pycachesim's):
/// a store hit updates LRU recency and counts as a hit; a write-back no-allocate store miss is
/// forwarded below instead of inserting a dirty line that was never loaded.
///
/// Functional state changes in program order when an access is made; the timing side
/// (`CacheCore`) then works out when the access completes, from the deepest level that served it.
final class CacheLevel: Component {
    let name: String
    var id: Int32 = -1
    let config: CacheLevelConfig
    /// 0 for the first data level (and for an L1I), then 1, 2, …
    let index: Int
    var storage: CacheSetStorage
    let ways: Int
    let lineBits: UInt64
    let lineBytes: UInt64
    let setMask: UInt64
    let ordered: Bool
    let isExclusive: Bool
    let isStacked: Bool
    let isRRIP: Bool
    let writeBack: Bool
    /// The level below, nil for the last level (memory is then `sink`).
    unowned(unsafe) var lower: CacheLevel?
    /// Levels above, for an inclusive level's back-invalidation.
    var uppers: [CacheLevel] = []
    unowned(unsafe) let sink: CacheMemorySink
    var pycachesim = PycachesimCounters()
    var counters = CacheLevelCounters()
    var random: SplitMix64
    /// DRRIP's policy selector (10 bits, starts in the middle; ≥ 512 means followers use BRRIP).
    var policySelector = 512
    /// The set and frame of the line the last load found or inserted (the stacked level's layer).
    var lastSet = 0
    var lastFrame = 0
    /// Timing state, owned by `CacheCore` (MSHRs, banks, vertical links).
    var timing: CacheLevelTiming

    init(config: CacheLevelConfig, index: Int, sink: CacheMemorySink) {
        name = config.name
        self.config = config
        self.index = index
        storage = CacheSetStorage(sets: config.sets, ways: config.ways)
        ways = config.ways
        lineBits = UInt64(config.lineBits)
        lineBytes = UInt64(config.lineBytes)
        setMask = UInt64(config.sets - 1)
        setCount = UInt64(config.sets)
        modulo = config.setIndexModulo
        ordered = config.replacement.isOrdered
        isExclusive = config.inclusion == .exclusive
        isStacked = config.stacked != nil
        isRRIP = config.replacement == .srrip || config.replacement == .drrip
        writeBack = config.writeBack
        self.sink = sink
        random = SplitMix64(seed: config.seed)
        timing = CacheLevelTiming(config: config)
    }

    /// The core this level's memory port answers to (the last level only).
    unowned(unsafe) var core: CacheCore?

    var isFinished: Bool { true }
    var status: String { "\(timing.busyMSHRs) of \(config.mshrs) MSHRs waiting on memory" }

    /// The last level is the initiator on the memory port: responses and retries go to the core,
    /// which keeps the timing of every level.
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        core?.handle(event, at: now, scheduler: &scheduler)
    }

    let setCount: UInt64
    let modulo: Bool

    /// pycachesim's `cl_id % sets`: the low bits when sets is a power of two.
    @inline(__always)
    func setOf(_ line: UInt64) -> Int {
        Int(truncatingIfNeeded: modulo ? line % setCount : line & setMask)
    }

    /// Whether a hit here on `address` at `time` has its data: no MSHR is still bringing its line
    /// (the common answer, from two fields, without scanning the MSHRs).
    @inline(__always)
    func hitIsReady(_ address: UInt64, at time: Picoseconds) -> Bool {
        (timing.pendingEntries == 0 && timing.latestFill <= time) || timing.inFlight(address &>> lineBits, at: time) == nil
    }

    // MARK: - Loads

    /// A load of [address, address + length) from the level above or the program (`counted`: it is a
    /// request of its own, not this level's write-allocate fill). Returns the deepest level that
    /// served a line: `index` when every line hit, `sink.memoryIndex` when memory did.
    @inline(__always)
    func load(_ address: UInt64, _ length: UInt64, counted: Bool) -> Int {
        // The common case first: one line, found at the front of its set (the most recent under
        // LRU) — the same effects as the general path below, without its set-up (the pycachesim
        // fixtures and CacheFastPathTests exercise both).
        let firstLine = address &>> lineBits
        if !isExclusive && (address &+ length &- 1) &>> lineBits == firstLine {
            let set = setOf(firstLine)
            let base = set &* ways
            if storage.entries[base].tag == firstLine {
                pycachesim.loadCount &+= 1
                pycachesim.loadBytes &+= Int64(length)
                pycachesim.hitCount &+= 1
                pycachesim.hitBytes &+= Int64(min(lineBytes, length))
                lastSet = set
                lastFrame = Int(storage.entries[base].frame)
                if isRRIP { storage.entries[base].rrpv = 0 }
                if counted { counters.loadHits &+= 1 }
                return index
            }
        }
        return loadLines(address, length, counted: counted)
    }

    /// `load`'s general path: every line of the access, hits anywhere in the set and misses.
    func loadLines(_ address: UInt64, _ length: UInt64, counted: Bool) -> Int {
        pycachesim.loadCount &+= 1
        pycachesim.loadBytes &+= Int64(length)
        let lastLine = (address &+ length &- 1) &>> lineBits
        var line = address &>> lineBits
        let perLine = Int64(min(lineBytes, length))
        var deepest = index
        var allHit = true
        while true {
            let set = setOf(line)
            let base = set &* ways
            let way = storage.find(line, base: base)
            lastSet = set
            if way >= 0 {
                pycachesim.hitCount &+= 1
                pycachesim.hitBytes &+= perLine
                lastFrame = Int(storage.entries[base &+ way].frame)
                if isExclusive && counted {
                    sink.handedUpDirty = storage.entries[base &+ way].dirty
                    storage.remove(base: base, way: way, ordered: ordered)
                } else {
                    touch(base: base, way: way)
                }
            } else {
                allHit = false
                pycachesim.missCount &+= 1
                pycachesim.missBytes &+= perLine
                let lineAddress = line &<< lineBits
                let served = lower?.load(lineAddress, lineBytes, counted: true) ?? sink.read(lineAddress, lineBytes)
                counters.bytesIn &+= Int64(lineBytes)
                deepest = max(deepest, served)
                if !(isExclusive && counted) {
                    let dirty = sink.handedUpDirty
                    sink.handedUpDirty = false
                    insert(line, dirty: dirty, set: set)
                }
            }
            if line == lastLine { break }
            line &+= 1
        }
        if counted {
            if allHit { counters.loadHits &+= 1 } else { counters.loadMisses &+= 1 }
        }
        return deepest
    }

    /// A hit's effect on the replacement state: LRU moves the line to the front, RRIP predicts a near re-reference.
    @inline(__always)
    func touch(base: Int, way: Int) {
        switch config.replacement {
        case .lru: storage.moveToFront(base: base, way: way)
        case .srrip, .drrip: storage.entries[base &+ way].rrpv = 0
        case .fifo, .random: break
        }
    }

    // MARK: - Stores

    /// A store of [address, address + length), pycachesim's `Cache__store` (write-allocate loads the
    /// line on this level first; write-back marks it dirty; write-through and unallocated stores go
    /// below). Returns the deepest level that served a line (a write-allocate fill), else `index`.
    @inline(__always)
    func store(_ address: UInt64, _ length: UInt64, counted: Bool) -> Int {
        // The common case first, as in `load`: a write-back level, one line, found at the front of
        // its set — the general path below would mark it dirty and (own counts) touch it, a no-op at
        // the front under LRU.
        let firstLine = address &>> lineBits
        if writeBack && (address &+ length &- 1) &>> lineBits == firstLine {
            let base = setOf(firstLine) &* ways
            if storage.entries[base].tag == firstLine {
                pycachesim.storeCount &+= 1
                pycachesim.storeBytes &+= Int64(length)
                if isRRIP && !sink.compat { storage.entries[base].rrpv = 0 }
                storage.entries[base].dirty = true
                if counted { counters.storeHits &+= 1 }
                return index
            }
        }
        return storeLines(address, length, counted: counted)
    }

    /// `store`'s general path.
    func storeLines(_ address: UInt64, _ length: UInt64, counted: Bool) -> Int {
        pycachesim.storeCount &+= 1
        pycachesim.storeBytes &+= Int64(length)
        let lastLine = (address &+ length &- 1) &>> lineBits
        var line = address &>> lineBits
        var deepest = index
        var allHit = true
        let compat = sink.compat
        while true {
            let set = setOf(line)
            let base = set &* ways
            var way = storage.find(line, base: base)
            if way < 0 { allHit = false }
            if config.writeAllocate {
                if way < 0 {
                    deepest = max(deepest, load(line &<< lineBits, lineBytes, counted: false))
                    way = ordered ? 0 : storage.find(line, base: base)
                } else if !compat {
                    touch(base: base, way: way)
                }
            } else if way < 0 {
                if compat && config.writeBack {
                    // pycachesim: a write-back level without write-allocate inserts the line dirty, unloaded.
                    insert(line, dirty: true, set: set)
                    way = ordered ? 0 : storage.find(line, base: base)
                }
            } else if !compat {
                touch(base: base, way: way)
            }
            if config.writeBack && way >= 0 {
                storage.entries[base &+ way].dirty = true
            } else {
                let lineStart = line &<< lineBits
                let start = max(lineStart, address)
                // pycachesim's piece (`Cache__get_range_from_cl_id_and_range`) is a whole line from
                // `start` when that ends before the store does, so an unaligned store's first piece
                // reaches into the next line (store(60, 8) sends (60, 8) and then (64, 4)); Arcade's
                // own piece stays inside the line.
                let end = compat ? (start &+ lineBytes < address &+ length ? start &+ lineBytes : address &+ length)
                    : min(lineStart &+ lineBytes, address &+ length)
                counters.writeThroughs &+= 1
                counters.bytesOut &+= Int64(end &- start)
                if let lower {
                    pycachesim.evictCount &+= 1
                    pycachesim.evictBytes &+= Int64(end &- start)
                    _ = lower.store(start, end &- start, counted: true)
                } else {
                    sink.write(start, end &- start)
                }
            }
            if line == lastLine { break }
            line &+= 1
        }
        if counted {
            if allHit { counters.storeHits &+= 1 } else { counters.storeMisses &+= 1 }
        }
        return deepest
    }
}
