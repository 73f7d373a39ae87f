/// Which event-queue implementation a `Scheduler` uses.
public enum EventQueueKind: String, CaseIterable, Codable, Sendable {
    /// `CalendarQueue`: the fast default.
    case calendar
    /// `BinaryHeapQueue`: the reference and benchmark baseline.
    case binaryHeap
}

/// The simulation's clock and pending-event queue, as a model sees it from inside a handler:
/// read `now`, schedule future events, or stop the run.
///
/// ```swift
/// scheduler.schedule(.rowOpened(bank: 3), after: timing.tRCD)
/// scheduler.schedule(.tileDone, afterCycles: 12, of: arrayClock)
/// ```
///
/// Both queue kinds live behind one concrete type so model code names a single
/// `Scheduler<Event>`; the choice is a perfectly predicted branch per call.
///
/// - Complexity: scheduling and popping cost what the chosen queue costs (amortised O(1) for
///   the calendar queue, O(log n) for the binary heap).
public struct Scheduler<Event> {
    @usableFromInline var currentTime: Picoseconds = 0
    @usableFromInline let kind: EventQueueKind
    @usableFromInline var calendar: CalendarQueue<Event>
    @usableFromInline var heap = BinaryHeapQueue<Event>()
    @usableFromInline var stopRequested = false
    /// Events scheduled at `now` itself, in order: they follow every queued event at `now` (those
    /// were scheduled before time reached `now`, so they have smaller sequence numbers) and precede
    /// every later one — exactly (time, sequence) order, without a queue insert. Components on
    /// their own clocks (BoundedChannel+RunAhead.swift) wake each other at `now` for every block,
    /// so this is most of their events.
    @usableFromInline var nowEvents: ContiguousArray<Event> = []
    @usableFromInline var nowHead = 0
    /// The queue holds no event at `now` any more (it was probed since time last advanced).
    @usableFromInline var queueDrainedAtNow = false

    @inlinable
    public init(queue kind: EventQueueKind = .calendar, calendarGeometry: CalendarGeometry = CalendarGeometry()) {
        self.kind = kind
        // The unused calendar gets the smallest geometry: it is never touched.
        calendar = CalendarQueue(geometry: kind == .calendar ? calendarGeometry : CalendarGeometry(bucketCount: 64, bucketWidthPicoseconds: 64))
    }

    /// Current simulated time: the time of the event being handled.
    @inlinable public var now: Picoseconds { currentTime }

    /// Which queue implementation is in use.
    @inlinable public var queueKind: EventQueueKind { kind }

    /// Number of events waiting to fire.
    @inlinable
    public var pendingCount: Int { (kind == .calendar ? calendar.count : heap.count) + nowEvents.count - nowHead }

    /// Schedules `event` at absolute `time`, which must not be in the past. Events at equal
    /// times fire in the order they were scheduled.
    @inlinable @inline(__always)
    public mutating func schedule(_ event: Event, at time: Picoseconds) {
        precondition(time >= currentTime, "event scheduled in the past: \(time) ps < now \(currentTime) ps")
        if time == currentTime {
            nowEvents.append(event)
            return
        }
        switch kind {
        case .calendar: calendar.insert(event, at: time)
        case .binaryHeap: heap.insert(event, at: time)
        }
    }

    /// Schedules `event` `delay` picoseconds from now (0 = later in the current instant).
    @inlinable @inline(__always)
    public mutating func schedule(_ event: Event, after delay: Picoseconds) {
        schedule(event, at: currentTime + delay)
    }

    /// Schedules `event` `cycles` cycles of `clock` from now, counted from the next edge of
    /// `clock` at or after now — how a component on its own clock says "in N of my cycles".
    @inlinable @inline(__always)
    public mutating func schedule(_ event: Event, afterCycles cycles: UInt64, of clock: ClockDomain) {
        schedule(event, at: clock.time(afterCycles: cycles, from: currentTime))
    }

    /// The time of the next pending event, nil when none: how another kernel coupled to this one
    /// (a SystemC platform through the C ABI) knows when to hand control back.
    public mutating func nextEventTime() -> Picoseconds? {
        if nowHead < nowEvents.count { return currentTime }
        switch kind {
        case .calendar: return calendar.nextTime()
        case .binaryHeap: return heap.nextTime()
        }
    }

    /// Ends the current `run` after the handler returns; pending events stay queued, and a
    /// later `run` resumes with them.
    @inlinable
    public mutating func stop() { stopRequested = true }

    /// Pops the next event at or before `limit` and advances `now` to its time.
    @inlinable @inline(__always)
    mutating func removeNext(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        if nowHead < nowEvents.count {
            guard currentTime <= limit else { return nil }
            if !queueDrainedAtNow {
                if let queued = removeQueued(notAfter: currentTime) { return queued }
                queueDrainedAtNow = true
            }
            let event = nowEvents[nowHead]
            nowHead += 1
            if nowHead == nowEvents.count {
                nowEvents.removeAll(keepingCapacity: true)
                nowHead = 0
            } else if nowHead >= 1024 && nowHead * 2 >= nowEvents.count {
                // Handlers that wake each other at `now` keep the list from ever emptying: drop the
                // consumed front (amortised O(1) per event) so it stays as long as what is pending.
                nowEvents.removeFirst(nowHead)
                nowHead = 0
            }
            return ScheduledEvent(time: currentTime, sequence: 0, event: event)
        }
        let next = removeQueued(notAfter: limit)
        if let next, next.time > currentTime {
            currentTime = next.time
            queueDrainedAtNow = false
        }
        return next
    }

    @inlinable @inline(__always)
    mutating func removeQueued(notAfter limit: Picoseconds) -> ScheduledEvent<Event>? {
        switch kind {
        case .calendar: return calendar.removeFirst(notAfter: limit)
        case .binaryHeap: return heap.removeFirst(notAfter: limit)
        }
    }

    /// An independent scheduler with the same clock and pending events. A plain copy of a
    /// `Scheduler` shares the calendar queue's storage (see `CalendarQueue`); this one does not.
    public func forked() -> Scheduler {
        var fork = self
        fork.calendar = calendar.copy()
        return fork
    }

    /// Moves `now` forward to `time` without an event (no-op if already there or later).
    @inlinable
    mutating func advance(to time: Picoseconds) {
        precondition(nowHead == nowEvents.count || time <= currentTime, "advancing past events due now")
        if time > currentTime {
            currentTime = time
            queueDrainedAtNow = false
        }
    }
}
