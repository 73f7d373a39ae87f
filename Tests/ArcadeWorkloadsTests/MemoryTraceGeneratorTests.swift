import ArcadeCore
import ArcadeKernel
import Foundation
import Testing
@testable import ArcadeWorkloads

@Suite struct MemoryTraceGeneratorTests {
    @Test func streamIsConsecutiveLines() throws {
        let trace = try MemoryTraceGenerator.generate(pattern: .stream, requests: 4, seed: 99)
        #expect(trace.requests.map(\.address) == [0, 64, 128, 192])
        #expect(trace.requests.allSatisfy { $0.kind == .read && $0.arrivalCycle == nil })
        #expect(trace.format == .generated && trace.name == "stream")
    }

    @Test func streamWrapsInsideTheSpan() throws {
        let trace = try MemoryTraceGenerator.generate(pattern: .stream, requests: 5, seed: 1, spanBytes: 192)
        #expect(trace.requests.map(\.address) == [0, 64, 128, 0, 64])
    }

    @Test func randomKnownValuesForSeedOne() throws {
        // SplitMix64(seed: 1) draws 0x910a2dec89025cc1, 0xbeeb8da1658eec67, 0xf893a2eefb32555e
        // (Vigna's splitmix64.c); over 2^24 lines of 64 B the line is the draw's top 24 bits.
        let trace = try MemoryTraceGenerator.generate(pattern: .random, requests: 3, seed: 1)
        #expect(trace.requests.map(\.address) == [0x2442_8B40, 0x2FBA_E340, 0x3E24_E880])
        #expect(trace.requests.allSatisfy { $0.kind == .read })
    }

    @Test func mixedIsTwoReadsToOneWriteOnTheRandomAddresses() throws {
        let mixed = try MemoryTraceGenerator.generate(pattern: .mixed, requests: 3_000, seed: 5)
        let random = try MemoryTraceGenerator.generate(pattern: .random, requests: 3_000, seed: 5)
        #expect(mixed.requests.map(\.address) == random.requests.map(\.address))
        #expect(mixed.requests.filter { $0.kind == .write }.count == 1_000)
        #expect(mixed.requests.prefix(6).map(\.kind) == [.read, .read, .write, .read, .read, .write])
    }

    @Test(arguments: MemoryTraceGenerator.Pattern.allCases)
    func addressesAreAlignedAndInsideTheSpan(pattern: MemoryTraceGenerator.Pattern) throws {
        let span: UInt64 = 1 << 20
        let trace = try MemoryTraceGenerator.generate(pattern: pattern, requests: 50_000, seed: 3, spanBytes: span)
        #expect(trace.requests.allSatisfy { $0.address % 64 == 0 && $0.address < span })
    }

    @Test func sameSeedSameTraceOtherSeedOtherTrace() throws {
        let first = try MemoryTraceGenerator.generate(pattern: .mixed, requests: 10_000, seed: 42)
        let second = try MemoryTraceGenerator.generate(pattern: .mixed, requests: 10_000, seed: 42)
        let other = try MemoryTraceGenerator.generate(pattern: .mixed, requests: 10_000, seed: 43)
        #expect(first == second)
        #expect(first != other)
        // The generic entry point with a SplitMix64 is the same stream.
        var generator = SplitMix64(seed: 42)
        #expect(try MemoryTraceGenerator.generate(pattern: .mixed, requests: 10_000, using: &generator) == first)
    }

    @Test func badArgumentsAreInputErrors() {
        #expect(expectInputError { try MemoryTraceGenerator.generate(pattern: .stream, requests: 0, seed: 1) }?
            .field == "requests")
        #expect(expectInputError {
            try MemoryTraceGenerator.generate(pattern: .random, requests: 1, seed: 1, spanBytes: 100)
        }?.field == "span-bytes")
    }
}

