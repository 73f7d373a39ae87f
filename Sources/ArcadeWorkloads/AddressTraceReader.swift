import ArcadeCore
import Foundation

/// Reads program address traces for cache hierarchies, in two formats told apart from the first
/// access line, gzip'd or not (gzip's magic bytes, whatever the name):
///
/// | format | lines | address | size |
/// |---|---|---|---|
/// | valgrind lackey (`valgrind --tool=lackey --trace-mem=yes`) | `I  0401a3c0,3`, ` L 1ffefffd08,8`, ` S …`, ` M …` | hex, no `0x` | decimal bytes |
/// | plain | `R 0x1000 8`, `W 0x1040` | hex, `0x` optional | decimal bytes, 1 if absent |
///
/// Valgrind's own messages in a lackey log (`==1234== …`), blank lines and `#` comments are
/// skipped; CRLF line ends are accepted. An access must have 1 to `maxAccessBytes` bytes and end
/// below 2^63 (pycachesim's addresses are C `long`s). Every error names the file, the line and the
/// field, and says what was expected.
///
/// ```swift
/// let trace = try AddressTraceReader.read(path: "Workloads/traces/matmul.lackey.gz")
/// trace.format       // .lackey
/// trace.accesses[0]  // AddressAccess(address: 0x108f00, bytes: 3, kind: .instruction)
/// ```
public enum AddressTraceReader {
    /// Larger accesses are refused: a line like `W 0 4000000000` would otherwise walk 60 million
    /// cache lines. 16 MiB covers any instruction and pycachesim's `store(0, 20 MiB)`-like tests
    /// scaled down.
    public static let maxAccessBytes: UInt32 = 16 << 20

