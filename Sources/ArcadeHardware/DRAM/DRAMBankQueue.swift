/// A read or write queue grouped by bank, for the FR-FCFS scan.
///
/// Why grouped: every request queued for one bank needs the same next command — the column command
/// if its row is the open one (a hit), otherwise PRE (bank open) or ACT (bank closed) — so all of
/// them become legal at the same cycle. The scheduler therefore checks each bank's two classes
/// (hits, others) once instead of each request (~16 bank checks instead of ~32 request checks), and
/// needs per class only the count (to know whether a second request is ready) and the oldest request
/// (the FR-FCFS choice). Those summaries are kept up to date here whenever a bank's list or its open
/// row changes (`summarize`).
///
/// Storage: fixed slots (no allocation after `init`) and, per bank, a singly linked FIFO of slots.
/// Requests arrive in trace order, so each bank's FIFO is in `sequence` order and its first hit /
/// first other request is the oldest of its class.
struct DRAMBankQueue: ~Copyable, Sendable {
    let capacity: Int
    private(set) var count = 0
    /// The tables (`DRAMTable`, owned: the queue is non-copyable).
    var slots: DRAMTable<DRAMQueueEntry>
    /// Next slot in the same bank's FIFO, or in the free list; -1 ends a list.
    private var next: DRAMTable<Int32>
    private var freeHead: Int32
    private(set) var head: DRAMTable<Int32>
    private var tail: DRAMTable<Int32>
    /// Per bank: hit and other counts and oldest keys, one struct so the scan loads one line per bank.
    private(set) var summary: DRAMTable<DRAMBankSummary>
    /// Bit b of word b/64: bank b has queued requests / queued row hits / queued other requests.
    /// The FR-FCFS scan walks the hit and other masks class by class (see `scanQueue`).
    private(set) var occupied: DRAMTable<UInt64>
    private(set) var hitBanks: DRAMTable<UInt64>
    private(set) var otherBanks: DRAMTable<UInt64>

    init(capacity: Int, banks: Int) {
        self.capacity = capacity
        let empty = DRAMQueueEntry(bank: 0, row: 0, sequence: 0, isWrite: false, classified: false, enterCycle: 0)
        slots = DRAMTable(repeating: empty, count: capacity)
        next = DRAMTable((0..<capacity).map { Int32($0 + 1 < capacity ? $0 + 1 : -1) })
        freeHead = capacity > 0 ? 0 : -1
        head = DRAMTable(repeating: -1, count: banks)
        tail = DRAMTable(repeating: -1, count: banks)
        summary = DRAMTable(repeating: DRAMBankSummary(), count: banks)
        occupied = DRAMTable(repeating: 0, count: (banks + 63) / 64)
        hitBanks = DRAMTable(repeating: 0, count: (banks + 63) / 64)
        otherBanks = DRAMTable(repeating: 0, count: (banks + 63) / 64)
    }

    @inline(__always)
    private mutating func setClassBits(bank: Int) {
        let bit: UInt64 = 1 << UInt64(bank & 63)
        let word = bank >> 6
        hitBanks[word] = summary[bank].hitCount > 0 ? hitBanks[word] | bit : hitBanks[word] & ~bit
        otherBanks[word] = summary[bank].otherCount > 0 ? otherBanks[word] | bit : otherBanks[word] & ~bit
    }

    var isEmpty: Bool { count == 0 }

    /// Whether `bank` has queued requests.
    @inline(__always)
    func holds(bank: Int) -> Bool { Self.holds(bank: bank, in: occupied) }

    /// Whether `occupied` (a queue's mask) holds `bank`.
    @inline(__always)
    static func holds(bank: Int, in occupied: borrowing DRAMTable<UInt64>) -> Bool {
        occupied[bank >> 6] & (1 << UInt64(bank & 63)) != 0
    }
    var isFull: Bool { count >= capacity }

    /// Appends `entry` at its bank's tail; `openRow` is that bank's open row (-1: closed).
    mutating func append(_ entry: DRAMQueueEntry, openRow: Int32) {
        precondition(!isFull, "append to a full bank queue")
        let slot = freeHead
        freeHead = next[Int(slot)]
        slots[Int(slot)] = entry
        next[Int(slot)] = -1
        let bank = Int(entry.bank)
        if tail[bank] >= 0 { next[Int(tail[bank])] = slot } else { head[bank] = slot }
        tail[bank] = slot
        occupied[bank >> 6] |= 1 << UInt64(bank & 63)
        count += 1
        if entry.row == openRow {
            if summary[bank].hitCount == 0 { summary[bank].hitKey = Self.key(entry.sequence, slot) }
            summary[bank].hitCount += 1
        } else {
            if summary[bank].otherCount == 0 { summary[bank].otherKey = Self.key(entry.sequence, slot) }
            summary[bank].otherCount += 1
        }
        setClassBits(bank: bank)
    }

