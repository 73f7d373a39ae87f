import Testing
import ArcadeKernel

/// Sends `total` integers, trying one per `period`; waits when the channel is full.
final class TestProducer: Component {
    let name: String
    var id: Int32 = -1
    let channel: BoundedChannel<Int>
    let total: Int
    let period: Picoseconds
    var sent = 0
    init(name: String, channel: BoundedChannel<Int>, total: Int, period: Picoseconds) {
        self.name = name; self.channel = channel; self.total = total; self.period = period
    }
    var nextTry: Picoseconds = 0
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard sent < total, now >= nextTry else { return }
        if channel.trySend(sent, at: now, scheduler: &scheduler) {
            sent += 1
            nextTry = now + period
            if sent < total { wake(at: nextTry, scheduler: &scheduler) }
        }
    }
    var isFinished: Bool { sent == total }
    var status: String { "sent \(sent) of \(total) on \(channel.name)" }
}

/// Receives `total` integers, busy `service` ps after each.
final class TestConsumer: Component {
    let name: String
    var id: Int32 = -1
    let channel: BoundedChannel<Int>
    let total: Int
    let service: Picoseconds
    var received: [(value: Int, time: Picoseconds)] = []
    var busyUntil: Picoseconds = 0
    init(name: String, channel: BoundedChannel<Int>, total: Int, service: Picoseconds) {
        self.name = name; self.channel = channel; self.total = total; self.service = service
    }
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        guard received.count < total, now >= busyUntil else { return }
        if let value = channel.tryReceive(at: now, scheduler: &scheduler) {
            received.append((value, now))
            busyUntil = now + service
            if received.count < total { wake(at: busyUntil, scheduler: &scheduler) }
        }
    }
    var isFinished: Bool { received.count == total }
    var status: String { "received \(received.count) of \(total) from \(channel.name)" }
}

/// Sends `count` elements on `out`, then receives `count` from `in`: two of these joined by depth-1
/// channels in both directions each wait for the other forever.
final class Greedy: Component {
    let name: String
    var id: Int32 = -1
    var output: BoundedChannel<Int>!
    var input: BoundedChannel<Int>!
    let count: Int
    var sent = 0, received = 0
    init(name: String, count: Int) { self.name = name; self.count = count }
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        while sent < count, output.trySend(sent, at: now, scheduler: &scheduler) { sent += 1 }
        guard sent == count else { return }
        while received < count, input.tryReceive(at: now, scheduler: &scheduler) != nil { received += 1 }
    }
    var isFinished: Bool { received == count }
    var status: String { sent < count ? "waiting to send on \(output.name)" : "waiting to receive on \(input.name)" }
}

@Suite("Chip: components on bounded channels")
struct ChipTests {
    let clock = ClockDomain(periodPicoseconds: 1_000)

    /// Worked by hand in the comments: capacity 2, send and response latency 1 cycle, a producer
    /// that offers one element per cycle and a consumer busy 3 cycles per element.
    @Test func backPressureFollowsDAMSemantics() {
        let chip = Chip()
        let queue = BoundedChannel<Int>(name: "q", capacity: 2, sendLatency: 1_000, responseLatency: 1_000, clock: clock)
        let producer = chip.add(TestProducer(name: "producer", channel: queue, total: 4, period: 1_000))
        let consumer = chip.add(TestConsumer(name: "consumer", channel: queue, total: 4, service: 3_000))
        chip.connect(queue, from: producer, to: consumer)
        chip.start(producer)
        chip.start(consumer)
        let outcome = chip.run()
        #expect(outcome.deadlock == nil)
        // e0 sent at 0 is visible at 1000; e1 at 1000, e2 at 2000 (e0's credit returned at 2000);
        // at 3000 the channel is full (e1, e2) until e1's dequeue at 4000 + 1000: e3 goes at 5000.
        #expect(consumer.received.map(\.time) == [1_000, 4_000, 7_000, 10_000])
        #expect(consumer.received.map(\.value) == [0, 1, 2, 3])
        #expect(outcome.endTime == 10_000)
        let stats = outcome.channels[0]
        #expect(stats.peakOccupancy == 2)
        #expect(stats.senderBlockedCycles == 2)           // 3000 → 5000
        #expect(stats.receiverStarvedCycles == 1)         // 0 → 1000
        // Occupancy: 1 on [0,2000), 2 on [2000,4000), 1 on [4000,5000), 2 on [5000,7000), 1 to 10000.
        #expect(abs(stats.meanOccupancy - 1.4) < 1e-12)
        #expect(stats.elementsSent == 4)
    }

