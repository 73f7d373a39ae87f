/// One request waiting in a controller queue. 24 bytes, a value type.
struct DRAMQueueEntry: Sendable {
    /// Bank within the channel (see `DRAMTimingState` for the numbering).
    var bank: Int32
    var row: Int32
    /// Position in the trace: the request's age for FCFS/FR-FCFS and its slot in the latency arrays.
    var sequence: Int32
    var isWrite: Bool
    /// Whether it has been counted as row hit, miss or conflict (at its first command).
    var classified: Bool
    /// Cycle it entered the queue.
    var enterCycle: Int64
}

/// A fixed-capacity, unordered request buffer: order is by `sequence`, so removal swaps in the last
/// entry (O(1)). Storage is a `DRAMTable` (shared by copies), allocated once.
struct DRAMRequestBuffer: ~Copyable, Sendable {
    let capacity: Int
    private var entries: DRAMTable<DRAMQueueEntry>
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        entries = DRAMTable(repeating: DRAMQueueEntry(bank: 0, row: 0, sequence: 0, isWrite: false, classified: false,
                                                      enterCycle: 0), count: capacity)
    }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count >= capacity }

    subscript(index: Int) -> DRAMQueueEntry {
        get {
            assert(index < count, "request buffer index \(index) beyond \(count)")
            return entries[index]
        }
        set { entries[index] = newValue }
    }

    mutating func append(_ entry: DRAMQueueEntry) {
        precondition(!isFull, "append to a full request buffer")
        entries[count] = entry
        count += 1
    }

    mutating func remove(at index: Int) {
        count -= 1
        if index != count { entries[index] = entries[count] }
    }
}
