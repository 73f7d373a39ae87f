/// A chip: components joined by bounded channels and memory ports, run by one event kernel.
///
/// Build it (add components, connect channels and ports), then `run()`. The run ends when no
/// event is left. If some component is not finished then, nothing can ever wake it again: the
/// chip is deadlocked, and `run` returns a `DeadlockReport` naming the blocked components and
/// the full and empty channels between them — never a hang, never a silent stop.
///
/// ```swift
/// let chip = Chip()
/// let source = chip.add(Producer(...)), sink = chip.add(Consumer(...))
/// chip.connect(queue, from: source, to: sink)
/// let outcome = chip.run()          // outcome.deadlock == nil on success
/// ```
///
/// - Complexity: per event, one calendar-queue pop and one indirect call to the component.
public final class Chip {
    public private(set) var components: [any Component] = []
    public private(set) var channels: [any ChannelStatistics] = []
    /// How the run loop calls each component: an unretained pointer and its concrete type, whose
    /// `handle(unretained:…)` calls `handle` without reference counting. Calling through
    /// `any Component` (or a closure) retained and released around every event, a fifth of a
    /// dataflow run; `components` keeps the components alive.
    var dispatch: [ComponentDispatch] = []
    public var scheduler: Scheduler<ComponentEvent>

    public init(queue: EventQueueKind = .calendar, calendarGeometry: CalendarGeometry = CalendarGeometry()) {
        scheduler = Scheduler(queue: queue, calendarGeometry: calendarGeometry)
    }

    /// Adds a component and gives it its index.
    @discardableResult
    public func add<C: Component>(_ component: C) -> C {
        component.id = Int32(components.count)
        components.append(component)
        dispatch.append(ComponentDispatch(object: Unmanaged.passUnretained(component).toOpaque(), type: C.self))
        return component
    }

    /// Joins `channel` from `sender` to `receiver` (each channel exactly once).
    public func connect<Element>(_ channel: BoundedChannel<Element>, from sender: any Component, to receiver: any Component) {
        channel.attach(sender: sender.id, receiver: receiver.id)
        channels.append(channel)
    }

    /// Schedules a first wake of `component` at `time` (components that start on their own).
    public func start(_ component: any Component, at time: Picoseconds = 0) {
        scheduler.schedule(ComponentEvent(target: component.id, kind: .wake), at: time)
    }

    /// Runs until no event is left (or `limit`), then checks for deadlock.
    public func run(until limit: Picoseconds = .max) -> ChipOutcome {
        var events: UInt64 = 0
        // The loop works on a local scheduler (a class's stored property passed inout costs an
        // access check per event) and writes it back.
        var local = scheduler
        local.stopRequested = false
        let parts = dispatch
        parts.withUnsafeBufferPointer { parts in
            while let next = local.removeNext(notAfter: limit) {
                let part = parts[Int(next.event.target)]
                part.type.handle(unretained: part.object, next.event, at: next.time, scheduler: &local)
                events &+= 1
                if local.stopRequested { break }
            }
        }
        scheduler = local
        let end = components.reduce(scheduler.now) { max($0, $1.localTime) }
        let stopped = scheduler.pendingCount > 0
        var deadlock = stopped ? nil : deadlockReport(at: end)
        let channelReports = channels.map { $0.statistics(endingAt: end) }
        deadlock?.channels = channelReports
        return ChipOutcome(events: events, endTime: end, deadlock: deadlock,
                           channels: channelReports)
    }

    /// Nil when every component is finished.
    func deadlockReport(at time: Picoseconds) -> DeadlockReport? {
        let blocked = components.filter { !$0.isFinished }
        guard !blocked.isEmpty else { return nil }
        func name(_ index: Int32) -> String { index >= 0 ? components[Int(index)].name : "?" }
        return DeadlockReport(
            time: time,
            blockedComponents: blocked.map { .init(name: $0.name, status: $0.status) },
            fullChannels: channels.filter { $0.senderIsBlocked }.map {
                .init(name: $0.name, sender: name($0.sender), receiver: name($0.receiver), occupancy: $0.occupancy, depth: $0.capacity)
            },
            emptyChannels: channels.filter { $0.receiverIsWaiting }.map {
                .init(name: $0.name, sender: name($0.sender), receiver: name($0.receiver), occupancy: $0.occupancy, depth: $0.capacity)
            })
    }
}

/// What a chip's run did.
public struct ChipOutcome: Sendable {
    public var events: UInt64
    /// Time of the last event handled, or the latest run-ahead component clock if later.
    public var endTime: Picoseconds
    /// Non-nil when the run ended with unfinished components and nothing scheduled.
    public var deadlock: DeadlockReport?
    public var channels: [ChannelReport]
}

/// A deadlock, by name: which components were left blocked and on what, and which channels were
/// full (a sender blocked on them) or empty (a receiver waiting on them).
public struct DeadlockReport: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public struct BlockedComponent: Hashable, Sendable, Codable {
        public var name: String
        public var status: String
    }
    public struct BlockedChannel: Hashable, Sendable, Codable {
        public var name: String
        public var sender: String
        public var receiver: String
        public var occupancy: Int
        public var depth: Int
    }
    /// Simulated time at which the last event ran.
    public var time: Picoseconds
    public var blockedComponents: [BlockedComponent]
    public var fullChannels: [BlockedChannel]
    public var emptyChannels: [BlockedChannel]
    /// Every channel's statistics up to the deadlock (not part of `description` or the coding:
    /// `arcade simulate --json` prints them beside the report).
    public var channels: [ChannelReport] = []

    enum CodingKeys: String, CodingKey { case time, blockedComponents, fullChannels, emptyChannels }

    public var description: String {
        var parts = ["deadlock at \(time) ps: blocked "
                     + blockedComponents.map { "\($0.name) (\($0.status))" }.joined(separator: ", ")]
        if !fullChannels.isEmpty {
            parts.append("full channels " + fullChannels.map { "\($0.name) \($0.sender)→\($0.receiver) \($0.occupancy)/\($0.depth)" }.joined(separator: ", "))
        }
        if !emptyChannels.isEmpty {
            parts.append("empty channels " + emptyChannels.map { "\($0.name) \($0.sender)→\($0.receiver)" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}

/// One component as the run loop calls it (see `Chip.dispatch`).
struct ComponentDispatch {
    let object: UnsafeMutableRawPointer
    let type: any Component.Type
}
