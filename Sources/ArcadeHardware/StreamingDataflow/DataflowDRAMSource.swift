import ArcadeKernel

/// A source whose rows come from the DRAM component through a memory port (`kind: dram_source`,
/// with the graph's `memory:` a `family: dram` file): each row of the tensor is read as
/// ⌈D·bytes / access⌉ transactions at consecutive addresses (Q, K and V one after another, rows
/// padded to whole accesses), and its token is sent once every transaction of it has responded.
/// Tokens leave in row order whatever order the DRAM scheduler serves them in; at most
/// `outstanding_rows` rows are requested ahead of the last one sent, so a slow consumer throttles
/// the reads too.
///
/// The memory side is kernel-clock (transactions are offered on the DRAM's clock edges, up to
/// `requests_per_cycle` per cycle, and retried after a refusal); the output side is run-ahead like
/// every other unit: a token is stamped max(its data's arrival, the unit's clock) + latency.
final class DRAMSourceUnit: DataflowUnit {
    let sequenceLength: Int
    let passes: Int
    let memoryClock: ClockDomain
    let accessBytes: Int
    let transactionsPerRow: Int
    let rowStrideBytes: UInt64
    let baseAddress: UInt64
    let outstanding: Int
    let requestsPerCycle: Int
    var port: MemoryPort!

    var issuedRows = 0
    var issuedInRow = 0
    var waitingForRetry = false
    /// Per ring slot (row mod outstanding): transactions not yet answered, when the last arrived,
    /// and when the row's token was sent (its slot is free from then on).
    var remaining: [Int]
    var arrival: [Picoseconds]
    var sentAt: [Picoseconds]
    private var timer = PendingWake()
    var transactions = 0

    init(graph: DataflowGraph.Unit, tensor: VectorRows, tensorIndex: Int, sequenceLength: Int, heads: Int,
         memory: DRAMSystemConfig, format: NumberFormat, period: Picoseconds) {
        self.sequenceLength = sequenceLength
        passes = graph.passes
        memoryClock = ClockDomain(periodPicoseconds: Picoseconds(memory.timing.tCKPicoseconds))
        accessBytes = memory.organization.accessBytes
        let rowBytes = tensor.width * format.bytes
        transactionsPerRow = (rowBytes + accessBytes - 1) / accessBytes
        rowStrideBytes = UInt64(transactionsPerRow * accessBytes)
        baseAddress = UInt64(tensorIndex) * UInt64(heads * sequenceLength) * rowStrideBytes
        outstanding = graph.outstandingRows
        requestsPerCycle = graph.requestsPerCycle
        remaining = Array(repeating: 0, count: outstanding)
        arrival = Array(repeating: 0, count: outstanding)
        sentAt = Array(repeating: 0, count: outstanding)
        super.init(spec: Spec(graph), width: tensor.width, format: format, period: period)
        outputRows = tensor
    }

    /// The tensor row of the `index`-th row streamed: each head's N rows, `passes` times.
    func tensorRow(_ index: Int) -> Int {
        let perHead = sequenceLength * passes
        return index / perHead * sequenceLength + index % perHead % sequenceLength
    }

    override func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        switch event.kind {
        case .response:
            let row = Int(event.payload) / transactionsPerRow
            let slot = row % outstanding
            remaining[slot] -= 1
            if remaining[slot] == 0 { arrival[slot] = now }
        case .retry:
            waitingForRetry = false
        case .wake:
            break
        }
        send(scheduler: &scheduler)
        issue(at: now, scheduler: &scheduler)
    }

    /// Sends, in order, every row whose data has arrived, until the output FIFO is full.
    func send(scheduler: inout Scheduler<ComponentEvent>) {
        while fired < issuedRows && fired < firings {
            let slot = fired % outstanding
            guard remaining[slot] == 0 else { return }
            var time = max(localTime, arrival[slot])
            let token = DataflowToken(value: 0, row: Int32(tensorRow(fired)))
            guard outputChannels[0].unsafelyUnwrapped._withUnsafeGuaranteedRef({
                $0.send(token, readyAt: time + latency, senderTime: &time, scheduler: &scheduler)
            }) else { return }
            lastFiring = time
            sentAt[slot] = time
            fired += 1
            localTime = fired < firings ? time + interval : time
        }
    }

    /// Offers the next transactions on this DRAM cycle's edge, within the outstanding-row window.
    func issue(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard !waitingForRetry, issuedRows < firings else { return }
        let edge = memoryClock.nextEdge(atOrAfter: now)
        if edge > now {
            timer.request(edge, now: now, target: id, scheduler: &scheduler)
            return
        }
        var offered = 0
        while issuedRows < firings && offered < requestsPerCycle {
            if issuedInRow == 0 {
                guard issuedRows - fired < outstanding else { return }     // the next send frees a slot
                let slot = issuedRows % outstanding
                if issuedRows >= outstanding && sentAt[slot] > now {
                    timer.request(memoryClock.nextEdge(atOrAfter: sentAt[slot]), now: now, target: id, scheduler: &scheduler)
                    return
                }
                remaining[slot] = transactionsPerRow
            }
            let address = baseAddress + UInt64(tensorRow(issuedRows)) * rowStrideBytes + UInt64(issuedInRow * accessBytes)
            let transaction = MemoryTransaction(id: UInt64(issuedRows * transactionsPerRow + issuedInRow), address: address,
                                                bytes: UInt32(accessBytes), isWrite: false)
            guard port.send(transaction, at: now, scheduler: &scheduler) else {
                waitingForRetry = true
                return
            }
            transactions += 1
            offered += 1
            issuedInRow += 1
            if issuedInRow == transactionsPerRow {
                issuedInRow = 0
                issuedRows += 1
            }
        }
        if issuedRows < firings { timer.request(memoryClock.nextEdge(after: now), now: now, target: id, scheduler: &scheduler) }
    }

    override var status: String {
        if fired == firings { return "finished" }
        if waitingForRetry { return "waiting for the DRAM to accept row \(issuedRows + 1) of \(firings)" }
        if fired < issuedRows && remaining[fired % outstanding] > 0 { return "waiting for DRAM data of row \(fired + 1) of \(firings)" }
        return "waiting to send on \(outputChannel(0).name) (row \(fired + 1) of \(firings))"
    }
}
