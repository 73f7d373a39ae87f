import Testing
import ArcadeKernel

@Suite("Clock domains")
struct ClockDomainTests {
    @Test func conversionsBetweenCyclesAndTime() {
        let core = ClockDomain(periodPicoseconds: 1_000)
        #expect(core.time(ofCycle: 3) == 3_000)
        #expect(core.duration(ofCycles: 12) == 12_000)
        #expect(core.cycle(containing: 2_999) == 2)
        #expect(core.cycle(containing: 3_000) == 3)
        #expect(core.cycles(covering: 1_500) == 2)
        #expect(core.cycles(covering: 2_000) == 2)
        #expect(core.cycles(covering: 0) == 0)
    }

    @Test func edgesAtOrAfterAndAfter() {
        let hbm = ClockDomain(periodPicoseconds: 625)
        #expect(hbm.nextEdge(atOrAfter: 0) == 0)
        #expect(hbm.nextEdge(atOrAfter: 1) == 625)
        #expect(hbm.nextEdge(atOrAfter: 1_250) == 1_250)
        #expect(hbm.nextEdge(atOrAfter: 1_251) == 1_875)
        #expect(hbm.nextEdge(after: 1_250) == 1_875)
        #expect(hbm.nextEdge(after: 1_249) == 1_250)
    }

    @Test func frequencyRoundsToWholePicoseconds() {
        #expect(ClockDomain(frequencyMegahertz: 1_000).periodPicoseconds == 1_000)
        #expect(ClockDomain(frequencyMegahertz: 1_600).periodPicoseconds == 625)
        #expect(ClockDomain(frequencyMegahertz: 333).periodPicoseconds == 3_003)  // 3003.003 ps
        #expect(ClockDomain(frequencyMegahertz: 3_000).periodPicoseconds == 333)  // 333.33 ps
    }

    @Test func cyclesFromBetweenEdgesWaitForTheNextEdge() {
        let core = ClockDomain(periodPicoseconds: 1_000)
        #expect(core.time(afterCycles: 2, from: 2_000) == 4_000)   // on an edge
        #expect(core.time(afterCycles: 2, from: 1_500) == 4_000)   // sampled at 2000, then 2 cycles
        #expect(core.time(afterCycles: 0, from: 1_500) == 2_000)
    }

    /// Three components on their own clocks each tick every cycle; the merged trace must follow
    /// the hand-computed edges, with equal times in scheduling order.
    @Test func threeClockDomainsInterleave() {
        struct Ticker: EventHandler {
            enum Event { case tick(component: Character) }
            let clocks: [Character: ClockDomain]
            var trace: [String] = []
            mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>) {
                switch event {
                case .tick(let component):
                    trace.append("\(now) \(component)")
                    scheduler.schedule(event, afterCycles: 1, of: clocks[component]!)
                }
            }
        }
        let clocks: [Character: ClockDomain] = [
            "A": ClockDomain(frequencyMegahertz: 1_000),   // 1000 ps
            "B": ClockDomain(frequencyMegahertz: 1_600),   // 625 ps
            "C": ClockDomain(frequencyMegahertz: 333),     // 3003 ps
        ]
        for queue in EventQueueKind.allCases {
            var simulator = Simulator(handler: Ticker(clocks: clocks), queue: queue)
            for component: Character in ["A", "B", "C"] { simulator.schedule(.tick(component: component), at: 0) }
            let stats = simulator.run(until: 6_006)
            // 5000: A's tick was scheduled at 4000, B's at 4375, so A goes first.
            #expect(simulator.handler.trace == [
                "0 A", "0 B", "0 C", "625 B", "1000 A", "1250 B", "1875 B", "2000 A", "2500 B",
                "3000 A", "3003 C", "3125 B", "3750 B", "4000 A", "4375 B", "5000 A", "5000 B",
                "5625 B", "6000 A", "6006 C",
            ], "queue \(queue)")
            #expect(stats.eventsProcessed == 20)
            #expect(stats.finalTime == 6_006)
            #expect(stats.pendingEvents == 3)
        }
    }
}
