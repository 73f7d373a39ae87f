/// A model: owns its state and reacts to its own events.
///
/// `Event` is a model-defined value type, normally an enum, and `handle` dispatches on it with a
/// `switch` — no closure is allocated per event, which is 3–4× faster than closure events
/// (notes/build-recipes.md, "Event queue speed").
///
/// ```swift
/// struct PingPong: EventHandler {
///     enum Event { case ping, pong }
///     var exchanges = 0
///     mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>) {
///         exchanges += 1
///         switch event {
///         case .ping: scheduler.schedule(.pong, after: 500)
///         case .pong: if exchanges < 10 { scheduler.schedule(.ping, after: 500) }
///         }
///     }
/// }
/// ```
public protocol EventHandler {
    associatedtype Event
    mutating func handle(_ event: Event, at now: Picoseconds, scheduler: inout Scheduler<Event>)
}

/// What a `run` did.
public struct SimulationStats: Hashable, Sendable, Codable {
    /// Events handled by this call of `run`.
    public var eventsProcessed: UInt64
    /// Simulated time when the call returned.
    public var finalTime: Picoseconds
    /// Events still queued (non-zero after `run(until:)` or `stop()`).
    public var pendingEvents: Int

    @inlinable
    public init(eventsProcessed: UInt64, finalTime: Picoseconds, pendingEvents: Int) {
        self.eventsProcessed = eventsProcessed
        self.finalTime = finalTime
        self.pendingEvents = pendingEvents
    }
}

/// Runs a model: pops events in (time, insertion) order and hands each to the handler.
///
/// Everything on the hot path is `@inlinable`, so a model defined in another module gets a
/// loop specialised for its handler and event type, with the `switch` inlined.
/// To fork a run — warm a model up once, then explore several continuations — call `forked()`.
/// A plain copy of a `Simulator` shares its calendar queue with the original (the queue is not
/// copy-on-write, to keep uniqueness checks off the hot path; see `CalendarQueue`).
///
/// ```swift
/// var simulator = Simulator(handler: PingPong())
/// simulator.schedule(.ping, at: 0)
/// let stats = simulator.run()     // eventsProcessed == 10, finalTime == 4500
/// ```
///
/// - Complexity: per event, one queue pop plus the handler's own work.
public struct Simulator<Handler: EventHandler> {
    public var handler: Handler
    public var scheduler: Scheduler<Handler.Event>

    @inlinable
    public init(handler: Handler, queue: EventQueueKind = .calendar,
                calendarGeometry: CalendarGeometry = CalendarGeometry()) {
        self.handler = handler
        self.scheduler = Scheduler(queue: queue, calendarGeometry: calendarGeometry)
    }

    /// An independent simulator: a copy of the handler and of every pending event, at the same
    /// time. Running one does not affect the other, and both continue exactly as the original
    /// would have.
    public func forked() -> Simulator {
        var fork = self
        fork.scheduler = scheduler.forked()
        return fork
    }

    /// Current simulated time.
    @inlinable public var now: Picoseconds { scheduler.now }

    /// Seeds the queue from outside a handler (initial events).
    @inlinable
    public mutating func schedule(_ event: Handler.Event, at time: Picoseconds) {
        scheduler.schedule(event, at: time)
    }

    /// Handles every event at or before `limit`, then sets the time to `limit` — unless the
    /// handler called `stop()`, in which case time stays at the stopping event.
    @inlinable @discardableResult
    public mutating func run(until limit: Picoseconds) -> SimulationStats {
        let processed = runLoop(notAfter: limit)
        if !scheduler.stopRequested { scheduler.advance(to: limit) }
        return SimulationStats(eventsProcessed: processed, finalTime: scheduler.now,
                               pendingEvents: scheduler.pendingCount)
    }

    /// Handles events until the queue is empty or the handler calls `stop()`; the final time is
    /// that of the last event handled.
    @inlinable @discardableResult
    public mutating func run() -> SimulationStats {
        let processed = runLoop(notAfter: .max)
        return SimulationStats(eventsProcessed: processed, finalTime: scheduler.now,
                               pendingEvents: scheduler.pendingCount)
    }

    @inlinable
    mutating func runLoop(notAfter limit: Picoseconds) -> UInt64 {
        scheduler.stopRequested = false
        var processed: UInt64 = 0
        while let next = scheduler.removeNext(notAfter: limit) {
            handler.handle(next.event, at: next.time, scheduler: &scheduler)
            processed &+= 1
            if scheduler.stopRequested { break }
        }
        return processed
    }
}
