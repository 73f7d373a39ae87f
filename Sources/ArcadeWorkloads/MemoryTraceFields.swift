/// The whitespace-separated fields of one trace line, found without allocating: the byte ranges
/// of the first three fields and how many fields there are in all (a trace line has at most three).
/// A `#` ends the line's content; spaces, tabs and the `\r` of CRLF files separate fields.
struct MemoryTraceFields {
    static let stored = 3

    private(set) var count = 0
    private var starts = (0, 0, 0)
    private var ends = (0, 0, 0)

    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, from lineStart: Int, to lineEnd: Int) {
        count = 0
        var index = lineStart
        while index < lineEnd {
            let byte = bytes[index]
            if byte == ASCII.hash { break }
            if ASCII.isSeparator(byte) { index += 1; continue }
            let start = index
            while index < lineEnd {
                let next = bytes[index]
                if ASCII.isSeparator(next) || next == ASCII.hash { break }
                index += 1
            }
            switch count {
            case 0: starts.0 = start; ends.0 = index
            case 1: starts.1 = start; ends.1 = index
            case 2: starts.2 = start; ends.2 = index
            default: break
            }
            count += 1
        }
    }

    /// The byte range of field `index` (0, 1 or 2; callers check `count` first).
    @inline(__always)
    func range(_ index: Int) -> Range<Int> {
        switch index {
        case 0: starts.0..<ends.0
        case 1: starts.1..<ends.1
        default: starts.2..<ends.2
        }
    }

    /// The line's fields joined by single spaces, for messages (only the first three are kept).
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        (0..<min(count, Self.stored))
            .map { String(decoding: UnsafeBufferPointer(rebasing: bytes[range($0)]), as: UTF8.self) }
            .joined(separator: " ") + (count > Self.stored ? " …" : "")
    }
}

/// The bytes the trace reader and writer look at.
enum ASCII {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let hash = UInt8(ascii: "#")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowercaseA = UInt8(ascii: "a")
    static let lowercaseF = UInt8(ascii: "f")
    static let uppercaseA = UInt8(ascii: "A")
    static let uppercaseF = UInt8(ascii: "F")
    static let lowercaseX = UInt8(ascii: "x")

    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == carriageReturn }
}
