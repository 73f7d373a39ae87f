import ArcadeCore
import Foundation
import Testing
@testable import ArcadeResults

/// A checksummed result file (issue 11): any garbled or missing byte is found before HDF5 parses it.
@Suite struct ContentChecksumTests {
    func writeChecksummed(_ directory: URL, _ name: String = "run.h5") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "1", checksummed: true)
        return path
    }

    /// Flips every bit of `bytes` bytes at `fraction` of the file (so each byte surely changes).
    func garble(_ path: String, at fraction: Double, bytes: Int = 64) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        let offset = min(UInt64(Double(size) * fraction), size - UInt64(bytes))
        try handle.seek(toOffset: offset)
        let original = try #require(try handle.read(upToCount: bytes))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(original.map { ~$0 }))
    }

    @Test func resultFilesAreChecksummedByDefault() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("default.h5").path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "1")
        #expect(try ContentChecksum.verify(path: path) == .verified)
    }

    @Test func stampedFileVerifiesAndReadsUnchanged() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeChecksummed(directory)
        #expect(try ContentChecksum.verify(path: path) == .verified)
        #expect(try ResultFileReader.read(path: path) == sampleReport())   // HDF5 skips the user block
        // An unchecksummed file reports `.absent`, not an error.
        let plain = directory.appendingPathComponent("plain.h5").path
        try ResultFile.write(sampleReport(), to: plain, softwareVersion: "1", checksummed: false)
        #expect(try ContentChecksum.verify(path: plain) == .absent)
        #expect(try ResultFileReader.read(path: plain) == sampleReport())
        #expect(directoryEntries(directory) == ["plain.h5", "run.h5"])
    }

    @Test func garbledAnywhereIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for fraction in [0.05, 0.5, 0.8, 0.9, 0.999] {
            let path = try writeChecksummed(directory)
            try garble(path, at: fraction, bytes: fraction > 0.99 ? 1 : 64)
            let error = #expect(throws: ResultFileError.self) { try ContentChecksum.verify(path: path) }
            #expect(error?.description.contains("is corrupted") == true, "\(fraction): \(String(describing: error))")
            // Every reader verifies first: the garbled file is an error, never parsed.
            #expect(throws: ResultFileError.self) { try ResultFileReader.read(path: path) }
            #expect(throws: ResultFileError.self) { try ResultFileReader.attributes(path: path) }
        }
        // In the stamp itself.
        let path = try writeChecksummed(directory)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 60)
        try handle.write(contentsOf: Data("zz".utf8))
        try handle.close()
        #expect(throws: ResultFileError.self) { try ContentChecksum.verify(path: path) }
    }

    @Test func truncatedOrExtendedIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeChecksummed(directory)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(truncate(path, off_t(size * 8 / 10)) == 0)
        let error = #expect(throws: ResultFileError.self) { try ContentChecksum.verify(path: path) }
        #expect(error?.description.contains("truncated") == true)
        #expect(truncate(path, off_t(ContentChecksum.userBlockBytes - 1)) == 0)
        #expect(throws: ResultFileError.self) { try ContentChecksum.verify(path: path) }
        let longer = try writeChecksummed(directory, "longer.h5")
        let handle = try #require(FileHandle(forUpdatingAtPath: longer))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        #expect(throws: ResultFileError.self) { try ContentChecksum.verify(path: longer) }
    }

    @Test func fnv1aMatchesTheReferenceVectors() {
        func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { ContentChecksum.fnv1a($0) } }
        #expect(hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(hash("foobar") == 0x8594_4171_f739_67e8)
    }
}
