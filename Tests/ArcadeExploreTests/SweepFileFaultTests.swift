import ArcadeCore
import ArcadeResults
import Foundation
import Testing
@testable import ArcadeExplore

/// Sweep files under faults (issue 11): the partial journal, checksummed complete files, the lock.
@Suite struct SweepFileFaultTests {
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "arcade-sweep-faults-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    let columns = [ResultColumn("rank", .int([])), ResultColumn("x", .double([])), ResultColumn("failure", .string([]))]
    let kinds: [(name: String, kind: ResultColumnKind)] = [("rank", .int), ("x", .double), ("failure", .string)]

    func rows(_ ranks: Range<Int>) -> [ResultColumn] {
        [ResultColumn("rank", .int(ranks.map { Int64($0) })), ResultColumn("x", .double(ranks.map { Double($0) / 4 })),
         ResultColumn("failure", .string(ranks.map { $0 % 3 == 0 ? "" : "infeasible ✗ \($0)" }))]
    }

    /// A journal with three frames of rows (0..<10, 10..<20, 20..<30).
    func journal(in directory: String) throws -> String {
        let path = directory + "/.j.h5.partial"
        try SweepJournal.create(path: path, attributes: [("sweep_hash", "abc"), ("space", "name: x\n")], columns: columns)
        let appender = try SweepJournal.Appender(path: path, columns: kinds)
        for start in stride(from: 0, to: 30, by: 10) { try appender.append(rows(start..<(start + 10))) }
        try appender.close()
        return path
    }

    func size(_ path: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int }