@Suite struct MemoryTraceRoundTripTests {
    @Test(arguments: MemoryTraceWriter.Format.allCases)
    func generatorWriterReaderRoundTrip(format: MemoryTraceWriter.Format) throws {
        let generated = try MemoryTraceGenerator.generate(pattern: .mixed, requests: 2_000, seed: 11)
        let bytes = MemoryTraceWriter.render(generated, as: format)
        let read = try bytes.withUnsafeBufferPointer {
            try MemoryTraceReader.parse(bytes: $0, file: "round-trip", name: "mixed")
        }
        #expect(read.format.rawValue == format.rawValue)
        #expect(read.requests.map(\.address) == generated.requests.map(\.address))
        #expect(read.requests.map(\.kind) == generated.requests.map(\.kind))
        // DRAMSim3 lines need a cycle: untimed requests are written as available at cycle 0.
        let expectedCycle: Int64? = format == .dramsim3 ? 0 : nil
        #expect(read.requests.allSatisfy { $0.arrivalCycle == expectedCycle })
    }

    @Test func writerSyntaxOfEachFormat() throws {
        let trace = MemoryTrace(name: "t", format: .generated, requests: [
            MemoryRequest(address: 0, kind: .read), MemoryRequest(address: 0xABC0, kind: .write, arrivalCycle: 1234),
        ])
        func text(_ format: MemoryTraceWriter.Format) -> String {
            String(decoding: MemoryTraceWriter.render(trace, as: format), as: UTF8.self)
        }
        #expect(text(.ramulator2) == "LD 0x0\nST 0xabc0\n")
        #expect(text(.ramulator1) == "0x0 R\n0xabc0 W\n")
        #expect(text(.dramsim3) == "0x0 READ 0\n0xabc0 WRITE 1234\n")
        let largest = MemoryTrace(name: "t", format: .generated,
                                  requests: [MemoryRequest(address: .max, kind: .read, arrivalCycle: .max)])
        #expect(String(decoding: MemoryTraceWriter.render(largest, as: .dramsim3), as: UTF8.self)
                    == "0xffffffffffffffff READ 9223372036854775807\n")
    }

    @Test func writesAndReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-rt-\(UUID()).trace").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let generated = try MemoryTraceGenerator.generate(pattern: .stream, requests: 100, seed: 1)
        try MemoryTraceWriter.write(generated, as: .ramulator1, to: path)
        let read = try MemoryTraceReader.read(path: path)
        #expect(read.format == .ramulator1 && read.requests == generated.requests)
    }

    @Test func shippedTracesReadAndMatchTheirGenerator() throws {
        // Workloads/dram/ ships traces made by `arcade trace`; each must still be what the generator gives.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Workloads/dram")
        let shipped: [(file: String, pattern: MemoryTraceGenerator.Pattern, format: MemoryTrace.Format)] = [
            ("stream-2k.ramulator2.trace", .stream, .ramulator2),
            ("random-2k.ramulator1.trace", .random, .ramulator1),
            ("mixed-2k.dramsim3.trace", .mixed, .dramsim3),
            ("mixed-2k.ramulator2.trace", .mixed, .ramulator2),
        ]
        for entry in shipped {
            let trace = try MemoryTraceReader.read(path: root.appendingPathComponent(entry.file).path)
            let generated = try MemoryTraceGenerator.generate(pattern: entry.pattern, requests: 2_000, seed: 1)
            #expect(trace.format == entry.format, "\(entry.file)")
            #expect(trace.requests.map(\.address) == generated.requests.map(\.address), "\(entry.file)")
            #expect(trace.requests.map(\.kind) == generated.requests.map(\.kind), "\(entry.file)")
        }
    }
}

@Suite struct MemoryTraceSpeedTests {
    /// 1M lines must parse in well under 0.5 s in release builds (≈ 0.1 s CPU measured). Timed in
    /// this thread's CPU time, so a loaded machine or parallel tests do not make it flaky; debug
    /// builds are ~10× slower, so the bound is checked only in release.
    @Test func millionLinesParseFast() throws {
        let generated = try MemoryTraceGenerator.generate(pattern: .mixed, requests: 1_000_000, seed: 1)
        let bytes = MemoryTraceWriter.render(generated, as: .ramulator2)
        let start = threadCPUSeconds()
        let parsed = try bytes.withUnsafeBufferPointer { try MemoryTraceReader.parse(bytes: $0, file: "big", name: "big") }
        let seconds = threadCPUSeconds() - start
        #expect(parsed.requests.count == 1_000_000)
        #expect(parsed.requests.map(\.address) == generated.requests.map(\.address))
        #if !DEBUG
        #expect(seconds < 0.3, "\(seconds) s")
        #endif
    }

    func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
