import ArcadeCore
import Foundation
import Testing
@testable import ArcadeWorkloads

@Suite struct MemoryTraceReaderTests {
    @Test func readsRamulator2WithHexDecimalCommentsAndBlankLines() throws {
        let text = """
            # a Ramulator 2 LoadStoreTrace
            LD 0x1f40

            ST 8000   # decimal, as its std::stoll reads it
            LD\t0X40\r
            """
        let trace = try MemoryTraceReader.parse(text, file: "r2.trace")
        #expect(trace.format == .ramulator2)
        #expect(trace.requests == [MemoryRequest(address: 0x1F40, kind: .read),
                                   MemoryRequest(address: 8000, kind: .write),
                                   MemoryRequest(address: 0x40, kind: .read)])
    }

    @Test func plainRamulator2LinesAndTheGeneralPathAgree() throws {
        // After the first line, plain `LD 0x…` lines take a one-pass fast path; every other shape
        // (upper-case hex digits or 0X, 17+ digits, trailing text, no final newline) must still
        // read as the general path reads it, or fail with its message.
        let text = "LD 0x10\nST 0xABcd\nLD 0X20\nLD 0x00000000000000000030\nST 0xffffffffffffffff\nLD 0x5"
        let trace = try MemoryTraceReader.parse(text, file: "r2.trace")
        #expect(trace.requests == [MemoryRequest(address: 0x10, kind: .read), MemoryRequest(address: 0xABCD, kind: .write),
                                   MemoryRequest(address: 0x20, kind: .read), MemoryRequest(address: 0x30, kind: .read),
                                   MemoryRequest(address: UInt64.max, kind: .write), MemoryRequest(address: 0x5, kind: .read)])
        for bad in ["LD 0x10\nLD 0x40 extra\n", "LD 0x10\nLD 0x4g\n", "LD 0x10\nLD 0x\n", "LD 0x10\nLD 0x1ffffffffffffffff\n"] {
            #expect(throws: InputError.self, "\(bad)") { try MemoryTraceReader.parse(bad, file: "r2.trace") }
        }
        let error = #expect(throws: InputError.self) { try MemoryTraceReader.parse("LD 0x10\nLD 0x4g\n", file: "r2.trace") }
        #expect(error?.description.contains("r2.trace:2") == true)
    }

    @Test func readsRamulator1AddressesAsHexWithOrWithoutPrefix() throws {
        // Ramulator 1 reads the address with std::stoul(…, 16): "1000" is 0x1000.
        let trace = try MemoryTraceReader.parse("0x1f40 R\n1000 W\n", file: "r1.trace")
        #expect(trace.format == .ramulator1)
        #expect(trace.requests == [MemoryRequest(address: 0x1F40, kind: .read),
                                   MemoryRequest(address: 0x1000, kind: .write)])
    }

    @Test func readsDRAMSim3WithCycles() throws {
        // DRAMSim3 reads the address with std::hex and the cycle in decimal.
        let trace = try MemoryTraceReader.parse("0x40 READ 0\n80 WRITE 10\n0xc0 read 10\n", file: "d3.trace")
        #expect(trace.format == .dramsim3)
        #expect(trace.requests == [MemoryRequest(address: 0x40, kind: .read, arrivalCycle: 0),
                                   MemoryRequest(address: 0x80, kind: .write, arrivalCycle: 10),
                                   MemoryRequest(address: 0xC0, kind: .read, arrivalCycle: 10)])
    }

    @Test func readsAFileAndNamesTheTraceAfterIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-reader-\(UUID()).trace").path
        try "LD 0x0\nLD 0x40\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trace = try MemoryTraceReader.read(path: path)
        #expect(trace.requests.count == 2)
        #expect(trace.name.hasPrefix("arcade-reader-"))
    }

    @Test func largestAddressAndOverflow() throws {
        let trace = try MemoryTraceReader.parse("LD 0xffffffffffffffff\n", file: "t")
        #expect(trace.requests[0].address == UInt64.max)
        let error = expectInputError { try MemoryTraceReader.parse("LD 0x10000000000000000\n", file: "t") }
        #expect(error?.field == "address")
    }

    // MARK: errors: every one names file and line

    /// (text, line, field, words the message must contain)
    static let malformed: [(String, Int, String?, String)] = [
        ("LD 0x40\nLX 0x80\n", 2, "kind", "expected LD or ST"),
        ("LD 0x40\nST 0xZZ\n", 2, "address", "expected a hexadecimal (0x…) or decimal address"),
        ("LD 0x40\nLD\n", 2, nil, "expected 2 fields"),
        ("LD 0x40\nLD 0x80 7\n", 2, nil, "expected 2 fields"),
        ("0x40 R\n0x80 X\n", 2, "kind", "expected R or W"),
        ("0x40 R\n0xg0 W\n", 2, "address", "expected a hexadecimal address"),
        ("0x40 READ 0\n0x80 WRITE x\n", 2, "cycle", "expected a decimal cycle number"),
        ("0x40 READ 0\n0x80 WRITE -1\n", 2, "cycle", "expected a decimal cycle number"),
        ("# only a comment\n\n0x40 FETCH 0\n", 3, nil, "cannot tell the trace format"),
    ]

    @Test(arguments: malformed)
    func malformedLinesNameFileLineAndField(text: String, line: Int, field: String?, expected: String) {
        let error = expectInputError { try MemoryTraceReader.parse(text, file: "bad.trace") }
        #expect(error?.file == "bad.trace")
        #expect(error?.line == line)
        #expect(error?.field == field)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "no error")")
        #expect(error?.description.hasPrefix("bad.trace:\(line): ") == true)
    }

    @Test func mixedFormatsAreAnError() {
        let error = expectInputError { try MemoryTraceReader.parse("LD 0x40\n0x80 R\n", file: "mixed.trace") }
        #expect(error?.line == 2)
        #expect(error?.message.contains("Ramulator 1 format") == true)
        #expect(error?.message.contains("Ramulator 2 format") == true)
        #expect(error?.message.contains("line 1") == true)
        let second = expectInputError { try MemoryTraceReader.parse("0x40 READ 3\n0x80 W\n", file: "mixed.trace") }
        #expect(second?.line == 2 && second?.message.contains("one format per file") == true)
    }

    @Test func decreasingDRAMSim3CyclesAreAnError() {
        let error = expectInputError {
            try MemoryTraceReader.parse("0x0 READ 5\n0x40 READ 9\n\n0x80 READ 8\n", file: "late.trace")
        }
        #expect(error?.line == 4)
        #expect(error?.field == "cycle")
        #expect(error?.message.contains("earlier than 9 on line 2") == true)
    }

    @Test(arguments: ["", "\n\n", "# nothing but comments\n   \n"])
    func emptyTraceIsAnError(text: String) {
        let error = expectInputError { try MemoryTraceReader.parse(text, file: "empty.trace") }
        #expect(error?.file == "empty.trace")
        #expect(error?.message.contains("no requests") == true)
    }

    @Test func missingFileIsAnInputError() {
        let error = expectInputError { try MemoryTraceReader.read(path: "/nonexistent/arcade.trace") }
        #expect(error?.file == "/nonexistent/arcade.trace")
    }
}

/// The InputError `body` throws, recording an issue when it throws nothing or something else.
func expectInputError(_ body: () throws -> Any, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
    do {
        _ = try body()
        Issue.record("expected an InputError, got success", sourceLocation: sourceLocation)
    } catch let error as InputError {
        return error
    } catch {
        Issue.record("expected an InputError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
