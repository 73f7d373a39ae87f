/// Minimum, maximum and select on cycles and keys without compare-and-branch.
///
/// Why: the controller's decisions on random traffic are data-dependent (is this bank legal now?
/// does this effect raise that entry? is this request a write?), and as branches they mispredicted
/// about 40 times per request — cachegrind's branch simulation on 200k requests — which was a large
/// share of the run time on this machine. LLVM turns `Swift.min` and `?:` on such values into jumps
/// often enough that these spell the arithmetic out.
///
/// Every value passed must satisfy |a − b| < 2^63 (cycles and keys lie in 0..<2^62; `Int64.max`
/// means "none" and is only ever compared with such values).
enum DRAMBranchFree {
    /// min(a, b).
    @inline(__always)
    static func minimum(_ a: Int64, _ b: Int64) -> Int64 {
        let difference = a &- b
        return b &+ (difference & (difference >> 63))
    }

    /// max(a, b).
    @inline(__always)
    static func maximum(_ a: Int64, _ b: Int64) -> Int64 {
        let difference = a &- b
        return a &- (difference & (difference >> 63))
    }

    /// `value`, or Int64.max ("none") where `mask` is all ones (mask: 0 or -1).
    @inline(__always)
    static func orNone(_ value: Int64, _ mask: Int64) -> Int64 { (value & ~mask) | (Int64.max & mask) }

    /// 1 for true, 0 for false (a Bool is one byte holding 0 or 1).
    @inline(__always)
    static func bit(_ flag: Bool) -> Int64 { Int64(unsafeBitCast(flag, to: UInt8.self)) }

    /// All ones for true, 0 for false.
    @inline(__always)
    static func mask(_ flag: Bool) -> Int64 { 0 &- bit(flag) }
}
