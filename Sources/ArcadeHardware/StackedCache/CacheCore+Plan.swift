import ArcadeKernel
import ArcadeWorkloads

/// Timing an access that is not a plain first-level hit: `plan` walks its path without changing
/// anything (so the core can stop and come back to the same access), `commit` books what it used.
extension CacheCore {
    enum Plan {
        /// Wait: until `time` if known (a response may come sooner), else for a response.
        case wait(Picoseconds?)
        /// Go: the access completes at `completion`, or when `read` responds (nil: a new memory
        /// read, the access's own); memory traffic goes out at `sendTime`.
        case go(completion: Picoseconds, pendingRead: UInt64?, newRead: Bool, sendTime: Picoseconds)
    }

    /// When the access issued at `t` would complete, without changing any state.
    @inline(__always)
    func plan(_ access: AddressAccess, path: [CacheLevel], latencies: [Picoseconds], deepest: Int, at t: Picoseconds,
              now: Picoseconds) -> Plan {
        var arrival = t
        let last = min(deepest, path.count - 1)
        var j = 0
        while j <= last {
            let level = path[j]
            let isHit = j == deepest
            var ready = arrival &+ latencies[j]
            if let stacked = level.config.stacked {
                ready = stackedReady(level, stacked, position: j, arrival: arrival, base: latencies[j], hit: isHit)
            }
            slots[j].arrival = arrival
            if isHit {
                let line = access.address >> level.lineBits
                if let entry = level.timing.inFlight(line, at: arrival) {
                    let fill = level.timing.mshrFill[entry]
                    if fill == CacheLevelTiming.pending {
                        return .go(completion: ready, pendingRead: level.timing.mshrRead[entry], newRead: false, sendTime: ready)
                    }
                    ready = max(ready, fill)
                }
                return .go(completion: ready, pendingRead: nil, newRead: false, sendTime: max(ready, now))
            }
            let free = level.timing.freeEntry(at: arrival)
            if let entry = free.entry {
                slots[j].entry = entry
            } else if let earliest = free.earliest, !free.anyPending || earliest <= now {
                arrival = earliest       // stall until the first MSHR frees, then look again
                continue
            } else {
                return .wait(free.earliest)
            }
            arrival = ready
            j += 1
        }
        return .go(completion: arrival, pendingRead: nil, newRead: true, sendTime: max(arrival, now))
    }

    /// A stacked level's latency for an access arriving at `arrival`: the tag lookup, then for a
    /// hit the bank (waiting while it is busy), the vertical link of the line's layer (waiting while
    /// it moves another line) and the crossings; notes the bank and link times in the plan.
    @inline(__always)
    func stackedReady(_ level: CacheLevel, _ stacked: StackedLayout, position j: Int, arrival: Picoseconds,
                      base: Picoseconds, hit: Bool) -> Picoseconds {
        let layers = stacked.dataLayers
        let set = level.lastSet
        let layer = stacked.layer(set: set, frame: level.lastFrame, ways: level.ways)
        let bank = layer * stacked.banksPerLayer
            + (stacked.mapping == .bySet ? set / stacked.totalShares : set) % stacked.banksPerLayer
        let vertical = clock.duration(ofCycles: UInt64(stacked.verticalLatencyCycles))
        let horizontal = clock.duration(ofCycles: UInt64(stacked.horizontalLatencyCycles))
        var tagReady = arrival &+ base
        if stacked.tags == .withData { tagReady &+= vertical &* Picoseconds(stacked.crossings(toLayer: layers - 1)) }
        slots[j].bank = -1
        guard hit else { return tagReady }
        let crossings = Picoseconds(stacked.crossings(toLayer: layer))
        let start = max(tagReady, level.timing.bankFree[bank])
        var linkStart = start
        var transfer: Picoseconds = 0
        if crossings > 0 {
            linkStart = max(start, level.timing.linkFree[layer])
            let cycles = (level.config.lineBytes + stacked.verticalBytesPerCycle - 1) / stacked.verticalBytesPerCycle
            transfer = clock.duration(ofCycles: UInt64(cycles))
        }
        slots[j].bank = bank
        slots[j].layer = layer
        slots[j].bankStart = start
        slots[j].linkStart = linkStart
        return linkStart &+ transfer &+ vertical &* crossings &+ horizontal
    }

    /// Books what the plan used: MSHRs of the levels that missed, banks and links of a stacked
    /// level, and the access's completion (known, or when `read` responds).
    func commit(path: [CacheLevel], deepest: Int, completion: Picoseconds, read: UInt64?, issue: Picoseconds,
                instruction: Bool) {
        let last = min(deepest, path.count - 1)
        for j in 0...last {
            let level = path[j]
            if let stacked = level.config.stacked, slots[j].bank >= 0 {
                let bank = slots[j].bank, layer = slots[j].layer
                let busy = clock.duration(ofCycles: UInt64(stacked.bankBusyCycles))
                let tagReady = slots[j].arrival &+ latency[instruction ? 1 : 0][j]
                level.timing.bankConflictCycles &+= Int64((slots[j].bankStart - min(slots[j].bankStart, tagReady)) / period)
                level.timing.bankFree[bank] = slots[j].bankStart &+ busy
                level.timing.bankBusyCycles[bank] &+= Int64(stacked.bankBusyCycles)
                level.timing.layerAccesses[layer] &+= 1
                level.timing.layerBytes[layer] &+= Int64(level.config.lineBytes)
                if stacked.crossings(toLayer: layer) > 0 {
                    let cycles = (level.config.lineBytes + stacked.verticalBytesPerCycle - 1) / stacked.verticalBytesPerCycle
                    level.timing.verticalQueueCycles &+= Int64((slots[j].linkStart - slots[j].bankStart) / period)
                    level.timing.linkFree[layer] = slots[j].linkStart &+ clock.duration(ofCycles: UInt64(cycles))
                }
                slots[j].bank = -1
            }
            guard j < deepest else { continue }
            let entry = slots[j].entry
            level.timing.mshrLine[entry] = trace[next].address >> level.lineBits
            level.timing.missCount &+= 1
            level.timing.missLatencySum &-= Int64(slots[j].arrival)
            if let read {
                level.timing.mshrFill[entry] = CacheLevelTiming.pending
                level.timing.mshrRead[entry] = read
                level.timing.pendingEntries += 1
            } else {
                level.timing.mshrFill[entry] = completion
                level.timing.latestFill = max(level.timing.latestFill, completion)
                level.timing.missLatencySum &+= Int64(completion)
            }
        }
        if let read {
            waiters.append(Waiter(read: read, notBefore: completion, issue: issue, deepest: deepest, path: instruction ? 1 : 0,
                                  index: next))
        } else {
            complete(at: completion, issue: issue)
            onComplete?(next, completion)
        }
    }
}