    /// Removes the request in `slot`; `openRow` is its bank's open row.
    mutating func remove(slot: Int, openRow: Int32) {
        let bank = Int(slots[slot].bank)
        var previous: Int32 = -1
        var cursor = head[bank]
        while cursor != Int32(slot) {
            previous = cursor
            cursor = next[Int(cursor)]
        }
        let following = next[slot]
        if previous >= 0 { next[Int(previous)] = following } else { head[bank] = following }
        if tail[bank] == Int32(slot) { tail[bank] = previous }
        next[slot] = freeHead
        freeHead = Int32(slot)
        count -= 1
        if head[bank] < 0 { occupied[bank >> 6] &= ~(1 << UInt64(bank & 63)) }
        // Update the summary instead of re-walking the list (a stream queues ~32 requests in one
        // bank): only the removed request's class changes, and if it was that class's oldest, the
        // next oldest of the class follows it in the FIFO.
        let entry = slots[slot]
        let key = Self.key(entry.sequence, Int32(slot))
        let isHit = entry.row == openRow
        var after = following
        if isHit {
            summary[bank].hitCount -= 1
            setClassBits(bank: bank)
            guard summary[bank].hitKey == key else { return }
            while after >= 0 && slots[Int(after)].row != openRow { after = next[Int(after)] }
            summary[bank].hitKey = after >= 0 ? Self.key(slots[Int(after)].sequence, after) : Int64.max
        } else {
            summary[bank].otherCount -= 1
            setClassBits(bank: bank)
            guard summary[bank].otherKey == key else { return }
            while after >= 0 && slots[Int(after)].row == openRow { after = next[Int(after)] }
            summary[bank].otherKey = after >= 0 ? Self.key(slots[Int(after)].sequence, after) : Int64.max
        }
    }

    /// Recomputes `bank`'s hit/other counts and oldest requests for open row `openRow`.
    mutating func summarize(bank: Int, openRow: Int32) {
        if openRow < 0 {
            // Closed (PRE): nothing hits, and the oldest request is the FIFO's head — no walk.
            let queued = summary[bank].hitCount + summary[bank].otherCount
            let first = head[bank]
            summary[bank] = DRAMBankSummary(hitCount: 0, otherCount: queued, hitKey: Int64.max,
                                            otherKey: first >= 0 ? Self.key(slots[Int(first)].sequence, first) : Int64.max)
            setClassBits(bank: bank)
            return
        }
        // Branch-free (`DRAMBranchFree`): which queued requests hit the new row is random. Keys grow
        // along the FIFO (trace order), so the oldest of a class is its smallest key.
        var hits: Int64 = 0, queued: Int64 = 0
        var oldestHit = Int64.max, oldestOther = Int64.max
        var cursor = head[bank]
        while cursor >= 0 {
            let entry = slots[Int(cursor)]
            let key = Self.key(entry.sequence, cursor)
            let hit = DRAMBranchFree.mask(entry.row == openRow)
            hits &+= hit & 1
            queued &+= 1
            oldestHit = DRAMBranchFree.minimum(oldestHit, DRAMBranchFree.orNone(key, ~hit))
            oldestOther = DRAMBranchFree.minimum(oldestOther, DRAMBranchFree.orNone(key, hit))
            cursor = next[Int(cursor)]
        }
        summary[bank] = DRAMBankSummary(hitCount: Int32(truncatingIfNeeded: hits), otherCount: Int32(truncatingIfNeeded: queued &- hits),
                                        hitKey: oldestHit, otherKey: oldestOther)
        setClassBits(bank: bank)
    }

    @inline(__always)
    static func key(_ sequence: Int32, _ slot: Int32) -> Int64 { Int64(sequence) << 32 | Int64(slot) }

    /// The slot a key names.
    @inline(__always)
    static func slot(ofKey key: Int64) -> Int { Int(UInt32(truncatingIfNeeded: key)) }

    /// The slots of `bank`, oldest first (tests and the reference scan).
    func slots(ofBank bank: Int) -> [Int] {
        var result: [Int] = []
        var cursor = head[bank]
        while cursor >= 0 {
            result.append(Int(cursor))
            cursor = next[Int(cursor)]
        }
        return result
    }

    /// The slots in use, bank by bank (tests and the reference scan; allocates).
    var allSlots: [Int] { head.indices.flatMap { slots(ofBank: $0) } }
}

/// One bank's queued requests, as the scan needs them: how many are row hits / other requests, and
/// the key of the oldest of each: `sequence << 32 | slot` (`Int64.max`: none), so a `min` over banks
/// yields the oldest request and its slot.
struct DRAMBankSummary: Sendable {
    var hitCount: Int32 = 0
    var otherCount: Int32 = 0
    var hitKey = Int64.max
    var otherKey = Int64.max
}
