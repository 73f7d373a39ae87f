import ArcadeCore
import ArcadeKernel

/// Makes the synthetic request traces of the peer comparison (../shared/notes/peers.md): every
/// request is one 64-byte line, and none carries an arrival cycle (offered one per memory cycle
/// from cycle 0, as the peers inject them).
///
/// - `stream`: reads of consecutive lines, address = i · 64.
/// - `random`: reads of uniformly random 64-byte-aligned lines in `0..<spanBytes` (default 1 GiB).
/// - `mixed`: random addresses as `random`, every third request a write (reads : writes = 2 : 1).
///
/// ```swift
/// let trace = try MemoryTraceGenerator.generate(pattern: .random, requests: 1_000, seed: 7)
/// let again = try MemoryTraceGenerator.generate(pattern: .random, requests: 1_000, seed: 7)
/// trace == again  // true: the seed fixes every address
/// ```
///
/// - Complexity: O(requests), one generator draw per random request.
public enum MemoryTraceGenerator {
    public enum Pattern: String, CaseIterable, Sendable {
        case stream, random, mixed
    }

    /// The request size of every generated request: one cache line, one DDR4 BL8 burst.
    public static let requestBytes: UInt64 = 64
    /// The random patterns' default address span, as in the peer comparison.
    public static let defaultSpanBytes: UInt64 = 1 << 30

    /// The most requests a trace may hold: the DRAM model numbers requests in 32 bits.
    public static let maxRequests = Int(Int32.max)
    /// The most `arcade trace` generates without `--allow-huge` (3 GB in memory, 1.5 GB on disk).
    public static let requestsWithoutAllowHuge = 100_000_000

    /// A trace drawn from `SplitMix64(seed: seed)`.
    public static func generate(pattern: Pattern, requests: Int, seed: UInt64,
                                spanBytes: UInt64 = defaultSpanBytes) throws -> MemoryTrace {
        var generator = SplitMix64(seed: seed)
        return try generate(pattern: pattern, requests: requests, spanBytes: spanBytes, using: &generator)
    }

    /// A trace drawn from any generator (pass a `SplitMix64` for results that are the same on
    /// every platform and Swift version).
    public static func generate<Generator: RandomNumberGenerator>(
        pattern: Pattern, requests: Int, spanBytes: UInt64 = defaultSpanBytes, using generator: inout Generator
    ) throws -> MemoryTrace {
        guard requests >= 1 else {
            throw InputError(field: "requests", "\(requests) requests asked for; expected at least 1")
        }
        // Checked before `reserveCapacity`, which would otherwise abort on a failed allocation.
        guard requests <= maxRequests else {
            throw InputError(field: "requests", "\(requests) requests asked for; at most 2^31 − 1 (\(maxRequests)) "
                                 + "are allowed (the DRAM model numbers requests in 32 bits)")
        }
        guard spanBytes >= requestBytes, spanBytes % requestBytes == 0 else {
            throw InputError(field: "span-bytes", "\(spanBytes) is not allowed; expected a positive multiple of "
                                 + "\(requestBytes) (the request size)")
        }
        let lines = spanBytes / requestBytes
        var list: [MemoryRequest] = []
        list.reserveCapacity(requests)
        switch pattern {
        case .stream:
            for index in 0..<UInt64(requests) {
                // Wraps inside the span, so a long stream never leaves the memory it was given.
                list.append(MemoryRequest(address: (index % lines) * requestBytes, kind: .read))
            }
        case .random, .mixed:
            for index in 0..<requests {
                // Multiply-high (Lemire) without rejection, written out rather than calling
                // `next(upperBound:)` so the addresses do not depend on the standard library's
                // algorithm; identical to `SplitMix64.next(below:)`.
                let line = generator.next().multipliedFullWidth(by: lines).high
                let isWrite = pattern == .mixed && index % 3 == 2
                list.append(MemoryRequest(address: line * requestBytes, kind: isWrite ? .write : .read))
            }
        }
        return MemoryTrace(name: pattern.rawValue, format: .generated, requests: list)
    }
}
