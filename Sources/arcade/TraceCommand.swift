import ArcadeCore
import ArcadeWorkloads
import ArgumentParser
import Foundation

/// `arcade trace`: writes a seeded synthetic DRAM request trace in a peer's format.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a seeded DRAM request trace (stream, random or mixed) in a peer simulator's format.",
        discussion: """
            Every request is one 64-byte line. stream: reads at i·64. random: uniform 64-byte-aligned \
            reads over --span-bytes. mixed: random addresses, every third request a write (2 reads : 1 write). \
            The same seed gives the same trace on every platform (SplitMix64).

            Formats: ramulator2 ('LD|ST 0xADDR'), ramulator1 ('0xADDR R|W'), dramsim3 ('0xADDR READ|WRITE 0': \
            all requests available from cycle 0). 'arcade simulate' reads all three.

            Example:
              arcade trace --pattern random --requests 1000000 --seed 1 --format ramulator2 --out random-1m.trace
            """)

    @Option(help: "Access pattern: \(MemoryTraceGenerator.Pattern.allCases.map(\.rawValue).joined(separator: ", ")).")
    var pattern: String

    @Option(help: "Number of requests.")
    var requests: Int

    @Option(help: "Seed of the SplitMix64 generator (random and mixed).")
    var seed: UInt64 = 1

    @Option(help: "Address span of the random patterns in bytes (a multiple of 64).")
    var spanBytes: UInt64 = MemoryTraceGenerator.defaultSpanBytes

    @Option(help: "Output format: \(MemoryTraceWriter.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String

    @Option(help: "Trace file to write.")
    var out: String

    @OptionGroup var limits: WorkLimitOptions

    func run() throws {
        guard let pattern = MemoryTraceGenerator.Pattern(rawValue: pattern) else {
            throw InputError(field: "--pattern", "'\(self.pattern)' is not allowed; expected one of "
                                 + MemoryTraceGenerator.Pattern.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let format = MemoryTraceWriter.Format(rawValue: format) else {
            throw InputError(field: "--format", "'\(self.format)' is not allowed; expected one of "
                                 + MemoryTraceWriter.Format.allCases.map(\.rawValue).joined(separator: ", "))
        }
        // Before anything is allocated: the whole trace is built in memory (32 bytes a request).
        // Above the generator's hard limit its own error says what is allowed at all.
        if requests > MemoryTraceGenerator.requestsWithoutAllowHuge && requests <= MemoryTraceGenerator.maxRequests
            && !limits.allowHuge {
            throw InputError(field: "--requests", "\(requests) requests need about \(requests / 31_250_000) GB of memory "
                                 + "(32 bytes a request); at most 10^8 (\(MemoryTraceGenerator.requestsWithoutAllowHuge)) "
                                 + "are allowed without --allow-huge")
        }
        let trace: MemoryTrace
        do {
            trace = try MemoryTraceGenerator.generate(pattern: pattern, requests: requests, seed: seed,
                                                      spanBytes: spanBytes)
        } catch var error as InputError {
            error.field = error.field.map { "--" + $0 }
            throw error
        }
        try MemoryTraceWriter.write(trace, as: format, to: out)
    }
}
