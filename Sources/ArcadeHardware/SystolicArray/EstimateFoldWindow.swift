/// SCALE-Sim's evict-when-full read window (see `EstimateReadBuffer`) over whole folds at a time.
/// The addresses inserted since the last eviction are a bitset over the operand's address space
/// (a word's bits count only while its epoch is current, so an eviction is one increment). A fold
/// whose new addresses keep the window below capacity is added whole; otherwise the position inside
/// the fold where the window fills is searched for (distinct addresses of a growing stream prefix
/// are monotone), the window empties there (`read_buffer_estimate_bw.py:189–195`), and the rest of
/// the fold starts the next window. Each probe inserts its segment tentatively and is either kept
/// or rolled back.
struct EstimateFoldWindow {
    let capacity: Int
    private(set) var evictions = 0
    private(set) var filled = 0
    /// Elements fed so far, and the stream position where the current window began (its content
    /// is exactly the distinct addresses from there on; the miss that filled the last window is the
    /// position before it).
    private(set) var fed = 0
    private(set) var windowStart = 0
    private var bits: [UInt64]
    private var wordEpoch: [UInt32]
    private var epoch: UInt32 = 1
    /// Words changed by the current tentative segment: (index, previous bits, previous epoch).
    private var undo: [(word: Int, bits: UInt64, epoch: UInt32)] = []
    private var scratch: [AddressRun] = []
    private var fromPrefix: [Int] = []
    private var toPrefix: [Int] = []

    /// Pieces of lanes-are-k streams per lane (k, t range) instead of per streamed x (see
    /// `FoldStream.forEachLaneRange`), for emitters whose address order makes a lane's range long runs.
    let byLane: Bool

    init(capacity: Int, addressSpace: Int, byLane: Bool = false) {
        self.capacity = capacity
        self.byLane = byLane
        let words = max(addressSpace, 1) / 64 + 1
        bits = [UInt64](repeating: 0, count: words)
        wordEpoch = [UInt32](repeating: 0, count: words)
    }

    var misses: Int { evictions * capacity + filled }

    /// Accounts for `count` evictions of stream repetitions that were not fed because they would
    /// leave the window exactly as it is now (see `foldWindowMisses`).
    mutating func skip(evictions count: Int) { evictions += count }

    /// Adds a unit of `elements` stream positions (a fold or consecutive folds) whose distinct
    /// addresses are `runs` (in any order, overlaps allowed) if it leaves the window below
    /// capacity, and says whether it did; otherwise the window is unchanged and the caller feeds
    /// the unit's folds in stream order. Cost: the runs' 64-bit words, not the unit's elements.
    /// `distinctAtMost`: an upper bound of the unit's distinct addresses (default `elements`); the
    /// insert keeps no undo log when that cannot fill the window.
    mutating func tryWhole(_ runs: [AddressRun], elements: Int, distinctAtMost: Int? = nil) -> Bool {
        let fresh = insert(runs, undoable: filled + (distinctAtMost ?? elements) >= capacity)
        if filled + fresh < capacity {
            undo.removeAll(keepingCapacity: true)
            filled += fresh
            fed += elements
            return true
        }
        rollBack()
        return false
    }

