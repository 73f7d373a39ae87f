import ArcadeKernel

/// The systolic array as a component over a memory port: runs a network's layers fold by fold,
/// fetching each fold's operands through the port before it may start and writing its outputs
/// after it ends, and stalls when data is late.
///
/// Double buffering, as the SRAMs are organised: while fold g computes, the reads of fold g+1 are
/// in flight (issued when fold g starts); fold g+1 starts when fold g has ended and all its reads
/// have returned, and — the ofmap SRAM's two halves — when the writes of fold g−1 have all
/// completed. Layers run one after another, as SCALE-Sim runs them: a layer ends when its last
/// fold has ended and its last write has completed, and only then are the first reads of the next
/// layer issued (so a layer's own traffic is inside its own cycles, and per-layer stalls compare
/// with the layer-paced bound). Transactions go out in order through one outbox; a refused one
/// waits for the target's `.retry`.
///
/// With a memory that answers at once, no fold ever waits and every layer takes exactly
/// folds × cycles per fold (`SystolicComponentTests`).
final class SystolicArrayComponent: Component {
    let name = "array"
    var id: Int32 = -1
    let clock: ClockDomain
    let layers: [SystolicFoldTraffic]
    let lineBytes: UInt32
    let streams: (ifmap: UInt64, filter: UInt64, ofmap: UInt64)
    let capacityBytes: UInt64
    var port: MemoryPort!

    // Global fold index over all layers, and where each layer's folds start.
    let layerStart: [Int]
    let totalFolds: Int
    /// Reads of each fold not yet returned; writes of each fold not yet completed.
    var readsLeft: [Int32]
    let ifmapLines: [Int32]
    var writesLeft: [Int32]
    var readsIssued = -1          // the last fold whose reads went to the outbox
    var running = -1              // the fold computing (or last computed)
    var runningEnds: Picoseconds = 0
    var computing = false
    /// The time each layer ended (its last fold ended and its last write completed).
    var layerEnd: [Picoseconds]
    /// The edge each layer's first fold started on, and the time its last fold ended: before the
    /// first is the layer's initial fetch, after the second the drain of its last writes.
    var firstFoldStart: [Picoseconds]
    var lastFoldEnd: [Picoseconds]
    /// Writes of each layer not yet completed, and the layer whose folds are running.
    var layerWritesLeft: [Int]
    var currentLayer = 0
    var lastFoldEnded = false

    // The outbox: transactions in issue order (fold, kind) not yet accepted.
    /// Stream 0 ifmap read, 1 filter read, 2 ofmap write.
    var outbox: [(fold: Int32, stream: UInt8)] = []
    var outboxHead = 0
    var waitingForRetry = false
    var nextID: UInt64 = 0
    /// The next line address of each stream: ifmap, filter, ofmap (each in its own region).
    var addresses: [UInt64] = []
    /// Transaction id → fold, for responses (ids are dense from 0).
    var foldOfTransaction: [Int32] = []
    var kindOfTransaction: [Bool] = []

    init(layers: [SystolicFoldTraffic], config: SystolicArrayConfig, lineBytes: Int, capacityBytes: UInt64) {
        clock = config.clock
        self.layers = layers
        self.lineBytes = UInt32(lineBytes)
        let word = UInt64(config.wordBytes)
        streams = (UInt64(config.ifmapOffset) * word, UInt64(config.filterOffset) * word, UInt64(config.ofmapOffset) * word)
        self.capacityBytes = capacityBytes
        var starts: [Int] = []
        var total = 0
        for layer in layers { starts.append(total); total += layer.folds }
        layerStart = starts
        totalFolds = total
        readsLeft = zip(layers.flatMap(\.ifmapLines), layers.flatMap(\.filterLines)).map { $0 + $1 }
        ifmapLines = layers.flatMap(\.ifmapLines)
        writesLeft = layers.flatMap(\.writeLines)
        layerEnd = Array(repeating: 0, count: layers.count)
        firstFoldStart = layerEnd
        lastFoldEnd = layerEnd
        layerWritesLeft = layers.map { $0.writeLines.reduce(0) { $0 + Int($1) } }
        addresses = [streams.ifmap, streams.filter, streams.ofmap]
    }

