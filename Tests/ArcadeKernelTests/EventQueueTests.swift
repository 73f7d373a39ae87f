import Testing
import ArcadeKernel

/// A calendar with the smallest year (64 buckets × 64 ps = 4096 ps), so ordinary test times
/// already exercise the overflow heap and the bucket wrap-around.
let tinyCalendar = CalendarGeometry(bucketCount: 64, bucketWidthPicoseconds: 64)

/// Every queue under test: the reference heap and calendars of several shapes.
func makeQueues() -> [any EventQueue<String>] {
    [BinaryHeapQueue<String>(), CalendarQueue<String>(), CalendarQueue<String>(geometry: tinyCalendar),
     CalendarQueue<String>(geometry: CalendarGeometry(bucketCount: 128, bucketWidthPicoseconds: 4096))]
}

func drain(_ queue: inout some EventQueue<String>) -> [String] {
    var popped: [String] = []
    while let next = queue.removeFirst() { popped.append(next.event) }
    return popped
}

@Suite("Event queues")
struct EventQueueTests {
    @Test func popsInTimeOrder() {
        for var queue in makeQueues() {
            for (time, name) in [(30, "c"), (10, "a"), (20, "b"), (5_000, "e"), (40, "d")] {
                queue.insert(name, at: Picoseconds(time))
            }
            #expect(queue.count == 5)
            #expect(queue.nextTime() == 10)
            #expect(drain(&queue) == ["a", "b", "c", "d", "e"], "\(type(of: queue))")
            #expect(queue.isEmpty)
        }
    }

    @Test func equalTimesPopInInsertionOrder() {
        for var queue in makeQueues() {
            for name in ["first", "second", "third"] { queue.insert(name, at: 1_000) }
            queue.insert("earlier", at: 999)
            queue.insert("fourth", at: 1_000)
            #expect(drain(&queue) == ["earlier", "first", "second", "third", "fourth"], "\(type(of: queue))")
        }
    }

    @Test func sequenceNumbersFollowInsertion() {
        for var queue in makeQueues() {
            queue.insert("x", at: 7)
            queue.insert("y", at: 7)
            let first = queue.removeFirst()
            let second = queue.removeFirst()
            #expect(first?.sequence == 0 && second?.sequence == 1)
        }
    }

    /// Events years ahead go to the overflow heap and must come back in order, including ties
    /// with events inserted later directly into buckets.
    @Test func farFutureEventsComeBackInOrder() {
        var calendar = CalendarQueue<String>(geometry: tinyCalendar)   // year = 4096 ps
        calendar.insert("far-tie-1", at: 1_000_000)
        calendar.insert("far", at: 10_000)
        calendar.insert("year+1", at: 4_097)
        calendar.insert("near", at: 3)
        calendar.insert("farthest", at: 1 << 40)
        #expect(calendar.removeFirst()?.event == "near")
        #expect(calendar.removeFirst()?.event == "year+1")
        #expect(calendar.removeFirst()?.event == "far")
        // Now at 10 000 ps: 1 000 000 is still years away; add a tie behind the overflow entry.
        calendar.insert("far-tie-2", at: 1_000_000)
        calendar.insert("between", at: 500_000)
        #expect(drain(&calendar) == ["between", "far-tie-1", "far-tie-2", "farthest"])
    }

    /// After `nextTime()` moved the window ahead, an insert earlier than the window still pops first.
    @Test func insertAfterPeekingAheadStaysOrdered() {
        for var queue in makeQueues() {
            queue.insert("late", at: 1_000_000)
            #expect(queue.nextTime() == 1_000_000)
            queue.insert("early-2", at: 70)
            queue.insert("early-1", at: 5)
            queue.insert("late-tie", at: 1_000_000)
            #expect(queue.nextTime() == 5)
            #expect(drain(&queue) == ["early-1", "early-2", "late", "late-tie"], "\(type(of: queue))")
        }
    }

    @Test func insertsDuringDrainingStayOrdered() {
        for var queue in makeQueues() {
            queue.insert("a", at: 100)
            queue.insert("c", at: 300)
            #expect(queue.removeFirst()?.event == "a")   // now = 100
            queue.insert("now", at: 100)                 // zero delay
            queue.insert("b", at: 200)
            queue.insert("c2", at: 300)
            #expect(drain(&queue) == ["now", "b", "c", "c2"], "\(type(of: queue))")
        }
    }

