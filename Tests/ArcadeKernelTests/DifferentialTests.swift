import Testing
import ArcadeKernel

/// The calendar queue must pop exactly what the binary heap pops — same times, same sequence
/// numbers, same events — on a long randomized mix of inserts and pops.
@Suite("Calendar queue vs binary heap")
struct DifferentialTests {
    /// Delays: zero (same instant), short, ties on a coarse grid, medium, and far beyond any year.
    static func randomDelay(_ random: inout SplitMix64) -> Picoseconds {
        switch random.next(below: 100) {
        case 0..<10: return 0
        case 10..<60: return 1 + random.next(below: 64)
        case 60..<80: return 1_000 * (1 + random.next(below: 4))
        case 80..<95: return random.next(below: 100_000)
        default: return 1_000_000 + random.next(below: 50_000_000)
        }
    }

    @Test(arguments: [
        CalendarGeometry(),
        CalendarGeometry(bucketCount: 64, bucketWidthPicoseconds: 64),
        CalendarGeometry(bucketCount: 128, bucketWidthPicoseconds: 4_096),
    ])
    func identicalPopSequence(geometry: CalendarGeometry) {
        var random = SplitMix64(seed: 2_024)
        var calendar = CalendarQueue<Int>(geometry: geometry)
        var reference = BinaryHeapQueue<Int>()
        var now: Picoseconds = 0
        var popped = 0
        for id in 0..<100_000 {
            let time = now + Self.randomDelay(&random)
            calendar.insert(id, at: time)
            reference.insert(id, at: time)
            // Pop between 0 and 2 events per insert so the queue size wanders up and down.
            for _ in 0..<random.next(below: 3) {
                // A quarter of the pops carry a limit, which may stop them short (and advance `now`
                // to the limit, as `Simulator.run(until:)` does).
                let limit = random.next(below: 4) == 0 ? now + Self.randomDelay(&random) : .max
                let expected = reference.removeFirst(notAfter: limit)
                let actual = calendar.removeFirst(notAfter: limit)
                guard let expected, let actual else {
                    #expect(actual == nil && expected == nil)
                    if limit != .max { now = limit }
                    break
                }
                #expect(actual == expected)
                if actual != expected { return }
                now = actual.time
                popped += 1
            }
        }
        #expect(calendar.count == reference.count)
        while let expected = reference.removeFirst() {
            let actual = calendar.removeFirst()
            #expect(actual == expected)
            if actual != expected { return }
            popped += 1
        }
        #expect(calendar.removeFirst() == nil)
        #expect(popped == 100_000)
    }
}