    var isFinished: Bool { currentLayer == layers.count }
    var status: String {
        if waitingForRetry { return "waiting to send (memory refused a request)" }
        if computing { return "computing fold \(running + 1) of \(totalFolds)" }
        return "waiting for memory before fold \(running + 2) of \(totalFolds)"
    }

    func layer(ofFold fold: Int) -> Int {
        var (low, high) = (0, layerStart.count - 1)
        while low < high {
            let mid = (low + high + 1) / 2
            if layerStart[mid] <= fold { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func writesDone(_ fold: Int) -> Bool { fold < 0 || writesLeft[fold] == 0 }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        switch event.kind {
        case .response:
            let id = Int(event.payload)
            let fold = Int(foldOfTransaction[id])
            if kindOfTransaction[id] {
                writesLeft[fold] -= 1
                layerWritesLeft[layer(ofFold: fold)] -= 1
            } else {
                readsLeft[fold] -= 1
            }
        case .retry:
            waitingForRetry = false
        case .wake:
            if computing && now >= runningEnds { finishFold(at: now) }
        }
        if running < 0 && readsIssued < 0 { issueReads(of: 0) }
        // The layer barrier: the running layer is done once its last fold ended and its writes are in.
        while currentLayer < layers.count && lastFoldEnded && layerWritesLeft[currentLayer] == 0 {
            layerEnd[currentLayer] = now
            currentLayer += 1
            lastFoldEnded = false
            if currentLayer < layers.count { issueReads(of: layerStart[currentLayer]) }
        }
        drainOutbox(at: now, scheduler: &scheduler)
        tryStartNextFold(at: now, scheduler: &scheduler)
        drainOutbox(at: now, scheduler: &scheduler)
    }

    func finishFold(at now: Picoseconds) {
        computing = false
        let fold = running
        let layer = self.layer(ofFold: fold)
        if fold == layerStart[layer] + layers[layer].folds - 1 {
            lastFoldEnded = true
            lastFoldEnd[layer] = now
        }
        for _ in 0..<writesLeft[fold] { outbox.append((Int32(fold), 2)) }
    }

    func tryStartNextFold(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        let next = running + 1
        guard !computing, next < totalFolds, readsIssued >= next, readsLeft[next] == 0, writesDone(next - 2) else { return }
        running = next
        computing = true
        let layer = self.layer(ofFold: next)
        // Data that arrives between two edges of the array clock is used from the next edge.
        let start = clock.nextEdge(atOrAfter: now)
        if next == layerStart[layer] { firstFoldStart[layer] = start }
        runningEnds = start + clock.duration(ofCycles: UInt64(layers[layer].cyclesPerFold))
        wake(at: runningEnds, scheduler: &scheduler)
        if next + 1 < layerStart[layer] + layers[layer].folds { issueReads(of: next + 1) }
    }

    func issueReads(of fold: Int) {
        readsIssued = fold
        let ifmap = Int(ifmapLines[fold])
        for line in 0..<Int(readsLeft[fold]) { outbox.append((Int32(fold), line < ifmap ? 0 : 1)) }
    }

    func drainOutbox(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard !waitingForRetry else { return }
        while outboxHead < outbox.count {
            let (fold, stream) = outbox[outboxHead]
            let isWrite = stream == 2
            let address = addresses[Int(stream)] % capacityBytes
            let transaction = MemoryTransaction(id: nextID, address: address - address % UInt64(lineBytes),
                                                bytes: lineBytes, isWrite: isWrite)
            guard port.send(transaction, at: now, scheduler: &scheduler) else {
                waitingForRetry = true
                return
            }
            addresses[Int(stream)] &+= UInt64(lineBytes)
            foldOfTransaction.append(fold)
            kindOfTransaction.append(isWrite)
            nextID += 1
            outboxHead += 1
        }
        // The outbox is consumed from the front; drop what was sent once in a while.
        if outboxHead > 4096 && outboxHead == outbox.count { outbox.removeAll(keepingCapacity: true); outboxHead = 0 }
    }
}