    @Test func removeFirstRespectsTheLimit() {
        for var queue in makeQueues() {
            queue.insert("a", at: 10)
            queue.insert("b", at: 20)
            #expect(queue.removeFirst(notAfter: 9) == nil)
            #expect(queue.removeFirst(notAfter: 10)?.event == "a")
            #expect(queue.removeFirst(notAfter: 19) == nil)
            #expect(queue.count == 1)
            #expect(queue.removeFirst(notAfter: 20)?.event == "b")
            // A limit short of a far bucket must not move the window past the limit: an event
            // inserted later between the limit and that bucket still comes first.
            queue.insert("far", at: 100_000)
            #expect(queue.removeFirst(notAfter: 50_000) == nil)
            queue.insert("between", at: 60_000)
            #expect(drain(&queue) == ["between", "far"], "\(type(of: queue))")
        }
    }

    /// Copies of a `CalendarQueue` share one queue (no copy-on-write); `copy()` is independent.
    @Test func calendarQueueCopiesShareAndCopyIsIndependent() {
        var original = CalendarQueue<String>(geometry: tinyCalendar)
        for time in [5, 50, 500, 5_000] { original.insert("t\(time)", at: Picoseconds(time)) }
        var independent = original.copy()
        var alias = original
        #expect(alias.removeFirst()?.event == "t5")
        #expect(original.count == 3)
        #expect(independent.removeFirst()?.event == "t5")
        independent.insert("copy-only", at: 6)
        #expect(drain(&original) == ["t50", "t500", "t5000"])
        #expect(drain(&independent) == ["copy-only", "t50", "t500", "t5000"])
    }

    /// `copy()` of a queue mid-run — window moved, overflow and early events, reused nodes —
    /// pops exactly what the original pops, sequence numbers included.
    @Test func copyMidRunPopsTheSameSequence() {
        var queue = CalendarQueue<Int>(geometry: tinyCalendar)
        var random = SplitMix64(seed: 9)
        for id in 0..<2_000 { queue.insert(id, at: random.next(below: 20_000)) }
        for _ in 0..<700 { _ = queue.removeFirst() }
        queue.insert(-1, at: 1 << 30)                  // overflow
        _ = queue.nextTime()
        var copy = queue.copy()
        for id in 2_000..<2_100 { let time = 19_000 + random.next(below: 9_000); queue.insert(id, at: time); copy.insert(id, at: time) }
        while let expected = queue.removeFirst() { #expect(copy.removeFirst() == expected) }
        #expect(copy.isEmpty)
    }

    /// The node pool grows (doubling from 256) while events are pending in every tier.
    @Test func poolGrowthKeepsEveryEvent() {
        var queue = CalendarQueue<Int>(geometry: tinyCalendar)
        var reference = BinaryHeapQueue<Int>()
        var random = SplitMix64(seed: 77)
        for id in 0..<5_000 {
            let time = random.next(below: 3) == 0 ? random.next(below: 1 << 20) : random.next(below: 8_192)
            queue.insert(id, at: time)
            reference.insert(id, at: time)
        }
        while let expected = reference.removeFirst() { #expect(queue.removeFirst() == expected) }
        #expect(queue.isEmpty)
    }

    /// Times beyond `CalendarGeometry.latestTime` (2^63 − 1 ps) would wrap the window arithmetic.
    @Test func timesBeyondTheLatestTimeTrap() async {
        var queue = CalendarQueue<Int>()
        queue.insert(1, at: CalendarGeometry.latestTime)
        #expect(queue.removeFirst()?.time == CalendarGeometry.latestTime)
        await #expect(processExitsWith: .failure) {
            var queue = CalendarQueue<Int>()
            queue.insert(1, at: CalendarGeometry.latestTime + 1)
        }
    }

    @Test func eventsWithReferencesAreReleased() {
        final class Payload {}
        weak var watched: Payload?
        do {
            var queue = CalendarQueue<Payload>(geometry: tinyCalendar)
            let payload = Payload()
            watched = payload
            queue.insert(payload, at: 10)
            queue.insert(Payload(), at: 100_000)
            #expect(watched != nil)
        }
        #expect(watched == nil)
    }
}
