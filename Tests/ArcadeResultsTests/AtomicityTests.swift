import ArcadeCore
import Foundation
import Testing
@testable import ArcadeResults

/// A result file is either complete at its path or absent: never half-written.
@Suite struct AtomicityTests {
    @Test func createsMissingDirectories() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a/b/c/run.h5").path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "1")
        #expect(try ResultFileReader.read(path: path) == sampleReport())
    }

    @Test func unwritableLocationThrowsAndLeavesNothing() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A regular file where a directory should be: fails even when the tests run as root.
        let blocker = directory.appendingPathComponent("blocker")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let path = blocker.appendingPathComponent("sub/run.h5").path
        let error = #expect(throws: ResultFileError.self) {
            try ResultFile.write(sampleReport(), to: path, softwareVersion: "1")
        }
        #expect(error?.description.contains("cannot create directory") == true, "\(String(describing: error))")
        #expect(error?.path == path)
        #expect(directoryEntries(directory) == ["blocker"])
        #expect(!FileManager.default.fileExists(atPath: path))

        let procPath = "/proc/arcade-results-test/run.h5"
        #expect(throws: ResultFileError.self) { try ResultFile.write(sampleReport(), to: procPath, softwareVersion: "1") }
        #expect(!FileManager.default.fileExists(atPath: procPath))
    }

    @Test func failureInALaterTableLeavesNoPartialFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        // The first table is written before the second one's NUL string is found.
        var report = sampleReport()
        report.tables.append(ResultTable(name: "late", columns: [ResultColumn("s", .string(["ok", "bad\u{0}"]))]))
        let error = #expect(throws: ResultFileError.self) {
            try ResultFile.write(report, to: path, softwareVersion: "1")
        }
        #expect(error?.description.contains("table 'late', column 's', row 1") == true, "\(String(describing: error))")
        #expect(directoryEntries(directory).isEmpty)
    }

    @Test func failureJustBeforeRenameKeepsThePreviousResult() throws {
        struct Crash: Error {}
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        let previous = SimulationReport(family: "old", totals: [("x", .int(1))], tables: [], attributes: [])
        try ResultFile.write(previous, to: path, softwareVersion: "1")
        var sawTemporary = false
        #expect(throws: Crash.self) {
            try ResultFile.write(sampleReport(), to: path, softwareVersion: "2", beforeRename: {
                sawTemporary = directoryEntries(directory).contains(".run.h5.partial-\(getpid())")
                throw Crash()
            })
        }
        #expect(sawTemporary)
        #expect(directoryEntries(directory) == ["run.h5"])
        #expect(try ResultFileReader.read(path: path) == previous)
    }
}
