import Testing
import ArcadeKernel

/// A small random model: each event records itself and spawns 1–2 successors after seeded
/// random delays, some of them zero (ties) and some far (overflow).
struct Branching: EventHandler {
    enum Event: Equatable { case job(id: UInt64, depth: Int) }
    var random: SplitMix64
    var trace: [String] = []
    var nextID: UInt64 = 1

    mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>) {
        switch event {
        case .job(let id, let depth):
            trace.append("\(now):\(id)")
            guard depth < 12 else { return }
            for _ in 0...random.next(below: 2) {
                let delay = random.next(below: 10) == 0 ? 2_000_000 : random.next(below: 4) * 250
                scheduler.schedule(.job(id: nextID, depth: depth + 1), after: delay)
                nextID += 1
            }
        }
    }
}

func runBranching(seed: UInt64, queue: EventQueueKind) -> (trace: [String], stats: SimulationStats) {
    var simulator = Simulator(handler: Branching(random: SplitMix64(seed: seed)), queue: queue)
    for root in 0..<20 { simulator.schedule(.job(id: 1_000_000 + UInt64(root), depth: 0), at: UInt64(root % 3) * 100) }
    let stats = simulator.run()
    return (simulator.handler.trace, stats)
}

@Suite("Simulator")
struct SimulatorTests {
    @Test func sameSeedGivesAnIdenticalTrace() {
        let first = runBranching(seed: 11, queue: .calendar)
        let second = runBranching(seed: 11, queue: .calendar)
        #expect(first.trace.count > 1_000)
        #expect(first.trace == second.trace)
        #expect(first.stats == second.stats)
        // The reference queue gives the very same run, and another seed a different one.
        #expect(runBranching(seed: 11, queue: .binaryHeap).trace == first.trace)
        #expect(runBranching(seed: 12, queue: .calendar).trace != first.trace)
    }

    @Test func copyingASimulatorForksTheRun() {
        var original = Simulator(handler: Branching(random: SplitMix64(seed: 3)))
        for root in 0..<20 { original.schedule(.job(id: UInt64(root), depth: 0), at: 0) }
        original.run(until: 1_000)
        var fork = original.forked()
        let forkStats = fork.run()
        let originalStats = original.run()
        #expect(forkStats == originalStats)
        #expect(fork.handler.trace == original.handler.trace)
        #expect(forkStats.eventsProcessed > 100)
    }

    @Test func forkingWorksForTheBinaryHeapToo() {
        var original = Simulator(handler: Branching(random: SplitMix64(seed: 4)), queue: .binaryHeap)
        for root in 0..<20 { original.schedule(.job(id: UInt64(root), depth: 0), at: 0) }
        original.run(until: 1_000)
        var fork = original.forked()
        #expect(fork.run() == original.run())
        #expect(fork.handler.trace == original.handler.trace)
    }

    struct PingPong: EventHandler {
        enum Event { case ping, pong }
        var exchanges = 0
        var stopAfter = Int.max
        mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>) {
            exchanges += 1
            if exchanges == stopAfter { scheduler.stop() }
            switch event {
            case .ping: scheduler.schedule(.pong, after: 500)
            case .pong: if exchanges < 10 { scheduler.schedule(.ping, after: 500) }
            }
        }
    }

    @Test func runDrainsTheQueue() {
        var simulator = Simulator(handler: PingPong())
        simulator.schedule(.ping, at: 0)
        let stats = simulator.run()
        #expect(stats == SimulationStats(eventsProcessed: 10, finalTime: 4_500, pendingEvents: 0))
    }

    @Test func runUntilStopsAtTheLimitAndResumes() {
        var simulator = Simulator(handler: PingPong())
        simulator.schedule(.ping, at: 0)
        let first = simulator.run(until: 1_200)        // events at 0, 500, 1000
        #expect(first == SimulationStats(eventsProcessed: 3, finalTime: 1_200, pendingEvents: 1))
        #expect(simulator.now == 1_200)
        let rest = simulator.run()
        #expect(rest.eventsProcessed == 7)
        #expect(rest.finalTime == 4_500)
    }

    @Test func stopEndsTheRunAtTheStoppingEvent() {
        var simulator = Simulator(handler: PingPong(stopAfter: 4), queue: .binaryHeap)
        simulator.schedule(.ping, at: 0)
        let stats = simulator.run(until: 1_000_000)
        #expect(stats == SimulationStats(eventsProcessed: 4, finalTime: 1_500, pendingEvents: 1))
        #expect(simulator.run().eventsProcessed == 6)
    }

    @Test func benchmarkRunsBothQueuesToTheSameTime() {
        let calendar = KernelBenchmark.run(pendingEvents: 100, totalEvents: 20_000, queue: .calendar, seed: 5)
        let heap = KernelBenchmark.run(pendingEvents: 100, totalEvents: 20_000, queue: .binaryHeap, seed: 5)
        #expect(calendar.events == 20_000 && heap.events == 20_000)
        #expect(calendar.finalTime == heap.finalTime)
        #expect(calendar.eventsPerSecond > 0)
    }
}

@Suite("Causality")
struct CausalityTests {
    /// Scheduling into the past is a model bug; it must stop the run, not reorder time.
    @Test func schedulingInThePastTraps() async {
        await #expect(processExitsWith: .failure) {
            var simulator = Simulator(handler: PastScheduler())
            simulator.schedule(.start, at: 1_000)
            simulator.run()
        }
    }
}

struct PastScheduler: EventHandler {
    enum Event { case start, never }
    mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>) {
        if case .start = event { scheduler.schedule(.never, at: now - 1) }
    }
}

/// Events scheduled at `now` itself (kept outside the queue, `Scheduler.nowEvents`) still run in
/// (time, insertion) order: after every event queued for `now` before time got there, and before
/// later ones — with both queue kinds.
struct EqualTimeOrderTests {
    struct Recorder: EventHandler {
        enum Event { case queued(Int), spawn(Int) }
        var order: [Int] = []
        mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>) {
            switch event {
            case .queued(let id):
                order.append(id)
                // The first queued event at 5 spawns two events at 5 and one at 6.
                if id == 1 {
                    scheduler.schedule(.spawn(10), at: now)
                    scheduler.schedule(.spawn(11), after: 0)
                    scheduler.schedule(.queued(20), at: now + 1)
                }
            case .spawn(let id):
                order.append(id)
                if id == 10 { scheduler.schedule(.spawn(12), at: now) }
            }
        }
    }

    @Test(arguments: EventQueueKind.allCases)
    func eventsDueNowFollowTheQueuedOnes(queue: EventQueueKind) {
        var simulator = Simulator(handler: Recorder(), queue: queue)
        simulator.schedule(.queued(1), at: 5)
        simulator.schedule(.queued(2), at: 5)
        simulator.schedule(.queued(3), at: 5)
        simulator.schedule(.queued(4), at: 6)
        _ = simulator.run(until: .max)
        #expect(simulator.handler.order == [1, 2, 3, 10, 11, 12, 4, 20])
    }
}
