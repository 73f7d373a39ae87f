/// A clock with an integer period in picoseconds; rising edges sit at `0, period, 2·period, …`.
///
/// Several domains coexist in one simulation simply because they all convert to the same
/// picosecond time line: a 1 GHz core (1000 ps), a 1.6 GHz HBM interface (625 ps) and a
/// 333 MHz controller (3003 ps) schedule their events on the one shared queue.
///
/// ```swift
/// let core = ClockDomain(periodPicoseconds: 1_000)
/// core.time(ofCycle: 3)                  // 3000
/// core.nextEdge(atOrAfter: 2_001)        // 3000
/// core.cycle(containing: 2_999)          // 2
/// ```
///
/// - Complexity: every conversion is O(1), one multiply or divide.
public struct ClockDomain: Hashable, Sendable, CustomStringConvertible {
    /// Length of one cycle. Always > 0.
    public let periodPicoseconds: Picoseconds

    @inlinable
    public init(periodPicoseconds: Picoseconds) {
        precondition(periodPicoseconds > 0, "a clock period must be at least 1 ps")
        self.periodPicoseconds = periodPicoseconds
    }

    /// A clock from a frequency in MHz; the period is rounded to the nearest picosecond
    /// (333 MHz → 3003 ps, 1600 MHz → 625 ps). The rounding happens once, here, in integers,
    /// so every later edge is exact and reproducible.
    @inlinable
    public init(frequencyMegahertz: UInt64) {
        precondition(frequencyMegahertz > 0 && frequencyMegahertz <= 1_000_000,
                     "frequency must be 1 MHz … 1 THz (a period of at least 1 ps)")
        let picosecondsPerMicrosecond = TimeScale.picosecondsPerMicrosecond
        self.init(periodPicoseconds: (picosecondsPerMicrosecond + frequencyMegahertz / 2) / frequencyMegahertz)
    }

    /// Time of the rising edge that starts cycle `cycle`.
    @inlinable
    public func time(ofCycle cycle: UInt64) -> Picoseconds { cycle * periodPicoseconds }

    /// Duration of `cycles` whole cycles.
    @inlinable
    public func duration(ofCycles cycles: UInt64) -> Picoseconds { cycles * periodPicoseconds }

    /// The cycle in progress at `time` (an edge belongs to the cycle it starts).
    @inlinable
    public func cycle(containing time: Picoseconds) -> UInt64 { time / periodPicoseconds }

    /// Whole cycles needed to cover `duration` (rounds up): a 1500 ps latency on a 1000 ps
    /// clock costs 2 cycles.
    @inlinable
    public func cycles(covering duration: Picoseconds) -> UInt64 {
        duration == 0 ? 0 : (duration - 1) / periodPicoseconds + 1
    }

    /// First rising edge at or after `time`; `time` itself when it is an edge.
    @inlinable
    public func nextEdge(atOrAfter time: Picoseconds) -> Picoseconds {
        let remainder = time % periodPicoseconds
        return remainder == 0 ? time : time - remainder + periodPicoseconds
    }

    /// First rising edge strictly after `time`.
    @inlinable
    public func nextEdge(after time: Picoseconds) -> Picoseconds {
        (time / periodPicoseconds + 1) * periodPicoseconds
    }

    /// When something started at `time` in this domain finishes after `cycles` cycles: wait for
    /// the next edge at or after `time` (a signal from another domain is sampled on an edge),
    /// then count `cycles` periods. On an edge this is simply `time + cycles · period`.
    @inlinable
    public func time(afterCycles cycles: UInt64, from time: Picoseconds) -> Picoseconds {
        nextEdge(atOrAfter: time) + cycles * periodPicoseconds
    }

    public var description: String { "ClockDomain(\(periodPicoseconds) ps)" }
}
