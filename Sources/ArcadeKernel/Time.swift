/// Simulated time: an integer count of picoseconds since the start of the simulation.
///
/// A plain `UInt64` rather than a wrapper struct, on purpose:
/// - every clock period, latency and timestamp in the simulator is this one unit, so a wrapper
///   would mostly guard against mixing picoseconds with cycles — and cycle counts always travel
///   under argument labels that say so (`time(ofCycle:)`, `afterCycles:`), as STYLE.md asks;
/// - models do a lot of arithmetic on times (`now + tRCD`, `max(ready, now)`), and a raw
///   integer keeps that arithmetic free of wrapping/unwrapping noise and trivially fast;
/// - other targets can store and print it without importing anything special.
///
/// `UInt64` picoseconds cover about 213 days of simulated time; the calendar queue accepts the
/// first half (2^63 ps, ~106 days), still far beyond any run.
/// Never use floating-point time: equal-time ordering must be exact and reproducible.
public typealias Picoseconds = UInt64

/// Named conversion factors, so models write `3 * TimeScale.picosecondsPerNanosecond`
/// instead of a bare `3000`.
public enum TimeScale {
    public static let picosecondsPerNanosecond: Picoseconds = 1_000
    public static let picosecondsPerMicrosecond: Picoseconds = 1_000_000
    public static let picosecondsPerMillisecond: Picoseconds = 1_000_000_000
    public static let picosecondsPerSecond: Picoseconds = 1_000_000_000_000
}
