import ArcadeKernel

/// One stream of a memory unit: firing f moves `bytes[f % bytes.count]` bytes (none: no
/// transaction) at consecutive addresses of `channel`.
struct MemoryStream: Sendable, Equatable {
    var channel: Int
    var bytes: [Int]

    init(channel: Int, bytes: Int) {
        self.channel = channel
        self.bytes = [bytes]
    }

    init(channel: Int, pattern: [Int]) {
        precondition(!pattern.isEmpty)
        self.channel = channel
        bytes = pattern
    }

    @inline(__always) func bytes(firing: Int) -> Int { bytes.count == 1 ? bytes[0] : bytes[firing % bytes.count] }
    /// Bytes of all `firings` firings.
    func total(firings: Int) -> Int {
        guard bytes.count > 1 else { return bytes[0] * firings }
        let cycle = bytes.reduce(0, +)
        return cycle * (firings / bytes.count) + bytes.prefix(firings % bytes.count).reduce(0, +)
    }
}

extension [MemoryStream] {
    /// Offers firing `firing`'s transactions (one per stream that moves bytes on it) at `now`, at
    /// consecutive addresses from `offset`, which advances by the bytes sent; returns how many.
    func offer(firing: Int, isWrite: Bool, offset: inout UInt64, port: MemoryPort, at now: Picoseconds,
               scheduler: inout Scheduler<ComponentEvent>) -> Int {
        var sent = 0
        for (index, stream) in enumerated() {
            let bytes = stream.bytes(firing: firing)
            guard bytes > 0 else { continue }
            let transaction = MemoryTransaction(
                id: UInt64(firing * count + index),
                address: ChannelBandwidthMemory.address(channel: stream.channel, offset: offset),
                bytes: UInt32(bytes), isWrite: isWrite)
            _ = port.send(transaction, at: now, scheduler: &scheduler)
            offset += UInt64(bytes)
            sent += 1
        }
        return sent
    }
}

/// A memory unit's own timer. Every event that reaches a unit waiting for a later time (a memory
/// response, a channel's wake) would otherwise schedule one more wake at that time, and each of
/// those wakes schedules the next wait's wake again: the duplicates never merge, and longformer-4k
/// on swat-u280 ran 6.9M events for 52k PE firings. A wake still pending at or before the asked
/// time re-polls anyway, so it is enough.
struct PendingWake {
    private var at: Picoseconds = .max

    mutating func request(_ time: Picoseconds, now: Picoseconds, target: Int32, scheduler: inout Scheduler<ComponentEvent>) {
        if at > now && at <= time { return }
        at = time
        scheduler.schedule(ComponentEvent(target: target, kind: .wake), at: time)
    }
}

/// A unit that reads each firing's tiles from a memory target (`ChannelBandwidthMemory`: an
/// FPGA's HBM pseudo-channels) and sends one token per firing once all of them have arrived, in
/// firing order. An optional first input is a start token (rate `rowStart` over all firings): the
/// reads begin when it arrives, which is how a phase waits for the one before it. At most
/// `outstanding` firings are requested ahead of the last token sent, so back-pressure from the
/// consumer throttles the reads (an AXI master's outstanding-burst limit).
///
/// The memory side is kernel-time: transactions are offered at the kernel's `now`; the output
/// side is run-ahead like every unit: a token is stamped max(its data's arrival, the unit's
/// clock) + latency.
final class MemoryReadUnit: DataflowUnit {
    let streams: [MemoryStream]
    let outstanding: Int
    var port: MemoryPort!
    var started = false
    var startAt: Picoseconds = 0
    var issued = 0
    var remaining: [Int]
    var arrival: [Picoseconds]
    var sentAt: [Picoseconds]
    private(set) var bytesRead: UInt64 = 0
    private(set) var firstIssue: Picoseconds?
    private var timer = PendingWake()

    init(spec: Spec, streams: [MemoryStream], outstanding: Int, period: Picoseconds) {
        precondition(outstanding >= 1 && !streams.isEmpty)
        self.streams = streams
        self.outstanding = outstanding
        remaining = Array(repeating: 0, count: outstanding)
        arrival = Array(repeating: 0, count: outstanding)
        sentAt = Array(repeating: 0, count: outstanding)
        super.init(spec: spec, width: 0, format: .fp32, period: period)
        started = inputCount == 0
    }

