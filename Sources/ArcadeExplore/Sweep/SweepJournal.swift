import ArcadeCore
import ArcadeResults
import Foundation

/// The in-progress (`.partial`) file of a sweep: an append-only journal of checksummed frames.
///
/// ```
/// "ARCADE-SWEEP-JOURNAL 1\n"                      magic, 23 bytes
/// frame 0: header  — the sweep's attributes and the table's columns (names, kinds)
/// frame 1…: one batch of rows each, column-major
/// frame   := payload length (UInt32 LE) · check of that length (UInt32 LE: the low half of
///            FNV-1a 64 of its 4 bytes) · FNV-1a 64 of the payload (UInt64 LE) · payload
/// ```
/// Why not HDF5 (as before): an HDF5 file being appended to is readable only between flushes, so
/// a sweep killed while creating it left a file no resume could open, and libhdf5 crashed on
/// garbled bytes instead of reporting them. Here:
/// - the file appears complete with its header (written to `.NAME.tmp`, then renamed), so it is
///   resumable from the moment it exists;
/// - a kill in the middle of an append leaves a short last frame (a correct prefix of it: a frame
///   header cut short, or a length that checks but points past the end): that torn tail is
///   dropped on resume, and the batch it held is evaluated again;
/// - any other mismatch (a length that fails its check — so a garbled length is never mistaken
///   for a torn tail —, a frame whose bytes do not hash to its checksum, a bad magic, a header
///   that does not parse) is corruption, refused with the file and the byte offset.
///
/// - Complexity: reading is one pass over the file; appending writes one frame per batch.
public enum SweepJournal {
    static let magic = Array("ARCADE-SWEEP-JOURNAL 1\n".utf8)
    static let frameHeaderBytes = 16
    /// Largest frame accepted on read (a batch of 16 × jobs rows is far below it).
    static let maximumFrameBytes = 1 << 30

    public struct Contents {
        public var attributes: [(key: String, value: String)]
        public var table: ResultTable
        /// Bytes of whole frames; anything after it is a torn last frame.
        public var validLength: Int
        public var tornTailBytes: Int
    }

