import Foundation

/// A checksum of a whole file's content, verified before any parser touches the file.
///
/// HDF5 does not protect a file against garbling: raw data is unchecked (Fletcher32 covers only
/// chunked datasets, and variable-length strings live in an unchecked global heap), and libhdf5
/// may crash on garbled metadata rather than report it. So a checksummed result file reserves an
/// HDF5 *user block* (`userBlockBytes` at the start, which HDF5, h5py and h5dump skip) and, once
/// the file is complete, stamps into it the length and the FNV-1a 64 hash of every byte after it:
///
/// ```
/// ARCADE-CONTENT-CHECKSUM 1
/// algorithm: fnv1a-64
/// bytes: 48213
/// hash: 9f0c2a6b1d3e4f50
/// ```
/// (NUL-padded to 512 bytes). `verify(path:)` recomputes both; any garbled or missing byte after
/// the stamp, or in it, is reported as a `ResultFileError` naming the file.
///
/// - Complexity: O(file size) to stamp or verify, one sequential read.
public enum ContentChecksum {
    /// Size of the HDF5 user block holding the stamp (HDF5 needs a power of two ≥ 512).
    public static let userBlockBytes = 512
    static let magic = "ARCADE-CONTENT-CHECKSUM 1\n"

    public enum Status: Equatable, Sendable {
        /// The stamp is there and the content matches it.
        case verified
        /// The file does not start with a stamp (not checksummed, e.g. written by an older Arcade).
        case absent
    }

    /// FNV-1a 64 (Fowler–Noll–Vo; offset basis and prime from the reference) over `bytes`, continuing `hash`.
    public static func fnv1a(_ bytes: UnsafeRawBufferPointer, continuing hash: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Writes the stamp into the (already reserved, zero) user block of the complete file at `path`.
    public static func stamp(path: String) throws {
        let (bytes, hash) = try digest(path: path)
        var block = [UInt8](Self.text(bytes: bytes, hash: hash).utf8)
        block += [UInt8](repeating: 0, count: userBlockBytes - block.count)
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ResultFileError(path: path, "cannot open to stamp its checksum: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = block.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == userBlockBytes, fsync(descriptor) == 0 else {
            throw ResultFileError(path: path, "cannot write its checksum: \(String(cString: strerror(errno)))")
        }
    }

    /// Checks the stamp of the file at `path` against its content.
    /// - Throws: `ResultFileError` when the stamp is unreadable or the content does not match it.
    @discardableResult
    public static func verify(path: String) throws -> Status {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ResultFileError(path: path, "cannot open: \(String(cString: strerror(errno)))") }
        var block = [UInt8](repeating: 0, count: userBlockBytes)
        let got = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard got >= magic.utf8.count, block.starts(with: magic.utf8) else { return .absent }
        let text = String(decoding: block.prefix { $0 != 0 }, as: UTF8.self)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard got == userBlockBytes, fields["algorithm"] == "fnv1a-64", let expectedBytes = fields["bytes"].flatMap(Int.init),
              let expectedHash = fields["hash"].flatMap({ UInt64($0, radix: 16) }) else {
            throw ResultFileError(path: path, "is corrupted: its checksum stamp (the first \(userBlockBytes) bytes) is unreadable")
        }
        let (bytes, hash) = try digest(path: path)
        guard bytes == expectedBytes else {
            throw ResultFileError(path: path, "is corrupted: \(bytes) bytes of content where its checksum stamp says \(expectedBytes)"
                                  + (bytes < expectedBytes ? " (truncated)" : ""))
        }
        guard hash == expectedHash else {
            throw ResultFileError(path: path, "is corrupted: its content checksum is \(hex(hash)), the stamp says \(hex(expectedHash))")
        }
        return .verified
    }

    static func text(bytes: Int, hash: UInt64) -> String {
        magic + "algorithm: fnv1a-64\nbytes: \(bytes)\nhash: \(hex(hash))\n"
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Length and hash of everything after the user block.
    static func digest(path: String) throws -> (bytes: Int, hash: UInt64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ResultFileError(path: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard lseek(descriptor, off_t(userBlockBytes), SEEK_SET) == off_t(userBlockBytes) else {
            throw ResultFileError(path: path, "cannot read: \(String(cString: strerror(errno)))")
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var total = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ResultFileError(path: path, "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            hash = fnv1a(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), continuing: hash)
            total += count
        }
        return (total, hash)
    }
}