    override func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        if event.kind == .response {
            let slot = Int(event.payload) / streams.count % outstanding
            remaining[slot] -= 1
            if remaining[slot] == 0 { arrival[slot] = now }
        }
        if !started {
            var time = localTime
            guard inputChannels[0].unsafelyUnwrapped._withUnsafeGuaranteedRef({
                $0.receive(receiverTime: &time, scheduler: &scheduler)
            }) != nil else { return }
            localTime = time
            startAt = time
            started = true
        }
        send(scheduler: &scheduler)
        issue(at: now, scheduler: &scheduler)
    }

    /// Sends, in order, every firing whose data has arrived, until the output is full.
    func send(scheduler: inout Scheduler<ComponentEvent>) {
        while fired < issued {
            let slot = fired % outstanding
            guard remaining[slot] == 0 else { return }
            var time = max(localTime, arrival[slot])
            for output in 0..<outputCount {
                let stamp = time + latency
                guard outputChannels[output].unsafelyUnwrapped._withUnsafeGuaranteedRef({
                    $0.send(.empty, readyAt: stamp, senderTime: &time, scheduler: &scheduler)
                }) else { return }
            }
            lastFiring = time
            sentAt[slot] = time
            fired += 1
            localTime = fired < firings ? time + interval : time
        }
    }

    /// Offers the next firings' transactions at `now`, within the outstanding window.
    func issue(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard issued < firings else { return }
        if startAt > now {
            timer.request(startAt, now: now, target: id, scheduler: &scheduler)
            return
        }
        while issued < firings {
            guard issued - fired < outstanding else { return }      // the next send frees a slot and wakes us
            let slot = issued % outstanding
            if issued >= outstanding && sentAt[slot] > now {
                timer.request(sentAt[slot], now: now, target: id, scheduler: &scheduler)
                return
            }
            arrival[slot] = now
            if firstIssue == nil { firstIssue = now }
            remaining[slot] = streams.offer(firing: issued, isWrite: false, offset: &bytesRead, port: port, at: now,
                                            scheduler: &scheduler)
            issued += 1
            if remaining[slot] == 0 { send(scheduler: &scheduler) }
        }
    }

    override var status: String {
        if fired == firings { return "finished" }
        if !started { return "waiting for its start token on \(inputChannel(0).name)" }
        if fired < issued && remaining[fired % outstanding] > 0 { return "waiting for memory data of firing \(fired + 1) of \(firings)" }
        return "waiting to send on \(outputChannel(0).name) (firing \(fired + 1) of \(firings))"
    }
}

/// A unit that takes one token per firing and writes that firing's tiles to memory (posted
/// writes: it goes on at once), and, when it has an output, sends one done token once every
/// write has been answered — the end of a phase, and the start token of the next.
final class MemoryWriteUnit: DataflowUnit {
    let streams: [MemoryStream]
    var port: MemoryPort!
    var holding = false
    var answered = 0
    var writes = 0
    private(set) var lastAnswer: Picoseconds = 0
    private(set) var bytesWritten: UInt64 = 0
    private var timer = PendingWake()

    init(spec: Spec, streams: [MemoryStream], period: Picoseconds) {
        precondition(!streams.isEmpty)
        self.streams = streams
        super.init(spec: spec, width: 0, format: .fp32, period: period)
    }

    override func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        if event.kind == .response {
            answered += 1
            lastAnswer = max(lastAnswer, now)
        }
        while fired < firings {
            var time = localTime
            if !holding {
                guard inputChannels[0].unsafelyUnwrapped._withUnsafeGuaranteedRef({
                    $0.receive(receiverTime: &time, scheduler: &scheduler)
                }) != nil else { return }
                localTime = time
                holding = true
            }
            if time > now {                                          // the memory is kernel-time: write when the data is there
                timer.request(time, now: now, target: id, scheduler: &scheduler)
                return
            }
            writes += streams.offer(firing: fired, isWrite: true, offset: &bytesWritten, port: port, at: now,
                                    scheduler: &scheduler)
            holding = false
            lastFiring = time
            fired += 1
            if fired < firings { localTime = time + interval }
        }
        guard outputCount > 0, answered == writes, !sentDone else { return }
        var time = max(localTime, lastAnswer)
        if outputChannels[0].unsafelyUnwrapped._withUnsafeGuaranteedRef({
            $0.send(.empty, readyAt: time + latency, senderTime: &time, scheduler: &scheduler)
        }) {
            sentDone = true
        }
    }

    var sentDone = false

    /// Finished once every write is answered (and the done token, if any, is sent).
    override var isFinished: Bool { fired == firings && answered == writes && (outputCount == 0 || sentDone) }

    /// When the phase's data is all in memory.
    var completion: Picoseconds { max(lastFiring, lastAnswer) }

    override var status: String {
        if fired < firings { return holding ? "waiting to write firing \(fired + 1) of \(firings)"
                                            : "waiting to receive on \(inputChannel(0).name) (firing \(fired + 1) of \(firings))" }
        if answered < writes { return "waiting for \(writes - answered) write answers" }
        return isFinished ? "finished" : "waiting to send its done token on \(outputChannel(0).name)"
    }
}
