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
/// entry (O(1)). Storage is reserved once; appends within capacity never allocate.
struct DRAMRequestBuffer: Sendable {
    let capacity: Int
    private(set) var entries: [DRAMQueueEntry]

    init(capacity: Int) {
        self.capacity = capacity
        entries = []
        entries.reserveCapacity(capacity)
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    var isFull: Bool { entries.count >= capacity }

    subscript(index: Int) -> DRAMQueueEntry {
        get { entries[index] }
        set { entries[index] = newValue }
    }

    mutating func append(_ entry: DRAMQueueEntry) {
        assert(!isFull, "append to a full request buffer")
        entries.append(entry)
    }

    mutating func remove(at index: Int) {
        let last = entries.count - 1
        if index != last { entries[index] = entries[last] }
        entries.removeLast()
    }
}