    /// With no latency and a fast consumer, nothing ever blocks.
    @Test func fastConsumerNeverBlocksTheSender() {
        let chip = Chip()
        let queue = BoundedChannel<Int>(name: "q", capacity: 1, clock: clock)
        let producer = chip.add(TestProducer(name: "p", channel: queue, total: 100, period: 1_000))
        let consumer = chip.add(TestConsumer(name: "c", channel: queue, total: 100, service: 500))
        chip.connect(queue, from: producer, to: consumer)
        chip.start(producer); chip.start(consumer)
        let outcome = chip.run()
        #expect(outcome.deadlock == nil)
        #expect(consumer.received.map(\.time) == (0..<100).map { Picoseconds($0) * 1_000 })
        #expect(outcome.channels[0].senderBlockedCycles == 0)
    }

    @Test func deadlockIsReportedByName() {
        let chip = Chip()
        let a = chip.add(Greedy(name: "a", count: 2)), b = chip.add(Greedy(name: "b", count: 2))
        let ab = BoundedChannel<Int>(name: "a_to_b", capacity: 1, sendLatency: 1_000, clock: clock)
        let ba = BoundedChannel<Int>(name: "b_to_a", capacity: 1, sendLatency: 1_000, clock: clock)
        a.output = ab; a.input = ba; b.output = ba; b.input = ab
        chip.connect(ab, from: a, to: b)
        chip.connect(ba, from: b, to: a)
        chip.start(a); chip.start(b)
        let outcome = chip.run()
        let deadlock = try! #require(outcome.deadlock)
        #expect(deadlock.blockedComponents.map(\.name) == ["a", "b"])
        #expect(deadlock.blockedComponents[0].status == "waiting to send on a_to_b")
        #expect(deadlock.fullChannels.map(\.name) == ["a_to_b", "b_to_a"])
        #expect(deadlock.fullChannels[0].sender == "a" && deadlock.fullChannels[0].receiver == "b")
        #expect(deadlock.emptyChannels.isEmpty)
        #expect(deadlock.description.contains("blocked a (waiting to send on a_to_b)"))
    }

    /// A consumer that waits for more than is ever sent: the empty channel is named.
    @Test func starvedReceiverIsReported() {
        let chip = Chip()
        let queue = BoundedChannel<Int>(name: "q", capacity: 4, clock: clock)
        let producer = chip.add(TestProducer(name: "p", channel: queue, total: 3, period: 1_000))
        let consumer = chip.add(TestConsumer(name: "c", channel: queue, total: 5, service: 0))
        chip.connect(queue, from: producer, to: consumer)
        chip.start(producer); chip.start(consumer)
        let deadlock = try! #require(chip.run().deadlock)
        #expect(deadlock.blockedComponents.map(\.name) == ["c"])
        #expect(deadlock.emptyChannels.map(\.name) == ["q"])
    }

    @Test func sameRunTwiceIsIdentical() {
        func once() -> [Picoseconds] {
            let chip = Chip()
            let queue = BoundedChannel<Int>(name: "q", capacity: 3, sendLatency: 700, responseLatency: 300, clock: clock)
            let producer = chip.add(TestProducer(name: "p", channel: queue, total: 50, period: 400))
            let consumer = chip.add(TestConsumer(name: "c", channel: queue, total: 50, service: 1_300))
            chip.connect(queue, from: producer, to: consumer)
            chip.start(producer); chip.start(consumer)
            _ = chip.run()
            return consumer.received.map(\.time)
        }
        #expect(once() == once())
    }
}

@Suite("Channel benchmark model")
struct ChannelBenchmarkTests {
    /// 10 components, 9 channels, one element per cycle: every element crosses every channel, and
    /// the last of 1000 reaches the sink after 999 cycles of emission plus 9 one-cycle hops.
    @Test func chainMovesEveryElementThroughEveryChannel() {
        let result = ChannelBenchmark.run(components: 10, depth: 4, elements: 1_000)
        #expect(result.transfers == 9 * 1_000)
        #expect(result.endTime == (999 + 9) * 1_000)
    }
}
