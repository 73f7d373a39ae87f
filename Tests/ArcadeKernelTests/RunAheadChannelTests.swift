import Testing
import ArcadeKernel

/// A run-ahead producer: sends `total` integers one `period` apart on its own clock.
final class RunAheadProducer: Component {
    let name: String
    var id: Int32 = -1
    let channel: BoundedChannel<Int>
    let total: Int
    let period: Picoseconds
    var sent = 0
    var localTime: Picoseconds = 0
    init(name: String, channel: BoundedChannel<Int>, total: Int, period: Picoseconds) {
        self.name = name; self.channel = channel; self.total = total; self.period = period
    }
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        while sent < total, channel.send(sent, readyAt: localTime, senderTime: &localTime, scheduler: &scheduler) {
            sent += 1
            if sent < total { localTime += period }
        }
    }
    var isFinished: Bool { sent == total }
    var status: String { "sent \(sent) of \(total) on \(channel.name)" }
}

/// A run-ahead consumer: busy `service` after each element it takes.
final class RunAheadConsumer: Component {
    let name: String
    var id: Int32 = -1
    let channel: BoundedChannel<Int>
    let total: Int
    let service: Picoseconds
    var received: [(value: Int, time: Picoseconds)] = []
    var localTime: Picoseconds = 0
    init(name: String, channel: BoundedChannel<Int>, total: Int, service: Picoseconds) {
        self.name = name; self.channel = channel; self.total = total; self.service = service
    }
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        while received.count < total, let value = channel.receive(receiverTime: &localTime, scheduler: &scheduler) {
            received.append((value, localTime))
            if received.count < total { localTime += service }
        }
    }
    var isFinished: Bool { received.count == total }
    var status: String { "received \(received.count) of \(total) from \(channel.name)" }
}

@Suite("Bounded channels with run-ahead (DAM-style) endpoints")
struct RunAheadChannelTests {
    let clock = ClockDomain(periodPicoseconds: 1_000)

    /// The schedule of `ChipTests.backPressureFollowsDAMSemantics`, with both endpoints on their own
    /// clocks: the same receive times, blocking, starvation and occupancy, in two events per side.
    @Test func runAheadMatchesTheKernelClock() {
        let chip = Chip()
        let queue = BoundedChannel<Int>(name: "q", capacity: 2, sendLatency: 1_000, responseLatency: 1_000, clock: clock)
        let producer = chip.add(RunAheadProducer(name: "producer", channel: queue, total: 4, period: 1_000))
        let consumer = chip.add(RunAheadConsumer(name: "consumer", channel: queue, total: 4, service: 3_000))
        chip.connect(queue, from: producer, to: consumer)
        chip.start(producer)
        chip.start(consumer)
        let outcome = chip.run()
        #expect(outcome.deadlock == nil)
        #expect(consumer.received.map(\.time) == [1_000, 4_000, 7_000, 10_000])
        #expect(consumer.received.map(\.value) == [0, 1, 2, 3])
        #expect(outcome.endTime == 10_000)
        let stats = outcome.channels[0]
        #expect(stats.peakOccupancy == 2)
        #expect(stats.senderBlockedCycles == 2)
        #expect(stats.receiverStarvedCycles == 1)
        #expect(abs(stats.meanOccupancy - 1.4) < 1e-12)
        #expect(stats.elementsSent == 4)
        #expect(outcome.events < 8)
    }

    /// Order does not matter: starting the consumer first gives the same times.
    @Test func startOrderDoesNotChangeTimes() {
        func run(consumerFirst: Bool) -> [Picoseconds] {
            let chip = Chip()
            let queue = BoundedChannel<Int>(name: "q", capacity: 3, sendLatency: 2_000, responseLatency: 1_000, clock: clock)
            let producer = chip.add(RunAheadProducer(name: "p", channel: queue, total: 50, period: 1_000))
            let consumer = chip.add(RunAheadConsumer(name: "c", channel: queue, total: 50, service: 1_500))
            chip.connect(queue, from: producer, to: consumer)
            if consumerFirst { chip.start(consumer); chip.start(producer) } else { chip.start(producer); chip.start(consumer) }
            #expect(chip.run().deadlock == nil)
            return consumer.received.map(\.time)
        }
        #expect(run(consumerFirst: true) == run(consumerFirst: false))
    }

    /// A run-ahead producer feeding a kernel-clock consumer (`tryReceive`) gives the kernel-clock times.
    @Test func mixedEndpointsAgree() {
        let chip = Chip()
        let queue = BoundedChannel<Int>(name: "q", capacity: 2, sendLatency: 1_000, responseLatency: 1_000, clock: clock)
        let producer = chip.add(RunAheadProducer(name: "producer", channel: queue, total: 4, period: 1_000))
        let consumer = chip.add(TestConsumer(name: "consumer", channel: queue, total: 4, service: 3_000))
        chip.connect(queue, from: producer, to: consumer)
        chip.start(producer)
        chip.start(consumer)
        let outcome = chip.run()
        #expect(outcome.deadlock == nil)
        #expect(consumer.received.map(\.time) == [1_000, 4_000, 7_000, 10_000])
        #expect(outcome.channels[0].senderBlockedCycles == 2)
    }
}

/// Elements never dequeued count in the statistics to the end of the run: peak and mean include them.
@Suite("Channel statistics of elements left queued")
struct QueuedElementStatisticsTests {
    @Test func undequeuedElementsCountToTheEnd() {
        let clock = ClockDomain(periodPicoseconds: 1_000)
        let chip = Chip()
        let queue = BoundedChannel<Int>(name: "q", capacity: 3, sendLatency: 1_000, responseLatency: 1_000, clock: clock)
        let producer = chip.add(RunAheadProducer(name: "p", channel: queue, total: 3, period: 1_000))
        let consumer = chip.add(RunAheadConsumer(name: "c", channel: queue, total: 0, service: 1_000))
        chip.connect(queue, from: producer, to: consumer)
        chip.start(producer)
        let outcome = chip.run()
        #expect(outcome.deadlock == nil)
        #expect(outcome.endTime == 2_000)                       // sends at 0, 1000, 2000
        let stats = outcome.channels[0]
        #expect(stats.peakOccupancy == 3)
        #expect(stats.finalOccupancy == 3)
        #expect(abs(stats.meanOccupancy - 1.5) < 1e-12)       // (2000 + 1000 + 0) / 2000
    }
}
