/// One measurement of channel throughput.
public struct ChannelBenchmarkResult: Hashable, Sendable, Codable {
    public var components: Int
    public var depth: Int
    /// Elements moved through a channel (sent and received), summed over the chain's channels.
    public var transfers: UInt64
    public var events: UInt64
    public var seconds: Double
    public var transfersPerSecond: Double
    /// Simulated end time, a cross-check that two builds did the same work.
    public var endTime: Picoseconds
}

/// The channel benchmark: a chain of `components` components (a source, forwarding stages, a
/// sink) joined by `components − 1` bounded channels of `depth` elements with one-cycle send and
/// response latency. The source offers one element per cycle; each stage forwards what it
/// receives; the chain runs at one element per cycle once full, and every transfer costs the
/// receiver's wake and the sender's credit bookkeeping. Measures the component layer, not a model.
public enum ChannelBenchmark {
    final class Stage: Component {
        let name: String
        var id: Int32 = -1
        var input: BoundedChannel<UInt64>?
        var output: BoundedChannel<UInt64>?
        var held: UInt64? = nil
        var remaining: UInt64          // source: elements left to emit; sink: elements left to take
        let period: Picoseconds
        var nextEmit: Picoseconds = 0
        init(name: String, elements: UInt64, period: Picoseconds) {
            self.name = name; remaining = elements; self.period = period
        }
        var isFinished: Bool { input == nil || output == nil ? remaining == 0 : held == nil }
        var status: String { "holding \(held == nil ? 0 : 1), \(remaining) left" }

        func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
            guard let input else {       // the source: one element per cycle while the channel takes it
                guard remaining > 0, now >= nextEmit, let output else { return }
                if output.trySend(remaining, at: now, scheduler: &scheduler) {
                    remaining -= 1
                    nextEmit = now + period
                    if remaining > 0 { wake(at: nextEmit, scheduler: &scheduler) }
                }
                return
            }
            guard let output else {      // the sink
                while remaining > 0, input.tryReceive(at: now, scheduler: &scheduler) != nil { remaining -= 1 }
                return
            }
            while true {
                if let value = held {
                    guard output.trySend(value, at: now, scheduler: &scheduler) else { return }
                    held = nil
                }
                guard let value = input.tryReceive(at: now, scheduler: &scheduler) else { return }
                held = value
            }
        }
    }

    /// A stage of the ring: sends `depth + 1` elements before it receives any. In a ring of these
    /// every channel fills and every stage waits to send: a deadlock by construction.
    final class GreedyStage: Component {
        let name: String
        var id: Int32 = -1
        var input: BoundedChannel<UInt64>!
        var output: BoundedChannel<UInt64>!
        var toSend: Int
        var toReceive: Int
        init(name: String, depth: Int) { self.name = name; toSend = depth + 1; toReceive = depth + 1 }
        var isFinished: Bool { toSend == 0 && toReceive == 0 }
        var status: String { toSend > 0 ? "waiting to send on \(output.name)" : "waiting to receive on \(input.name)" }
        func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
            while toSend > 0, output.trySend(UInt64(toSend), at: now, scheduler: &scheduler) { toSend -= 1 }
            guard toSend == 0 else { return }
            while toReceive > 0, input.tryReceive(at: now, scheduler: &scheduler) != nil { toReceive -= 1 }
        }
    }

    /// `components` greedy stages in a ring: returns the deadlock report the chip produces.
    public static func ringDeadlock(components: Int, depth: Int) -> DeadlockReport? {
        let clock = ClockDomain(periodPicoseconds: 1_000)
        let chip = Chip()
        let stages = (0..<components).map { chip.add(GreedyStage(name: "stage\($0)", depth: depth)) }
        for index in 0..<components {
            let channel = BoundedChannel<UInt64>(name: "q\(index)", capacity: depth, sendLatency: 1_000,
                                                 responseLatency: 1_000, clock: clock)
            let next = (index + 1) % components
            stages[index].output = channel
            stages[next].input = channel
            chip.connect(channel, from: stages[index], to: stages[next])
        }
        for stage in stages { chip.start(stage) }
        return chip.run().deadlock
    }

    public static func run(components: Int = 10, depth: Int = 4, elements: UInt64) -> ChannelBenchmarkResult {
        precondition(components >= 2 && depth >= 1 && elements >= 1)
        let clock = ClockDomain(periodPicoseconds: 1_000)
        let chip = Chip()
        let stages = (0..<components).map { chip.add(Stage(name: "stage\($0)", elements: elements, period: 1_000)) }
        for index in 0..<(components - 1) {
            let channel = BoundedChannel<UInt64>(name: "q\(index)", capacity: depth, sendLatency: 1_000,
                                                 responseLatency: 1_000, clock: clock)
            stages[index].output = channel
            stages[index + 1].input = channel
            chip.connect(channel, from: stages[index], to: stages[index + 1])
        }
        for stage in stages { chip.start(stage) }
        let clockStart = ContinuousClock.now
        let outcome = chip.run()
        let elapsed = ContinuousClock.now - clockStart
        precondition(outcome.deadlock == nil, "channel benchmark deadlocked: \(outcome.deadlock!)")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let transfers = outcome.channels.reduce(0) { $0 + $1.elementsSent }
        return ChannelBenchmarkResult(components: components, depth: depth, transfers: transfers, events: outcome.events,
                                      seconds: seconds, transfersPerSecond: Double(transfers) / seconds,
                                      endTime: outcome.endTime)
    }
}