    /// Whether the file at `path` starts with the journal's magic.
    public static func isJournal(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)).map { Array($0) == magic } ?? false
    }

    /// Reads and verifies every frame. Throws `InputError` naming the file on corruption.
    public static func read(path: String) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot be read: \(String(cString: strerror(errno)))")
        }
        return try data.withUnsafeBytes { try parse(UnsafeRawBufferPointer($0), path: path) }
    }

    static func corrupted(_ path: String, _ what: String) -> InputError {
        InputError(file: path, "is corrupted (\(what)); remove it to start this sweep (or shard) over")
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Contents {
        guard bytes.count >= magic.count, bytes.prefix(magic.count).elementsEqual(magic) else {
            throw corrupted(path, "it does not start with the Arcade sweep journal header")
        }
        var offset = magic.count
        var frames: [(offset: Int, payload: UnsafeRawBufferPointer)] = []
        var torn = 0
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= frameHeaderBytes else { torn = remaining; break }
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            let lengthCheck = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
            let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            guard lengthCheck == check(UInt32(length)) else {
                throw corrupted(path, "the length of the frame at byte \(offset) does not match its check")
            }
            guard length <= maximumFrameBytes else { throw corrupted(path, "frame at byte \(offset) claims \(length) bytes") }
            guard length <= remaining - frameHeaderBytes else { torn = remaining; break }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + frameHeaderBytes)..<(offset + frameHeaderBytes + length)])
            guard ContentChecksum.fnv1a(payload) == stored else {
                throw corrupted(path, "the frame at byte \(offset) does not match its checksum")
            }
            frames.append((offset, payload))
            offset += frameHeaderBytes + length
        }
        guard let header = frames.first else {
            throw corrupted(path, "its header frame is missing or incomplete")
        }
        var reader = Reader(bytes: header.payload, path: path, frameOffset: header.offset)
        let attributeCount = try reader.count()
        var attributes: [(key: String, value: String)] = []
        for _ in 0..<attributeCount { attributes.append((try reader.string(), try reader.string())) }
        let columnCount = try reader.count()
        var schema: [(name: String, kind: ResultColumnKind)] = []
        for _ in 0..<columnCount { schema.append((try reader.string(), try reader.kind())) }
        try reader.finish()
        var ints: [[Int64]] = schema.map { _ in [] }, doubles: [[Double]] = schema.map { _ in [] }
        var strings: [[String]] = schema.map { _ in [] }, flags: [[Bool]] = schema.map { _ in [] }
        for frame in frames.dropFirst() {
            var reader = Reader(bytes: frame.payload, path: path, frameOffset: frame.offset)
            let rows = try reader.count()
            for (index, column) in schema.enumerated() {
                switch column.kind {
                case .int: for _ in 0..<rows { ints[index].append(Int64(bitPattern: try reader.word())) }
                case .double: for _ in 0..<rows { doubles[index].append(Double(bitPattern: try reader.word())) }
                case .string: for _ in 0..<rows { strings[index].append(try reader.string()) }
                case .bool: for _ in 0..<rows { flags[index].append(try reader.flag()) }
                }
            }
            try reader.finish()
        }
        let columns = schema.enumerated().map { index, column -> ResultColumn in
            switch column.kind {
            case .int: return ResultColumn(column.name, .int(ints[index]))
            case .double: return ResultColumn(column.name, .double(doubles[index]))
            case .string: return ResultColumn(column.name, .string(strings[index]))
            case .bool: return ResultColumn(column.name, .bool(flags[index]))
            }
        }
        return Contents(attributes: attributes, table: ResultTable(name: SweepTableFormat.tableName, columns: columns),
                        validLength: offset, tornTailBytes: torn)
    }

    /// Creates the journal at `path` with its header, atomically: written to `.tmp` beside it and
    /// renamed, so `path` never exists without a whole header. Refuses duplicate column names.
    public static func create(path: String, attributes: [(key: String, value: String)], columns: [ResultColumn]) throws {
        var names = Set<String>()
        for column in columns where !names.insert(column.name).inserted {
            throw InputError(file: path, "two columns are both named '\(column.name)'")
        }
        var header = Writer()
        header.count(attributes.count)
        for (key, value) in attributes { header.string(key); header.string(value) }
        header.count(columns.count)
        for column in columns { header.string(column.name); header.kind(ResultColumnKind(column.values)) }
        let temporary = path + ".tmp"
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw InputError(file: path, "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        do {
            try writeAll(descriptor, magic + frame(header.bytes), path: temporary)
            guard fsync(descriptor) == 0 else { throw InputError(file: temporary, "cannot sync: \(String(cString: strerror(errno)))") }
            close(descriptor)
            guard rename(temporary, path) == 0 else {
                throw InputError(file: path, "cannot rename \(temporary) to it: \(String(cString: strerror(errno)))")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }

    /// The check stored beside a frame's length.
    static func check(_ length: UInt32) -> UInt32 {
        withUnsafeBytes(of: length.littleEndian) { UInt32(truncatingIfNeeded: ContentChecksum.fnv1a($0)) }
    }

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var bytes = withUnsafeBytes(of: UInt32(payload.count).littleEndian, Array.init)
        bytes += withUnsafeBytes(of: check(UInt32(payload.count)).littleEndian, Array.init)
        bytes += payload.withUnsafeBytes { withUnsafeBytes(of: ContentChecksum.fnv1a($0).littleEndian, Array.init) }
        return bytes + payload
    }

    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        try bytes.withUnsafeBytes { buffer in
            while done < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))")
                }
                done += count
            }
        }
    }

    /// Appends batches to an existing journal, after cutting off a torn last frame.
    public final class Appender {
        let path: String
        let columns: [(name: String, kind: ResultColumnKind)]
        private var descriptor: Int32

        /// Opens the journal at `path` (verified by `read`) for appending; its columns must be `columns`.
        public init(path: String, columns: [(name: String, kind: ResultColumnKind)]) throws {
            let contents = try SweepJournal.read(path: path)
            let found = contents.table.columns.map { (name: $0.name, kind: ResultColumnKind($0.values)) }
            guard found.elementsEqual(columns, by: { $0.name == $1.name && $0.kind == $1.kind }) else {
                throw InputError(file: path, "has columns \(found.map(\.name)), this sweep writes \(columns.map(\.name))")
            }
            self.path = path
            self.columns = columns
            descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw InputError(file: path, "cannot open to append: \(String(cString: strerror(errno)))") }
            guard ftruncate(descriptor, off_t(contents.validLength)) == 0,
                  lseek(descriptor, 0, SEEK_END) == off_t(contents.validLength) else {
                closeDescriptor(descriptor)
                throw InputError(file: path, "cannot cut its torn last frame: \(String(cString: strerror(errno)))")
            }
        }

        deinit { if descriptor >= 0 { closeDescriptor(descriptor) } }

        /// Appends one frame of rows (column-major, in the journal's column order). One `write`:
        /// after it returns the rows survive a kill of this process.
        public func append(_ rows: [ResultColumn]) throws {
            guard descriptor >= 0 else { throw InputError(file: path, "is closed") }
            let given = rows.map { (name: $0.name, kind: ResultColumnKind($0.values)) }
            guard given.elementsEqual(columns, by: { $0.name == $1.name && $0.kind == $1.kind }) else {
                throw InputError(file: path, "rows have columns \(given.map(\.name)), expected \(columns.map(\.name))")
            }
            let count = rows.first?.values.count ?? 0
            guard count > 0 else { return }
            var payload = Writer()
            payload.count(count)
            for column in rows {
                guard column.values.count == count else { throw InputError(file: path, "column '\(column.name)' has \(column.values.count) rows, expected \(count)") }
                switch column.values {
                case .int(let values): values.forEach { payload.word(UInt64(bitPattern: $0)) }
                case .double(let values): values.forEach { payload.word($0.bitPattern) }
                case .string(let values): values.forEach { payload.string($0) }
                case .bool(let values): values.forEach { payload.bytes.append($0 ? 1 : 0) }
                }
            }
            guard payload.bytes.count <= SweepJournal.maximumFrameBytes else {
                throw InputError(file: path, "a batch of \(count) rows takes \(payload.bytes.count) bytes; allowed: at most "
                                 + "\(SweepJournal.maximumFrameBytes) per batch (use a smaller --batch)")
            }
            try SweepJournal.writeAll(descriptor, SweepJournal.frame(payload.bytes), path: path)
        }

        /// Nothing to do: a frame survives a kill of this process once `append` returned, and an
        /// fsync per batch would cost more than the batch on a slow disk. `close` syncs.
        public func flush() throws {}

        public func close() throws {
            guard descriptor >= 0 else { return }
            let status = fsync(descriptor)
            closeDescriptor(descriptor)
            descriptor = -1
            guard status == 0 else { throw InputError(file: path, "cannot sync: \(String(cString: strerror(errno)))") }
        }
    }

    struct Writer {
        var bytes: [UInt8] = []
        mutating func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        mutating func count(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes += $0 } }
        mutating func string(_ value: String) { count(value.utf8.count); bytes += value.utf8 }
        mutating func kind(_ value: ResultColumnKind) {
            switch value {
            case .int: bytes.append(0)
            case .double: bytes.append(1)
            case .string: bytes.append(2)
            case .bool: bytes.append(3)
            }
        }
    }

    /// Bounds-checked reads from one verified payload; a payload that does not parse is corruption too.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        let path: String
        let frameOffset: Int
        var position = 0

        func bad(_ what: String) -> InputError { SweepJournal.corrupted(path, "the frame at byte \(frameOffset) \(what)") }

        mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
            guard count >= 0, count <= bytes.count - position else { throw bad("ends early") }
            defer { position += count }
            return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        }
        mutating func word() throws -> UInt64 { UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) }
        mutating func count() throws -> Int { Int(UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))) }
        mutating func string() throws -> String {
            let raw = try take(try count())
            guard let text = String(validating: raw, as: UTF8.self) else { throw bad("holds text that is not UTF-8") }
            return text
        }
        mutating func kind() throws -> ResultColumnKind {
            switch try take(1)[0] {
            case 0: return .int
            case 1: return .double
            case 2: return .string
            case 3: return .bool
            default: throw bad("names an unknown column kind")
            }
        }
        mutating func flag() throws -> Bool {
            switch try take(1)[0] {
            case 0: return false
            case 1: return true
            default: throw bad("holds a flag that is neither 0 nor 1")
            }
        }
        func finish() throws { if position != bytes.count { throw bad("has \(bytes.count - position) bytes left over") } }
    }
}

/// `close(2)`, callable where a `close()` method hides the global function.
fileprivate func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
