import ArcadeCore
import CHDF5
import Foundation

/// Why reading or writing a result file failed: the file, and what went wrong in words
/// (with HDF5's own innermost explanation appended when the library gave one).
public struct ResultFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// The kind of a column, without its values: what an appendable table's schema is made of.
public enum ResultColumnKind: Equatable, Sendable {
    case int, double, string, bool

    public init(_ values: ResultColumnValues) {
        switch values {
        case .int: self = .int
        case .double: self = .double
        case .string: self = .string
        case .bool: self = .bool
        }
    }
}

/// All HDF5 calls go through `HDF5.serialized`. The Debian build is thread-safe, but its error
/// stack and auto-print switch are per thread, and one lock keeps the "call, then read the error
/// stack" pairs of different threads (e.g. parallel tests) from interleaving.
enum HDF5 {
    private final class Gate: @unchecked Sendable { let lock = NSLock() }
    private static let gate = Gate()

    static func serialized<T>(_ body: () throws -> T) rethrows -> T {
        gate.lock.lock()
        defer { gate.lock.unlock() }
        _ = chdf5_silence_errors()
        _ = chdf5_clear_errors()
        return try body()
    }

    static let defaultPlist = chdf5_default()

    /// File-access properties for every open/create: HDF5 file locking off. Locks are flock()s on the
    /// open file description, which a child process spawned meanwhile (h5dump, a sweep worker)
    /// inherits and keeps, so a later open of the same file fails with EAGAIN. Arcade never has two
    /// writers on one file (it writes a temporary and renames), so the lock protects nothing here.
    static let fileAccess: hid_t = {
        let plist = H5Pcreate(chdf5_file_access_plist())
        _ = H5Pset_file_locking(plist, false, true)
        return plist
    }()
}

/// Turns negative HDF5 return codes into `ResultFileError`s that name the file.
struct H5Check {
    let path: String

    @discardableResult
    func id(_ value: hid_t, _ what: @autoclosure () -> String) throws -> hid_t {
        if value < 0 { throw failure(what()) }
        return value
    }

    func ok(_ status: herr_t, _ what: @autoclosure () -> String) throws {
        if status < 0 { throw failure(what()) }
    }

    func failure(_ what: String) -> ResultFileError {
        var buffer = [CChar](repeating: 0, count: 512)
        chdf5_error_summary(&buffer, buffer.count)
        _ = chdf5_clear_errors()
        var detail = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // File-open failures carry the OS reason inside a long description; keep just the reason.
        if let start = detail.range(of: "error message = '"),
           let end = detail[start.upperBound...].firstIndex(of: "'") {
            detail = String(detail[start.upperBound..<end])
        }
        return ResultFileError(path: path, detail.isEmpty ? what : "\(what): \(detail)")
    }

    func error(_ message: String) -> ResultFileError { ResultFileError(path: path, message) }
}

/// Creates an HDF5 compound memory/file type for `columns`: every field in an 8-byte slot (Int64,
/// Double, a `char *` to a variable-length UTF-8 string, or a 1-byte boolean enum), in column order. Variable-length
/// strings rather than fixed width: no width to guess for tables that are appended to later,
/// and h5py gives `bytes` for both kinds anyway.
func makeRowType(_ columns: [(name: String, kind: ResultColumnKind)], _ check: H5Check) throws -> hid_t {
    guard !columns.isEmpty else { throw check.error("a table needs at least one column") }
    let type = try check.id(H5Tcreate(H5T_COMPOUND, 8 * columns.count), "cannot create compound type")
    do {
        for (index, column) in columns.enumerated() {
            let member: hid_t
            switch column.kind {
            case .int: member = chdf5_native_int64()
            case .double: member = chdf5_native_double()
            case .string: member = try check.id(chdf5_vlen_utf8(), "cannot create string type")
            case .bool: member = try check.id(chdf5_bool_enum(), "cannot create boolean type")
            }
            defer { if column.kind == .string || column.kind == .bool { H5Tclose(member) } }
            try check.ok(H5Tinsert(type, column.name, 8 * index, member), "cannot add field '\(column.name)'")
        }
    } catch {
        H5Tclose(type)
        throw error
    }
    return type
}

/// Rows laid out as `makeRowType` describes them. Owns the buffer and the C copies of strings.
final class PackedRows {
    let bytes: UnsafeMutableRawPointer
    let rowCount: Int
    private var strings: [UnsafeMutablePointer<CChar>] = []

    /// Checks what HDF5 cannot store faithfully: strings containing NUL (HDF5 strings are
    /// NUL-terminated, so they would come back truncated).
    init(_ columns: [ResultColumn], rowCount: Int, table: String, _ check: H5Check) throws {
        let width = 8 * columns.count
        self.rowCount = rowCount
        bytes = UnsafeMutableRawPointer.allocate(byteCount: max(1, width * rowCount), alignment: 8)
        // Zeroed so the unused bytes of a boolean's slot are the same in every file written.
        bytes.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, width * rowCount))
        for (index, column) in columns.enumerated() {
            guard column.values.count == rowCount else {
                throw check.error("table '\(table)': column '\(column.name)' has \(column.values.count) rows, expected \(rowCount)")
            }
            let base = bytes + 8 * index
            switch column.values {
            case .int(let values):
                for (row, value) in values.enumerated() { (base + row * width).storeBytes(of: value, as: Int64.self) }
            case .double(let values):
                for (row, value) in values.enumerated() { (base + row * width).storeBytes(of: value, as: Double.self) }
            case .bool(let values):
                for (row, value) in values.enumerated() { (base + row * width).storeBytes(of: Int8(value ? 1 : 0), as: Int8.self) }
            case .string(let values):
                for (row, value) in values.enumerated() {
                    if value.utf8.contains(0) {
                        throw check.error("table '\(table)', column '\(column.name)', row \(row): strings may not contain NUL characters")
                    }
                    guard let copy = strdup(value) else { throw check.error("out of memory copying strings") }
                    strings.append(copy)
                    (base + row * width).storeBytes(of: UnsafePointer<CChar>?(copy), as: UnsafePointer<CChar>?.self)
                }
            }
        }
    }

    deinit {
        strings.forEach { free($0) }
        bytes.deallocate()
    }
}

/// Checks a name used for a table, column or attribute: HDF5 names are C strings, and a `/`
/// in a dataset name would make a nested group rather than a table.
func validateName(_ name: String, what: String, slashAllowed: Bool = true, _ check: H5Check) throws {
    if name.isEmpty { throw check.error("\(what) name is empty") }
    if name.utf8.contains(0) { throw check.error("\(what) name '\(name)' contains a NUL character") }
    if !slashAllowed && (name.contains("/") || name == ".") {
        throw check.error("\(what) name '\(name)' may not contain '/' or be '.'")
    }
}

/// Rejects duplicate names, which HDF5 would otherwise report less readably (or, for
/// attributes, as a failure half-way through writing).
func rejectDuplicates(_ names: [String], what: String, _ check: H5Check) throws {
    var seen = Set<String>()
    for name in names where !seen.insert(name).inserted {
        throw check.error("duplicate \(what) '\(name)'")
    }
}

/// `mkdir -p`, reporting the OS reason (Foundation's message for this is "The file doesn't exist").
func createDirectories(_ directory: String, _ check: H5Check) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue { return }
    let parent = (directory as NSString).deletingLastPathComponent
    if !parent.isEmpty && parent != directory { try createDirectories(parent, check) }
    if mkdir(directory, 0o777) != 0 && errno != EEXIST {
        throw check.error("cannot create directory \(directory): \(String(cString: strerror(errno)))")
    }
}
