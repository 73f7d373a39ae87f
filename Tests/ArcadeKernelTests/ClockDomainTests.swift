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

    @Test func frequencyIsExactNotRounded() {
        #expect(ClockDomain(frequencyMegahertz: 1_000).hasIntegerPeriod)
        #expect(ClockDomain(frequencyMegahertz: 1_600) == ClockDomain(periodPicoseconds: 625))
        #expect(ClockDomain(frequencyMegahertz: 333).periodPicoseconds == 3_003)  // 3003.003 ps, display only
        #expect(!ClockDomain(frequencyMegahertz: 333).hasIntegerPeriod)
        // 700 MHz: 441,602 cycles are 630.86 µs exactly (a 1429 ps period would say 631.05 µs).
        let array = ClockDomain(frequencyKilohertz: 700_000)
        #expect(array.time(ofCycle: 441_602) == 630_860_000)
        #expect(array.time(ofCycle: 1) == 1_429 && array.time(ofCycle: 2) == 2_858 && array.time(ofCycle: 7) == 10_000)
        #expect(array.cycle(containing: 10_000) == 7 && array.cycle(containing: 9_999) == 6)
        #expect(array.cycles(covering: 10_000) == 7 && array.cycles(covering: 10_001) == 8)
        #expect(array.nextEdge(atOrAfter: 2_858) == 2_858 && array.nextEdge(atOrAfter: 2_859) == 4_286)
        #expect(array.time(afterCycles: 2, from: 1_430) == 5_715)   // edge 2858 (cycle 2), then cycle 4
    }

    /// Edges of a fractional clock: ⌈c · period⌉, every conversion consistent with the others.
    @Test func fractionalClockConversionsAgree() {
        for clock in [ClockDomain(frequencyKilohertz: 700_000), ClockDomain(frequencyMegahertz: 333),
                      ClockDomain(frequencyKilohertz: 933_333), ClockDomain(periodPicoseconds: 833)] {
            for cycle: UInt64 in [0, 1, 2, 3, 99, 1_000_003, 1 << 40] {
                let edge = clock.time(ofCycle: cycle)
                #expect(clock.cycle(containing: edge) == cycle, "\(clock) cycle \(cycle)")
                #expect(clock.nextEdge(atOrAfter: edge) == edge)
                if edge > 0 { #expect(clock.cycle(containing: edge - 1) == cycle - 1) }
                #expect(clock.cycles(covering: edge) == cycle)
                #expect(clock.nextEdge(after: edge) == clock.time(ofCycle: cycle + 1))
            }
        }
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
            "C": ClockDomain(frequencyMegahertz: 333),     // 3003.003 ps: edges 3004, 6007
        ]
        for queue in EventQueueKind.allCases {
            var simulator = Simulator(handler: Ticker(clocks: clocks), queue: queue)
            for component: Character in ["A", "B", "C"] { simulator.schedule(.tick(component: component), at: 0) }
            let stats = simulator.run(until: 6_007)
            // 5000: A's tick was scheduled at 4000, B's at 4375, so A goes first.
            #expect(simulator.handler.trace == [
                "0 A", "0 B", "0 C", "625 B", "1000 A", "1250 B", "1875 B", "2000 A", "2500 B",
                "3000 A", "3004 C", "3125 B", "3750 B", "4000 A", "4375 B", "5000 A", "5000 B",
                "5625 B", "6000 A", "6007 C",
            ], "queue \(queue)")
            #expect(stats.eventsProcessed == 20)
            #expect(stats.finalTime == 6_007)
            #expect(stats.pendingEvents == 3)
        }
    }
}