    /// `progress` is told (bytes parsed, text bytes) every 2^20 lines.
    public static func read(path: String, progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)? = nil) throws -> AddressTrace {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the trace file (missing or unreadable)")
        }
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".gz", ".lackey", ".trace", ".txt", ".log"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        return try data.withUnsafeBytes { raw in
            try parse(bytes: raw.bindMemory(to: UInt8.self), file: path, name: name, progress: progress)
        }
    }

    /// Parses trace text (tests, fuzzing); `file` is used in error messages only.
    public static func parse(_ text: String, file: String, name: String = "trace") throws -> AddressTrace {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, name: name) }
    }

    /// Parses a file's bytes, gzip'd or not.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, name: String,
                             progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)? = nil) throws -> AddressTrace {
        if Gzip.isGzip(bytes) {
            let text = try Gzip.decompress(bytes, file: file)
            return try text.withUnsafeBufferPointer { try parseText($0, file: file, name: name, progress: progress) }
        }
        return try parseText(bytes, file: file, name: name, progress: progress)
    }

    static func parseText(_ bytes: UnsafeBufferPointer<UInt8>, file: String, name: String,
                          progress: ((_ bytesDone: Int, _ bytesTotal: Int) -> Void)?) throws -> AddressTrace {
        var accesses: [AddressAccess] = []
        accesses.reserveCapacity(bytes.count / 16)
        var format: AddressTrace.Format? = nil
        var lineNumber = 0
        var start = 0
        let count = bytes.count
        while start < count {
            lineNumber += 1
            if lineNumber & 0xF_FFFF == 0, let progress { progress(start, count) }
            var end = start
            while end < count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            defer { start = end + 1 }
            var last = end
            if last > start && bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            // Lackey's lines start with a space, so only a line of nothing but blanks is blank.
            var first = start
            while first < last && (bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")) { first += 1 }
            if first == last || bytes[first] == UInt8(ascii: "#") { continue }
            if last - start >= 2 && bytes[start] == UInt8(ascii: "=") && bytes[start + 1] == UInt8(ascii: "=") { continue }
            let line = Line(bytes: bytes, start: start, first: first, end: last, number: lineNumber, file: file)
            if format == nil { format = try line.detectFormat() }
            accesses.append(format == .lackey ? try line.lackeyAccess() : try line.plainAccess())
        }
        guard let format, !accesses.isEmpty else {
            throw InputError(file: file, "the trace has no accesses; expected valgrind lackey lines (' L 1ffefffd08,8') "
                                 + "or plain lines ('R 0x1000 8')")
        }
        return AddressTrace(name: name, format: format, accesses: accesses)
    }

    /// One line between `start` and `end` (exclusive, CR removed); `first` is its first non-blank byte.
    struct Line {
        let bytes: UnsafeBufferPointer<UInt8>
        let start: Int
        let first: Int
        let end: Int
        let number: Int
        let file: String

        var text: String { String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }

        func error(_ field: String?, _ message: String) -> InputError {
            InputError(file: file, line: number, field: field, message)
        }

        func detectFormat() throws -> AddressTrace.Format {
            let byte = bytes[first]
            switch byte {
            case UInt8(ascii: "I"), UInt8(ascii: "L"), UInt8(ascii: "S"), UInt8(ascii: "M"):
                if first + 1 < end && bytes[first + 1] == UInt8(ascii: " ") {
                    // ` L addr,size` (a leading space) or `I  addr,size`.
                    if byte == UInt8(ascii: "I") || first > start { return .lackey }
                }
            case UInt8(ascii: "R"), UInt8(ascii: "W"), UInt8(ascii: "r"), UInt8(ascii: "w"):
                return .plain
            default:
                break
            }
            throw error(nil, "'\(text.prefix(40))' is not an access line; expected valgrind lackey lines "
                            + "('I  0401a3c0,3', ' L 1ffefffd08,8', ' S …', ' M …') or plain lines ('R 0x1000 8', 'W 0x1040')")
        }

        func lackeyAccess() throws -> AddressAccess {
            let kind: AddressAccess.Kind
            switch bytes[first] {
            case UInt8(ascii: "I"): kind = .instruction
            case UInt8(ascii: "L"): kind = .load
            case UInt8(ascii: "S"): kind = .store
            case UInt8(ascii: "M"): kind = .modify
            default:
                throw error("kind", "'\(text.prefix(40))': expected I, L, S or M (valgrind lackey), as in the "
                                + "trace's first line")
            }
            var index = first + 1
            while index < end && bytes[index] == UInt8(ascii: " ") { index += 1 }
            let (address, afterAddress) = try hex(from: index, field: "address")
            guard afterAddress < end, bytes[afterAddress] == UInt8(ascii: ",") else {
                throw error("size", "expected ',size' after the address (lackey's 'addr,size')")
            }
            let (size, afterSize) = try decimal(from: afterAddress + 1, field: "size")
            try expectEnd(afterSize)
            return try access(address, size, kind)
        }

        func plainAccess() throws -> AddressAccess {
            let kind: AddressAccess.Kind
            switch bytes[first] | 0x20 {
            case UInt8(ascii: "r"): kind = .load
            case UInt8(ascii: "w"): kind = .store
            default:
                throw error("kind", "'\(text.prefix(40))': expected R or W (plain format), as in the trace's first line")
            }
            var index = first + 1
            guard index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") else {
                throw error("kind", "expected R or W, a space and an address ('R 0x1000 8')")
            }
            index = skipBlanks(index)
            if index + 1 < end && bytes[index] == UInt8(ascii: "0") && bytes[index + 1] | 0x20 == UInt8(ascii: "x") { index += 2 }
            let (address, afterAddress) = try hex(from: index, field: "address")
            let sizeStart = skipBlanks(afterAddress)
            var size: UInt64 = 1
            var after = sizeStart
            if sizeStart < end && bytes[sizeStart] != UInt8(ascii: "#") {
                guard sizeStart > afterAddress else { throw error("address", "expected a hexadecimal address") }
                (size, after) = try decimal(from: sizeStart, field: "size")
            }
            try expectEnd(after)
            return try access(address, size, kind)
        }

        func access(_ address: UInt64, _ size: UInt64, _ kind: AddressAccess.Kind) throws -> AddressAccess {
            guard size >= 1, size <= UInt64(maxAccessBytes) else {
                throw error("size", "\(size) bytes; allowed: 1...\(maxAccessBytes)")
            }
            guard address < (1 << 63) - size else {
                throw error("address", "the access ends beyond 2^63 bytes; allowed: addresses below 0x7fffffffffffffff")
            }
            return AddressAccess(address: address, bytes: UInt32(size), kind: kind)
        }

        func skipBlanks(_ index: Int) -> Int {
            var index = index
            while index < end && (bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")) { index += 1 }
            return index
        }

        func expectEnd(_ index: Int) throws {
            let rest = skipBlanks(index)
            guard rest == end || bytes[rest] == UInt8(ascii: "#") else {
                throw error(nil, "unexpected '\(String(decoding: UnsafeBufferPointer(rebasing: bytes[rest..<end]), as: UTF8.self).prefix(20))' "
                                + "at the end of the line")
            }
        }

        func hex(from index: Int, field: String) throws -> (UInt64, Int) {
            var value: UInt64 = 0
            var index = index
            let begin = index
            while index < end {
                let byte = bytes[index]
                let digit: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
                default:
                    guard index > begin else { throw error(field, "expected a hexadecimal address") }
                    return (value, index)
                }
                guard index - begin < 16 else { throw error(field, "more than 16 hexadecimal digits") }
                value = value << 4 | digit
                index += 1
            }
            guard index > begin else { throw error(field, "expected a hexadecimal address") }
            return (value, index)
        }

        func decimal(from index: Int, field: String) throws -> (UInt64, Int) {
            var value: UInt64 = 0
            var index = index
            let begin = index
            while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                guard index - begin < 12 else { throw error(field, "too many digits; allowed: 1...\(maxAccessBytes)") }
                value = value * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index > begin else { throw error(field, "expected a size in bytes (a whole number)") }
            return (value, index)
        }
    }
}