    /// `knownToFill`: the whole fold is known to fill the window (a failed `tryWhole`), so it is
    /// not tried again. `emit(xs, ks, &runs)` appends the addresses of a piece: every x in `xs`
    /// over `ks` (`FoldStream.forEachPiece`), or for `byLane` windows lane k = `xs` (one) over the
    /// x in `ks` (`FoldStream.forEachLaneRange`).
    mutating func feed(_ stream: FoldStream, knownToFill: Bool = false,
                       emit: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void) {
        let end = stream.elements
        var start = 0    // the window holds everything of this fold before `start`
        // Galloping: first the whole fold if it is small enough to search (usually it fits), else
        // the most elements that cannot fill the window (kept without a search). After a segment
        // of only fresh addresses, the fewest elements that could fill it (so an all-miss stream
        // lands on the eviction exactly); otherwise the step doubles while the window does not fill.
        var step = end <= 2 * capacity && !knownToFill ? end : max(capacity - filled - 1, 1)
        stream.prefixes(start, into: &fromPrefix)
        while start < end {
            let stop = min(end, start + step)
            // A segment with fewer elements than the window has room for cannot fill it: no undo log.
            let fresh = insertTentatively(stream, upTo: stop, undoable: filled + stop - start >= capacity, emit: emit)
            if filled + fresh < capacity {
                let dense = fresh == stop - start
                keep(fresh, upTo: &start, stop)
                step = dense ? max(capacity - filled, 1) : 2 * step
                continue
            }
            rollBack()
            if stop - start > 2 * capacity {
                // Too coarse to search cheaply: gallop up from the most that cannot fill it.
                step = max(capacity - filled - 1, 1)
                continue
            }
            // The window fills at some position in (start, stop]: search, keeping each part that
            // does not fill it, down to one element. Probes alternate between the position a
            // uniform spread of the fresh addresses predicts (exact when every demand is fresh,
            // the common refetch case) and the midpoint.
            var (hi, hiFresh) = (stop, fresh)    // fresh addresses in start ..< hi
            var interpolate = true
            while hi - start > 1 {
                let need = capacity - filled
                let probe = interpolate
                    ? min(max(start + ((hi - start) * need + hiFresh - 1) / hiFresh - 1, start + 1), hi - 1)
                    : (start + hi) / 2
                interpolate.toggle()
                let fresh = insertTentatively(stream, upTo: probe, undoable: true, emit: emit)
                if filled + fresh < capacity {
                    keep(fresh, upTo: &start, probe)
                    hiFresh -= fresh
                } else {
                    rollBack()
                    (hi, hiFresh) = (probe, fresh)
                }
            }
            // Element `start` is the miss that fills the window; everything is evicted after it.
            evictions += 1
            epoch += 1
            filled = 0
            start = hi
            windowStart = fed + hi
            step = max(capacity - 1, 1)
            stream.prefixes(start, into: &fromPrefix)
        }
        fed += end
    }

