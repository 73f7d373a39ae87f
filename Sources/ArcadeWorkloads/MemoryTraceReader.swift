import ArcadeCore
import Foundation

/// Reads DRAM request traces in the three formats the peer simulators use, telling them apart
/// from the first request line:
///
/// | format | line | address |
/// |---|---|---|
/// | Ramulator 2 (`LoadStoreTrace`) | `LD 0x1f40` / `ST 8000` | `0x…` hex, else decimal (its `std::stoll`) |
/// | Ramulator 1 (DRAM trace) | `0x1f40 R` / `1f40 W` | always hex, `0x` optional (its `std::stoul(…, 16)`) |
/// | DRAMSim3 | `0x1f40 READ 17` / `1f40 WRITE 20` | always hex, `0x` optional (its `std::hex`); cycle decimal |
///
/// Blank lines and `#` comments (whole-line or trailing) are allowed; fields are separated by
/// spaces or tabs; CRLF line ends are accepted. Mixing formats in one file, DRAMSim3 arrival cycles
/// that go backwards and files without a single request are errors. Every error names the file,
/// the line and the field, and says what was expected.
///
/// ```swift
/// let trace = try MemoryTraceReader.read(path: "Workloads/dram/stream-2k.ramulator2.trace")
/// trace.format          // .ramulator2
/// trace.requests[1]     // MemoryRequest(address: 64, kind: .read)
/// ```
///
/// - Complexity: O(bytes), one pass over the raw bytes without splitting into strings
///   (1M lines ≈ 0.1 s in a release build).
public enum MemoryTraceReader {
    /// Reads and parses the trace at `path`; the trace's name is the file name without extension.
    /// `progress` is told (bytes parsed, file bytes) every 2^20 lines.
    public static func read(path: String, progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)? = nil) throws -> MemoryTrace {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the trace file (missing or unreadable)")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try data.withUnsafeBytes { raw in
            try parse(bytes: raw.bindMemory(to: UInt8.self), file: path, name: name, progress: progress)
        }
    }

    /// Parses trace text; `file` is used in error messages only.
    public static func parse(_ text: String, file: String, name: String = "trace") throws -> MemoryTrace {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, name: name) }
    }

    /// Parses the raw bytes of a trace file.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, name: String,
                             progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)? = nil) throws -> MemoryTrace {
        var requests: [MemoryRequest] = []
        requests.reserveCapacity(estimatedLineCount(bytes))
        var format: MemoryTrace.Format? = nil
        var formatLine = 0
        var previousCycle: Int64 = 0
        var previousCycleLine = 0
        var lineNumber = 0
        var lineStart = 0
        let count = bytes.count
        var fields = MemoryTraceFields()

        while lineStart < count {
            if lineNumber & 0xF_FFFF == 0xF_FFFF, let progress { progress(lineStart, count) }
            if format == .ramulator2, let (request, end) = Self.plainRamulator2Line(bytes, from: lineStart) {
                lineNumber += 1
                requests.append(request)
                lineStart = end + 1
                continue
            }
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < count && bytes[lineEnd] != ASCII.newline { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }

            fields.split(bytes, from: lineStart, to: lineEnd)
            if fields.count == 0 { continue }
            if format == nil {
                format = try detectFormat(fields, bytes, file: file, line: lineNumber)
                formatLine = lineNumber
            }
            let request: MemoryRequest
            do {
                request = try parseRequest(fields, bytes, format: format!, file: file, line: lineNumber)
            } catch let error as InputError {
                // A line that is fine in another format means the file mixes formats: say so
                // instead of reporting the field that happened to fail.
                if let other = try? detectFormat(fields, bytes, file: file, line: lineNumber), other != format,
                   (try? parseRequest(fields, bytes, format: other, file: file, line: lineNumber)) != nil {
                    throw InputError(file: file, line: lineNumber,
                                     "this line is in \(other.displayName) format ('\(other.syntax)') but the trace "
                                         + "is in \(format!.displayName) format ('\(format!.syntax)', detected from "
                                         + "line \(formatLine)); expected one format per file")
                }
                throw error
            }
            if let cycle = request.arrivalCycle {
                if cycle < previousCycle {
                    throw InputError(file: file, line: lineNumber, field: "cycle",
                                     "arrival cycle \(cycle) is earlier than \(previousCycle) on line "
                                         + "\(previousCycleLine); expected non-decreasing cycles (DRAMSim3 "
                                         + "offers requests in file order)")
                }
                previousCycle = cycle
                previousCycleLine = lineNumber
            }
            requests.append(request)
        }
        guard let format, !requests.isEmpty else {
            throw InputError(file: file, "the trace has no requests; expected lines like 'LD 0x1000' (Ramulator 2), "
                                 + "'0x1000 R' (Ramulator 1) or '0x1000 READ 0' (DRAMSim3)")
        }
        var trace = MemoryTrace(name: name, format: format, requests: requests)
        if previousCycleLine > 0 { trace.lastArrivalLine = previousCycleLine }
        return trace
    }

    // MARK: - Lines

    /// The common Ramulator 2 line exactly — `LD 0x` or `ST 0x`, 1 to 16 hexadecimal digits, then the
    /// newline or the end — read in one pass: the general path (fields, format checks, messages)
    /// took three times as long per line, a tenth of a whole DRAM run. Anything else (comments,
    /// tabs, decimal addresses, bad lines) returns nil and takes the general path. Returns the
    /// request and the index of the line's end.
    @inline(__always)
    static func plainRamulator2Line(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (MemoryRequest, Int)? {
        let count = bytes.count
        guard start &+ 5 < count, bytes[start &+ 2] == ASCII.space, bytes[start &+ 3] == ASCII.zero,
              bytes[start &+ 4] == ASCII.lowercaseX else { return nil }
        let kind: MemoryRequest.Kind
        switch (bytes[start], bytes[start &+ 1]) {
        case (UInt8(ascii: "L"), UInt8(ascii: "D")): kind = .read
        case (UInt8(ascii: "S"), UInt8(ascii: "T")): kind = .write
        default: return nil
        }
        var index = start &+ 5
        var address: UInt64 = 0
        var invalid: UInt8 = 0
        while index < count && bytes[index] != ASCII.newline {
            // Branch-free: which digits are letters is random, and a branch on it mispredicted about
            // twice per line (cachegrind's branch simulation).
            let byte = bytes[index]
            let decimal = byte &- ASCII.zero
            let letter = (byte | 0x20) &- ASCII.lowercaseA
            let isDecimal: UInt8 = decimal < 10 ? 1 : 0, isLetter: UInt8 = letter < 6 ? 1 : 0
            let pick = 0 &- isDecimal                  // all ones for a decimal digit
            let digit = (decimal & pick) | ((letter &+ 10) & ~pick)
            invalid |= (isDecimal | isLetter) ^ 1
            address = address &<< 4 | UInt64(digit & 15)
            index &+= 1
        }
        let digits = index &- (start &+ 5)
        guard invalid == 0 && digits >= 1 && digits <= 16 else { return nil }
        return (MemoryRequest(address: address, kind: kind), index)
    }

    static func detectFormat(_ fields: MemoryTraceFields, _ bytes: UnsafeBufferPointer<UInt8>,
                             file: String, line: Int) throws -> MemoryTrace.Format {
        let first = fields.range(0)
        if matches(bytes, first, "LD") || matches(bytes, first, "ST") { return .ramulator2 }
        if fields.count >= 2 {
            let second = fields.range(1)
            if fields.count == 2 && (matches(bytes, second, "R") || matches(bytes, second, "W")) { return .ramulator1 }
            if fields.count == 3 && (matchesIgnoringCase(bytes, second, "READ") || matchesIgnoringCase(bytes, second, "WRITE")) {
                return .dramsim3
            }
        }
        throw InputError(file: file, line: line,
                         "cannot tell the trace format from '\(fields.text(bytes))'; expected 'LD|ST ADDRESS' "
                             + "(Ramulator 2), 'ADDRESS R|W' (Ramulator 1) or 'ADDRESS READ|WRITE CYCLE' (DRAMSim3)")
    }

    @inline(__always)
    static func parseRequest(_ fields: MemoryTraceFields, _ bytes: UnsafeBufferPointer<UInt8>,
                             format: MemoryTrace.Format, file: String, line: Int) throws -> MemoryRequest {
        func expectFieldCount(_ expected: Int) throws {
            guard fields.count == expected else {
                throw InputError(file: file, line: line,
                                 "expected \(expected) fields '\(format.syntax)' (\(format.displayName) format), "
                                     + "found \(fields.count): '\(fields.text(bytes))'")
            }
        }
        switch format {
        case .ramulator2:
            try expectFieldCount(2)
            let kindRange = fields.range(0)
            let kind: MemoryRequest.Kind
            if matches(bytes, kindRange, "LD") { kind = .read }
            else if matches(bytes, kindRange, "ST") { kind = .write }
            else { throw fieldError("kind", kindRange, bytes, file, line, "expected LD or ST") }
            let address = try parseAddress(bytes, fields.range(1), hexOnly: false, file, line)
            return MemoryRequest(address: address, kind: kind)
        case .ramulator1:
            try expectFieldCount(2)
            let address = try parseAddress(bytes, fields.range(0), hexOnly: true, file, line)
            let kindRange = fields.range(1)
            let kind: MemoryRequest.Kind
            if matches(bytes, kindRange, "R") { kind = .read }
            else if matches(bytes, kindRange, "W") { kind = .write }
            else { throw fieldError("kind", kindRange, bytes, file, line, "expected R or W") }
            return MemoryRequest(address: address, kind: kind)
        case .dramsim3, .generated:
            try expectFieldCount(3)
            let address = try parseAddress(bytes, fields.range(0), hexOnly: true, file, line)
            let kindRange = fields.range(1)
            let kind: MemoryRequest.Kind
            if matchesIgnoringCase(bytes, kindRange, "READ") { kind = .read }
            else if matchesIgnoringCase(bytes, kindRange, "WRITE") { kind = .write }
            else { throw fieldError("kind", kindRange, bytes, file, line, "expected READ or WRITE") }
            let cycleRange = fields.range(2)
            guard let cycle = parseUnsigned(bytes, cycleRange, radix: 10) else {
                throw fieldError("cycle", cycleRange, bytes, file, line, "expected a decimal cycle number in 0...2^50")
            }
            if let message = MemoryTraceLimits.arrivalViolation(cycle) {
                throw InputError(file: file, line: line, field: "cycle", message)
            }
            return MemoryRequest(address: address, kind: kind, arrivalCycle: Int64(cycle))
        }
    }

    @inline(__always)
    static func parseAddress(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hexOnly: Bool,
                             _ file: String, _ line: Int) throws -> UInt64 {
        var digits = range
        var radix: UInt64 = hexOnly ? 16 : 10
        if range.count > 2 && bytes[range.lowerBound] == ASCII.zero
            && (bytes[range.lowerBound + 1] | 0x20) == ASCII.lowercaseX {
            digits = (range.lowerBound + 2)..<range.upperBound
            radix = 16
        }
        guard let value = parseUnsigned(bytes, digits, radix: radix) else {
            let expected = hexOnly
                ? "expected a hexadecimal address below 2^64 ('0x' optional)"
                : "expected a hexadecimal (0x…) or decimal address below 2^64"
            throw fieldError("address", range, bytes, file, line, expected)
        }
        return value
    }

    /// Digits only, no sign; nil on an empty field, a stray character or overflow.
    @inline(__always)
    static func parseUnsigned(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, radix: UInt64) -> UInt64? {
        guard !range.isEmpty else { return nil }
        var value: UInt64 = 0
        for index in range {
            let byte = bytes[index]
            let digit: UInt64
            switch byte {
            case ASCII.zero...ASCII.nine: digit = UInt64(byte &- ASCII.zero)
            case ASCII.lowercaseA...ASCII.lowercaseF where radix == 16: digit = UInt64(byte &- ASCII.lowercaseA) + 10
            case ASCII.uppercaseA...ASCII.uppercaseF where radix == 16: digit = UInt64(byte &- ASCII.uppercaseA) + 10
            default: return nil
            }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: radix)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            if overflow || carry { return nil }
            value = sum
        }
        return value
    }

    static func fieldError(_ field: String, _ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>,
                           _ file: String, _ line: Int, _ expected: String) -> InputError {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return InputError(file: file, line: line, field: field, "'\(text)' is not allowed; \(expected)")
    }

    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != pointer[offset] { return false }
        return true
    }

    @inline(__always)
    static func matchesIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        // Words are upper-case letters, so OR-ing 0x20 folds both sides to lower case.
        for offset in 0..<range.count where bytes[range.lowerBound + offset] | 0x20 != pointer[offset] | 0x20 {
            return false
        }
        return true
    }

    /// Newline count + 1: exact for request-only files, enough to avoid regrowing the array.
    static func estimatedLineCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var lines = 1
        for byte in bytes where byte == ASCII.newline { lines += 1 }
        return lines
    }
}

extension MemoryTrace.Format {
    /// How the format is named in messages.
    public var displayName: String {
        switch self {
        case .ramulator2: "Ramulator 2"
        case .ramulator1: "Ramulator 1"
        case .dramsim3: "DRAMSim3"
        case .generated: "generated"
        }
    }

    /// One line of the format, as a template.
    public var syntax: String {
        switch self {
        case .ramulator2: "LD|ST ADDRESS"
        case .ramulator1: "ADDRESS R|W"
        case .dramsim3, .generated: "ADDRESS READ|WRITE CYCLE"
        }
    }
}
