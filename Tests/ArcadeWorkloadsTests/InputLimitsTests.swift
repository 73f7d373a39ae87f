import ArcadeCore
import Testing
@testable import ArcadeWorkloads

/// Issue 11: every size a topology or a trace gives is bounded when it is read, with the limit in
/// the error, so nothing downstream can overflow, allocate absurdly or run for ever.
@Suite struct InputLimitsTests {
    static let convHeader = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"

    func inputError(_ body: () throws -> Void) -> InputError? {
        do { try body() } catch let error as InputError { return error } catch { return nil }
        return nil
    }

    @Test(arguments: [("4611686018427387904", "4611686018427387904"), ("2147483648", "2147483648"), ("1048577", "1048577")])
    func ifmapHeightAbove2To20IsRefusedAtItsLine(_ height: String, _ shown: String) throws {
        let text = Self.convHeader + "Conv0, 8, 8, 3, 3, 1, 1, 1,\nConv1, \(height), 224, 7, 7, 3, 64, 2,\n"
        let error = try #require(inputError { _ = try TopologyReader.parse(text, file: "t.csv", name: "t") })
        #expect(error.file == "t.csv" && error.line == 3 && error.field == "IFMAP Height")
        #expect(error.message.contains("\(shown) in layer 'Conv1' is too large; IFMAP Height must be ≤ 2^20 (1048576)"))
    }

    @Test func largestDimensionsAreAllowedWhileTheirProductsFit() throws {
        let topology = try TopologyReader.parse("Layer Name, M, N, K,\nA, 1048576, 1048576, 1,\n", file: "g.csv", name: "g")
        #expect(topology.layers == [.gemm(GEMMLayer(name: "A", m: 1 << 20, n: 1 << 20, k: 1))])
        #expect(topology.layerLines == [2])
    }

    @Test func productsBeyondTheirBoundsAreRefused() throws {
        // Each GEMM dimension ≤ 2^20 keeps every matrix ≤ 2^40 words; 2^20 · 2^20 · 2^11 MACs do not fit 2^50.
        let gemm = try #require(inputError {
            _ = try TopologyReader.parse("Layer Name, M, N, K,\nBig, 1048576, 1048576, 2048,\n", file: "g.csv", name: "g")
        })
        #expect(gemm.line == 2 && gemm.field == nil)
        #expect(gemm.message == "layer 'Big' has 2251799813685248 MACs; at most 2^50 (1125899906842624) allowed per layer")
        // A 2^20 × 2^20 ifmap of 2 channels lowers to a 2^40 × 2 operand matrix.
        let conv = try #require(inputError {
            _ = try TopologyReader.parse(Self.convHeader + "Wide, 1048576, 1048576, 1, 1, 2, 1, 1,\n",
                                         file: "c.csv", name: "c")
        })
        #expect(conv.line == 2)
        #expect(conv.message.contains("its ifmap operand matrix (M·K) has 2199023255552 words; at most 2^40"))
    }

    @Test func traceCycleAbove2To50IsRefusedAtItsLine() throws {
        let error = try #require(inputError {
            _ = try MemoryTraceReader.parse("0x0 READ 0\n0x40 READ 9223372036854775807\n", file: "d.trace")
        })
        #expect(error.file == "d.trace" && error.line == 2 && error.field == "cycle")
        #expect(error.message == "arrival cycle 9223372036854775807 is too large; cycles must be ≤ 2^50 (1125899906842624)")
        let beyond64Bits = try #require(inputError {
            _ = try MemoryTraceReader.parse("0x0 READ 99999999999999999999\n", file: "d.trace")
        })
        #expect(beyond64Bits.line == 1 && beyond64Bits.message.contains("0...2^50"))
    }

    @Test func idleTimeFarBeyondTheRequestCountNeedsAllowHuge() throws {
        let trace = try MemoryTraceReader.parse("# two requests\n0x0 READ 0\n0x40 READ 4294967297\n", file: "d.trace")
        #expect(trace.lastArrivalLine == 3)
        let error = try #require(inputError { try MemoryTraceLimits.checkIdleTime(trace, file: "d.trace", allowHuge: false) })
        #expect(error.file == "d.trace" && error.line == 3 && error.field == "cycle")
        #expect(error.message.contains("allowed without --allow-huge: ≤ 4294967296"))
        try MemoryTraceLimits.checkIdleTime(trace, file: "d.trace", allowHuge: true)
        // 2^20 cycles per request: 5,000 requests may span 5,000 · 2^20 cycles.
        var long = trace
        long.requests = Array(repeating: MemoryRequest(address: 0, kind: .read, arrivalCycle: 0), count: 4_999)
            + [MemoryRequest(address: 0, kind: .read, arrivalCycle: 5_000 << 20)]
        try MemoryTraceLimits.checkIdleTime(long, file: "d.trace", allowHuge: false)
        let untimed = try MemoryTraceReader.parse("LD 0x0\n", file: "r.trace")
        #expect(untimed.lastArrivalLine == nil)
        try MemoryTraceLimits.checkIdleTime(untimed, file: "r.trace", allowHuge: false)
    }

    @Test func generatorRefusesMoreRequestsThanTheDRAMModelNumbersBeforeAllocating() throws {
        let error = try #require(inputError {
            _ = try MemoryTraceGenerator.generate(pattern: .stream, requests: 288_230_376_151_711_744, seed: 1)
        })
        #expect(error.field == "requests")
        #expect(error.message.contains("at most 2^31 − 1 (2147483647)"))
    }
}