    func modify(_ path: String, at offset: Int, _ change: (UInt8) -> UInt8) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[offset] = change(data[offset])
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func journalRoundTripsAndExistsWholeFromItsFirstByte() throws {
        let directory = try Self.directory()
        let path = try journal(in: directory)
        let contents = try SweepJournal.read(path: path)
        #expect(contents.attributes.map(\.key) == ["sweep_hash", "space"] && contents.attributes[1].value == "name: x\n")
        #expect(contents.table.rowCount == 30 && contents.tornTailBytes == 0)
        #expect(contents.table.column("failure") == rows(0..<30)[2].values)
        #expect(contents.table.column("x") == rows(0..<30)[1].values)
        // Created by rename: no temporary left, and a header-only journal already reads (resumable at once).
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [".j.h5.partial"])
        let fresh = directory + "/.fresh.partial"
        try SweepJournal.create(path: fresh, attributes: [("sweep_hash", "abc")], columns: columns)
        #expect(try SweepJournal.read(path: fresh).table.rowCount == 0)
    }

    @Test func tornLastFrameIsDroppedAndCutOnAppend() throws {
        let directory = try Self.directory()
        let path = try journal(in: directory)
        let whole = try size(path)
        // Every cut inside the last frame (a kill during its write) keeps the first two frames.
        let last = try SweepJournal.read(path: path)
        #expect(last.validLength == whole)
        for cut in [1, 5, 15, 16, 17, 100] {
            let copy = directory + "/torn-\(cut)"
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            #expect(truncate(copy, off_t(whole - cut)) == 0)
            let torn = try SweepJournal.read(path: copy)
            #expect(torn.table.rowCount == 20, "cut \(cut)")
            #expect(torn.tornTailBytes > 0)
            let appender = try SweepJournal.Appender(path: copy, columns: kinds)
            try appender.append(rows(20..<30))
            try appender.close()
            let repaired = try SweepJournal.read(path: copy)
            #expect(repaired.table.rowCount == 30 && repaired.tornTailBytes == 0)
            #expect(try size(copy) == whole)
        }
    }

    @Test func garbledJournalIsRefusedWithTheOffset() throws {
        let directory = try Self.directory()
        let path = try journal(in: directory)
        let whole = try size(path)
        var refused = 0
        // Flip one byte at every position: each is reported as corruption, none crashes or is accepted.
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for offset in 0..<whole {
            var bytes = original
            bytes[offset] ^= 0x20
            do {
                _ = try bytes.withUnsafeBytes { try SweepJournal.parse($0, path: path) }
                Issue.record("a flipped byte at \(offset) of \(whole) was accepted")
            } catch let error as InputError {
                #expect(error.file == path && error.message.contains("is corrupted"))
                refused += 1
            }
        }
        #expect(refused == whole)
        // 64 garbled bytes in the middle (issue 11: SIGSEGV on resume with the HDF5 partial file).
        let copy = directory + "/g64"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        for offset in (whole / 2)..<(whole / 2 + 64) { try modify(copy, at: offset) { ~$0 } }
        let error = #expect(throws: InputError.self) { try SweepJournal.read(path: copy) }
        #expect(error?.message.contains("byte") == true)
        #expect(throws: InputError.self) { try SweepJournal.Appender(path: copy, columns: kinds) }
    }

    @Test func completeFilesAreVerifiedBeforeTheyAreRead() throws {
        let directory = try Self.directory()
        let storage = HDF5SweepStorage()
        let path = directory + "/c.h5"
        let table = ResultTable(name: SweepTableFormat.tableName, columns: rows(0..<50))
        try storage.writeComplete(path: path, family: "systolic", totals: [("points", .int(50))],
                                  attributes: [("sweep_hash", "abc")], table: table)
        #expect(try storage.read(path: path)?.table.rowCount == 50)
        let whole = try size(path)
        for fraction in [0.1, 0.8, 0.9] {
            let copy = directory + "/c-\(fraction).h5"
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            for offset in Int(Double(whole) * fraction)..<(Int(Double(whole) * fraction) + 64) { try modify(copy, at: offset) { ~$0 } }
            let error = #expect(throws: InputError.self) { try storage.read(path: copy) }
            #expect(error?.message.contains("is corrupted") == true, "\(String(describing: error))")
        }
        let truncated = directory + "/t.h5"
        try FileManager.default.copyItem(atPath: path, toPath: truncated)
        #expect(truncate(truncated, off_t(whole * 9 / 10)) == 0)
        #expect(throws: InputError.self) { try storage.read(path: truncated) }
        // A result file without the checksum (another writer) is refused, not trusted.
        let plain = directory + "/plain.h5"
        try ResultFile.write(SimulationReport(family: "systolic", totals: [], tables: [table], attributes: [("sweep_hash", "abc")]),
                             to: plain, softwareVersion: "1", checksummed: false)
        let unchecked = #expect(throws: InputError.self) { try storage.read(path: plain) }
        #expect(unchecked?.message.contains("no Arcade content checksum") == true)
    }

    @Test func oneWriterPerFileAndStaleLocksAreTakenOver() throws {
        let directory = try Self.directory()
        let out = directory + "/r.h5"
        let lockPath = SweepLock.lockPath(for: out)
        #expect(lockPath == directory + "/.r.h5.lock")
        var first: SweepLock? = try SweepLock.acquire(for: out)
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(getpid())\n")
        let error = #expect(throws: InputError.self) { try SweepLock.acquire(for: out) }
        #expect(error?.message.contains("pid \(getpid())") == true)
        #expect(error?.message.contains("one sweep at a time") == true)
        first?.release()
        first = nil
        #expect(!FileManager.default.fileExists(atPath: lockPath))
        // A lock file left by a killed sweep (no flock held, a dead pid) is taken over.
        try "999999999\n".write(toFile: lockPath, atomically: true, encoding: .utf8)
        let second = try SweepLock.acquire(for: out)
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(getpid())\n")
        second.release()
    }

    /// Temporaries of a killed writer (a journal being created, a complete file being written)
    /// are removed by the next sweep of the same file, once it holds the lock.
    @Test func theNextSweepRemovesAKilledWritersTemporaries() throws {
        let directory = try Self.directory()
        let out = directory + "/r.h5"
        for name in [".r.h5.partial.tmp", ".r.h5.partial-12345", ".r.h5.partial-x", ".other.h5.partial-1", "r.h5.partial-1"] {
            try "x".write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
        }
        let lock = try HDF5SweepStorage().lock(path: out)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                == [".other.h5.partial-1", ".r.h5.lock", ".r.h5.partial-x", "r.h5.partial-1"])
        withExtendedLifetime(lock) {}
    }
}