    /// `feed` for a WS ifmap fold in the channel-major order (`images[i]`: lane i's addresses).
    /// An element adds a fresh address exactly when its address is not in the window as it was
    /// when the segment began and no earlier element of the segment has the same address; which
    /// earlier elements those are is fixed by the geometry (`FoldLaneCounts`). So the fresh
    /// addresses of any stream prefix are a sum over lanes of counts precomputed per output row,
    /// each eviction is found by a search costing O(lanes) per probe instead of inserting and
    /// rolling back segments, and only the segment left in the final window is inserted. After an
    /// eviction inside the fold the window is empty and the counts are made again from there.
    /// `allFresh`: none of the fold's addresses is in the window (its counts need no bitset).
    /// The same misses, evictions and `windowStart` as `feed`.
    mutating func feedLanes(_ stream: FoldStream, images: [LaneImage], channels: Int, allFresh: Bool = false,
                            counts masks: inout FoldLaneCounts,
                            emit: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void) {
        precondition(images.count == stream.lanes && stream.lanesAreK && stream.laneStep == 1)
        let end = stream.elements
        var start = 0
        stream.prefixes(0, into: &fromPrefix)
        masks.build(images, channels: channels, segmentStart: fromPrefix, emptyWindow: allFresh, window: self)
        func fresh(to position: Int) -> Int {
            stream.prefixes(position, into: &toPrefix)
            var total = 0
            for lane in 0..<stream.lanes where toPrefix[lane] > fromPrefix[lane] {
                total += masks.countable(lane: lane, before: toPrefix[lane], window: self)
                    - masks.countable(lane: lane, before: fromPrefix[lane], window: self)
            }
            return total
        }
        var last = 0
        while true {
            let need = capacity - filled
            last = fresh(to: end)
            if last < need { break }
            var (lo, hi) = (start, end)   // fresh(lo) < need ≤ fresh(hi)
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if fresh(to: mid) >= need { hi = mid } else { lo = mid }
            }
            // Element hi − 1 is the miss that fills the window; everything is evicted after it.
            evictions += 1
            epoch += 1
            filled = 0
            start = hi
            windowStart = fed + hi
            stream.prefixes(start, into: &fromPrefix)
            masks.build(images, channels: channels, segmentStart: fromPrefix, emptyWindow: true, window: self)
        }
        stream.prefixes(end, into: &toPrefix)
        scratch.removeAll(keepingCapacity: true)
        stream.forEachLaneRange(from: fromPrefix, to: toPrefix) { k, t1, t2 in emit(k..<(k + 1), t1..<t2, &scratch) }
        let inserted = insert(scratch, undoable: false)
        assert(inserted == last, "lane counts \(last) ≠ inserted \(inserted)")
        filled += inserted
        fed += end
    }

    /// Addresses in lo ..< lo + count not in the window.
    func freshCount(lo: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let hi = lo + count
        var fresh = 0
        var word = lo >> 6
        let lastWord = (hi - 1) >> 6
        while word <= lastWord {
            let low = word == lo >> 6 ? lo & 63 : 0
            let high = word == lastWord ? ((hi - 1) & 63) + 1 : 64
            let mask = (high == 64 ? ~UInt64(0) : (UInt64(1) << UInt64(high)) - 1) & ~((UInt64(1) << UInt64(low)) - 1)
            let current = wordEpoch[word] == epoch ? bits[word] : 0
            fresh += (mask & ~current).nonzeroBitCount
            word += 1
        }
        return fresh
    }

    /// Keeps the segment just inserted (start ..< position).
    private mutating func keep(_ fresh: Int, upTo start: inout Int, _ position: Int) {
        undo.removeAll(keepingCapacity: true)
        filled += fresh
        start = position
        swap(&fromPrefix, &toPrefix)
    }

    private mutating func rollBack() {
        for change in undo.reversed() {
            bits[change.word] = change.bits
            wordEpoch[change.word] = change.epoch
        }
        undo.removeAll(keepingCapacity: true)
    }

    /// Inserts the stream from the current start (`fromPrefix`) to `position` into the window,
    /// recording how to undo it if `undoable`, and returns how many of its addresses were not there.
    private mutating func insertTentatively(_ stream: FoldStream, upTo position: Int, undoable: Bool,
                                            emit: (Range<Int>, Range<Int>, inout [AddressRun]) -> Void) -> Int {
        stream.prefixes(position, into: &toPrefix)
        scratch.removeAll(keepingCapacity: true)
        if byLane && stream.lanesAreK {
            stream.forEachLaneRange(from: fromPrefix, to: toPrefix) { k, t1, t2 in emit(k..<(k + 1), t1..<t2, &scratch) }
        } else {
            stream.forEachPiece(from: fromPrefix, to: toPrefix) { xs, ks in emit(xs, ks, &scratch) }
        }
        return insert(scratch, undoable: undoable)
    }

    /// Sets the runs' bits, recording how to undo it if `undoable`; returns the bits newly set.
    private mutating func insert(_ runs: [AddressRun], undoable: Bool) -> Int {
        var fresh = 0
        for run in runs where run.hi > run.lo {
            var word = run.lo >> 6
            let lastWord = (run.hi - 1) >> 6
            while word <= lastWord {
                let low = word == run.lo >> 6 ? run.lo & 63 : 0
                let high = word == lastWord ? ((run.hi - 1) & 63) + 1 : 64
                let mask = (high == 64 ? ~UInt64(0) : (UInt64(1) << UInt64(high)) - 1) & ~((UInt64(1) << UInt64(low)) - 1)
                let current = wordEpoch[word] == epoch ? bits[word] : 0
                let added = mask & ~current
                if added != 0 {
                    if undoable { undo.append((word, bits[word], wordEpoch[word])) }
                    bits[word] = current | added
                    wordEpoch[word] = epoch
                    fresh += added.nonzeroBitCount
                }
                word += 1
            }
        }
        return fresh
    }
}
