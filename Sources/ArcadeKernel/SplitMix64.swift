/// SplitMix64 (Steele, Lea & Flood 2014; the reference is Vigna's `splitmix64.c`): a tiny,
/// fast, seedable generator. Every seeded random choice in Arcade (workload generators,
/// benchmark delays, search agents) draws from it, so a seed fully determines a run on every
/// platform — unlike `SystemRandomNumberGenerator`, which cannot be seeded.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let delay = UInt64.random(in: 1...2_000, using: &rng)
/// ```
///
/// - Complexity: O(1) per draw; 8 bytes of state. Not cryptographically secure.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The whole generator state: copying the struct forks an identical stream, and saving and
    /// restoring it checkpoints the stream.
    public var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        // Constants from the reference implementation (golden-ratio increment, Stafford mix 13).
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A draw in `0..<bound` by multiply-high (Lemire), without rejection: the bias is at most
    /// bound / 2^64, irrelevant for delays and choices, and it costs one multiply.
    @inlinable
    public mutating func next(below bound: UInt64) -> UInt64 {
        next().multipliedFullWidth(by: bound).high
    }
}
