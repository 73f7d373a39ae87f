/// What wakes a component: its own timer, a channel it waits on, or a memory response.
///
/// A plain value (no closure, no boxing): the chip's loop pops one of these from the calendar
/// queue and calls the target component's `handle` — one indirect call per event.
public struct ComponentEvent: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// The component's own timer, or a channel it waits on can now make progress.
        case wake
        /// A memory target completed the transaction `payload` sent through port `port`.
        case response
        /// A memory target that refused a transaction through port `port` can accept again.
        case retry
    }
    /// The component's index in its `Chip`.
    public var target: Int32
    public var kind: Kind
    /// Which of the component's ports (its own numbering); 0 for timers.
    public var port: Int32
    /// A model-defined word: the transaction id of a response, a timer tag.
    public var payload: UInt64

    @inlinable
    public init(target: Int32, kind: Kind, port: Int32 = 0, payload: UInt64 = 0) {
        self.target = target
        self.kind = kind
        self.port = port
        self.payload = payload
    }
}

/// A part of a chip: owns its state, declares its ports, and runs only when woken — by its own
/// timer (`scheduler.schedule(ComponentEvent(target: id, kind: .wake), at: t)`), by a channel it
/// waits on, or by a memory response. An idle component schedules nothing and costs nothing
/// (SST's rule: a clock handler that has nothing to do unregisters).
///
/// Components are classes because a chip wires them by reference (a channel knows its two
/// endpoints, a port its target) and each lives exactly once in its chip. Any wake may be
/// spurious (two channels can wake the same component at the same time); `handle` simply tries
/// every port again.
///
/// Deadlock detection (`Chip.run`) asks `isFinished` of every component when no event is left:
/// a component that still has work it cannot do is blocked, and `status` says on what.
public protocol Component: AnyObject {
    /// The name used in reports and deadlock messages, e.g. `array`, `dram`, `mac[3]`.
    var name: String { get }
    /// The index the chip gave this component (`Chip.add` sets it).
    var id: Int32 { get set }
    /// Reacts to `event` at time `now`.
    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>)
    /// True when the component has nothing left to do (a source that sent everything, a memory
    /// with no transaction in flight). The run is complete when every component is finished.
    var isFinished: Bool { get }
    /// What the component waits for, for a deadlock report (e.g. "waiting to send on q0").
    var status: String { get }
    /// The component's own clock, for run-ahead components (BoundedChannel+RunAhead.swift) whose
    /// time runs ahead of the kernel's; the chip's end time is the latest of these and the
    /// kernel's last event. Kernel-clock components keep the default, 0.
    var localTime: Picoseconds { get }
    /// Calls `handle` on the component `object` points to (unretained) — how `Chip.run` calls
    /// components without reference counting. Keep the default.
    static func handle(unretained object: UnsafeMutableRawPointer, _ event: ComponentEvent, at now: Picoseconds,
                       scheduler: inout Scheduler<ComponentEvent>)
}

extension Component {
    public var localTime: Picoseconds { 0 }

    @inline(__always)
    public static func handle(unretained object: UnsafeMutableRawPointer, _ event: ComponentEvent, at now: Picoseconds,
                              scheduler: inout Scheduler<ComponentEvent>) {
        Unmanaged<Self>.fromOpaque(object)._withUnsafeGuaranteedRef { $0.handle(event, at: now, scheduler: &scheduler) }
    }
}

extension Component {
    /// Wakes this component at `time`.
    @inlinable @inline(__always)
    public func wake(at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>, payload: UInt64 = 0) {
        scheduler.schedule(ComponentEvent(target: id, kind: .wake, payload: payload), at: time)
    }
}
