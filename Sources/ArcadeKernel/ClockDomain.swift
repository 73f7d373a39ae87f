/// A clock whose period is an exact ratio of picoseconds; rising edges sit at
/// `time(ofCycle: 0), time(ofCycle: 1), …`.
///
/// Several domains coexist in one simulation because they all convert to the same picosecond
/// time line: a 1 GHz core (1000 ps), a 1.6 GHz HBM interface (625 ps) and a 700 MHz array
/// (1428.571… ps) schedule their events on the one shared queue.
///
/// The period is kept as a fraction (`picosecondsPerCycles` over `cyclesPerPicoseconds`), never
/// rounded: cycle c's edge is at ⌈c · period⌉ ps, so an edge is never more than 1 ps late and the
/// error does not accumulate. A 700 MHz clock puts cycle 441,602 at 630,860,000 ps (630.86 µs);
/// rounding the period to 1429 ps would have put it at 631.05 µs.
///
/// ```swift
/// let core = ClockDomain(periodPicoseconds: 1_000)
/// core.time(ofCycle: 3)                  // 3000
/// core.nextEdge(atOrAfter: 2_001)        // 3000
/// core.cycle(containing: 2_999)          // 2
/// ClockDomain(frequencyKilohertz: 700_000).time(ofCycle: 441_602)   // 630_860_000
/// ```
///
/// - Complexity: every conversion is O(1): a 128-bit multiply and divide.
public struct ClockDomain: Hashable, Sendable, CustomStringConvertible {
    /// The period is `picosecondsPerCycles / cyclesPerPicoseconds` ps, in lowest terms.
    public let picosecondsPerCycles: UInt64
    public let cyclesPerPicoseconds: UInt64

    /// A clock with an integer period.
    @inlinable
    public init(periodPicoseconds: Picoseconds) {
        precondition(periodPicoseconds > 0, "a clock period must be at least 1 ps")
        picosecondsPerCycles = periodPicoseconds
        cyclesPerPicoseconds = 1
    }

    /// A clock of an exact frequency in kHz (700 MHz = 700_000 kHz): period 10⁹ / f ps, not rounded.
    @inlinable
    public init(frequencyKilohertz: UInt64) {
        precondition(frequencyKilohertz > 0 && frequencyKilohertz <= 1_000_000_000,
                     "frequency must be 1 kHz … 1 THz (a period of at least 1 ps)")
        let picosecondsPerMillisecond: UInt64 = 1_000_000_000
        let divisor = Self.gcd(picosecondsPerMillisecond, frequencyKilohertz)
        picosecondsPerCycles = picosecondsPerMillisecond / divisor
        cyclesPerPicoseconds = frequencyKilohertz / divisor
    }

    /// A clock of an exact frequency in MHz.
    @inlinable
    public init(frequencyMegahertz: UInt64) {
        precondition(frequencyMegahertz > 0 && frequencyMegahertz <= 1_000_000,
                     "frequency must be 1 MHz … 1 THz (a period of at least 1 ps)")
        self.init(frequencyKilohertz: frequencyMegahertz * 1_000)
    }

    @inlinable
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    /// Whether the period is a whole number of picoseconds.
    @inlinable public var hasIntegerPeriod: Bool { cyclesPerPicoseconds == 1 }

    /// The period rounded to the nearest picosecond — for display only; every conversion below
    /// uses the exact ratio.
    @inlinable
    public var periodPicoseconds: Picoseconds {
        (picosecondsPerCycles + cyclesPerPicoseconds / 2) / cyclesPerPicoseconds
    }

    /// ⌈x · numerator / denominator⌉ without overflow for any x whose result fits.
    @inlinable @inline(__always)
    static func scaleUp(_ x: UInt64, _ numerator: UInt64, _ denominator: UInt64) -> UInt64 {
        if denominator == 1 { return x * numerator }
        let product = x.multipliedFullWidth(by: numerator)
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        return remainder == 0 ? quotient : quotient + 1
    }

    /// ⌊x · numerator / denominator⌋.
    @inlinable @inline(__always)
    static func scaleDown(_ x: UInt64, _ numerator: UInt64, _ denominator: UInt64) -> UInt64 {
        if numerator == 1 { return x / denominator }
        let product = x.multipliedFullWidth(by: numerator)
        return denominator.dividingFullWidth(product).quotient
    }

    /// Time of the rising edge that starts cycle `cycle`: ⌈cycle · period⌉.
    @inlinable
    public func time(ofCycle cycle: UInt64) -> Picoseconds {
        Self.scaleUp(cycle, picosecondsPerCycles, cyclesPerPicoseconds)
    }

    /// Duration of `cycles` whole cycles counted from cycle 0 (for a fractional period, the
    /// length of a span depends on where it starts; use `time(afterCycles:from:)` for that).
    @inlinable
    public func duration(ofCycles cycles: UInt64) -> Picoseconds { time(ofCycle: cycles) }

    /// The cycle in progress at `time` (an edge belongs to the cycle it starts).
    @inlinable
    public func cycle(containing time: Picoseconds) -> UInt64 {
        // The largest c with ⌈c · period⌉ ≤ time, i.e. c · period ≤ time.
        Self.scaleDown(time, cyclesPerPicoseconds, picosecondsPerCycles)
    }

    /// Whole cycles from cycle 0 needed to cover `duration` (rounds up): a 1500 ps latency on a
    /// 1000 ps clock costs 2 cycles.
    @inlinable
    public func cycles(covering duration: Picoseconds) -> UInt64 {
        guard duration > 0 else { return 0 }
        // The smallest n with ⌈n · period⌉ ≥ duration, i.e. n · period > duration − 1.
        return Self.scaleDown(duration - 1, cyclesPerPicoseconds, picosecondsPerCycles) + 1
    }

    /// First rising edge at or after `time`; `time` itself when it is an edge.
    @inlinable
    public func nextEdge(atOrAfter time: Picoseconds) -> Picoseconds {
        let cycle = self.cycle(containing: time)
        let edge = self.time(ofCycle: cycle)
        return edge == time ? time : self.time(ofCycle: cycle + 1)
    }

    /// First rising edge strictly after `time`.
    @inlinable
    public func nextEdge(after time: Picoseconds) -> Picoseconds {
        self.time(ofCycle: cycle(containing: time) + 1)
    }

    /// When something started at `time` in this domain finishes after `cycles` cycles: wait for
    /// the next edge at or after `time` (a signal from another domain is sampled on an edge),
    /// then count `cycles` cycles.
    @inlinable
    public func time(afterCycles cycles: UInt64, from time: Picoseconds) -> Picoseconds {
        if cyclesPerPicoseconds == 1 { return nextEdge(atOrAfter: time) + cycles * picosecondsPerCycles }
        let edge = nextEdge(atOrAfter: time)
        return self.time(ofCycle: cycle(containing: edge) + cycles)
    }

    public var description: String {
        hasIntegerPeriod ? "ClockDomain(\(picosecondsPerCycles) ps)"
            : "ClockDomain(\(picosecondsPerCycles)/\(cyclesPerPicoseconds) ps)"
    }
}
