import ArcadeCore
import Foundation
import Testing
@testable import ArcadeResults

@Suite struct RoundTripTests {
    @Test func reportRoundTripsExactly() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        let report = sampleReport()
        try ResultFile.write(report, to: path, softwareVersion: "0.1.0-test")
        let back = try ResultFileReader.read(path: path)
        #expect(back == report)
        #expect(back.tables.map(\.name) == ["layers", "requests"])
        #expect(back.tables[1].rowCount == 0)
        #expect(directoryEntries(directory) == ["run.h5"])
    }

    @Test func rootAttributesComeFirstAndInOrder() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "9.9.9")
        let attributes = try ResultFileReader.attributes(path: path)
        #expect(attributes.map(\.key) == ["arcade_version", "family", "arcade_format", "workload", "architecture", "mode",
                                           "seed", "clock_mhz", "exhaustive"])
        #expect(attributes[0].value == "9.9.9" && attributes[2].value == String(ResultFile.formatVersion))
        #expect(try ResultFileReader.formatVersion(path: path) == 2)
        // Typed attributes, units and groups come back as written.
        let back = try ResultFileReader.read(path: path)
        #expect(back.attributes.map(\.value) == sampleReport().attributes.map(\.value))
        #expect(back.totalUnits == ["total_cycles": "cycles", "energy_pj": "pJ"])
        #expect(back.groups == sampleReport().groups)
        #expect(try ResultFileReader.table("totals", path: path).rowCount == 1)
        #expect(try ResultFileReader.table("layers", path: path) == sampleReport().tables[0])
    }

    @Test func reportWithoutTotalsOrTablesRoundTrips() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bare.h5").path
        let report = SimulationReport(family: "dram", totals: [], tables: [], attributes: [])
        try ResultFile.write(report, to: path, softwareVersion: "1")
        #expect(try ResultFileReader.read(path: path) == report)
    }

    @Test func overwritesAnExistingResult() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "1")
        let second = SimulationReport(family: "other", totals: [("x", .int(1))], tables: [], attributes: [])
        try ResultFile.write(second, to: path, softwareVersion: "2")
        #expect(try ResultFileReader.read(path: path) == second)
    }

    @Test(arguments: [
        ("totals", "reserved for the totals"),
        ("a/b", "may not contain '/'"),
        ("", "table name is empty"),
    ])
    func rejectsBadTableNames(name: String, expected: String) throws {
        let report = SimulationReport(family: "f", totals: [], tables: [
            ResultTable(name: name, columns: [ResultColumn("c", .int([1]))])], attributes: [])
        try expectRejected(report, mentioning: expected)
    }

    @Test func rejectsReportsHDF5CannotHoldFaithfully() throws {
        let noColumns = SimulationReport(family: "f", totals: [], tables: [ResultTable(name: "t", columns: [])], attributes: [])
        try expectRejected(noColumns, mentioning: "table 't' has no columns")
        let reserved = SimulationReport(family: "f", totals: [], tables: [], attributes: [("family", "x")])
        try expectRejected(reserved, mentioning: "reserved")
        let duplicate = SimulationReport(family: "f", totals: [], tables: [ResultTable(name: "t", columns: [
            ResultColumn("c", .int([1])), ResultColumn("c", .double([1]))])], attributes: [])
        try expectRejected(duplicate, mentioning: "duplicate column in table 't' 'c'")
        let nul = SimulationReport(family: "f", totals: [], tables: [], attributes: [("a", "x\u{0}y")])
        try expectRejected(nul, mentioning: "NUL")
    }

    @Test func readingAMissingOrForeignFileFailsReadably() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nope.h5").path
        #expect(throws: ResultFileError(path: missing, "no such file")) { try ResultFileReader.read(path: missing) }
        let text = directory.appendingPathComponent("text.h5")
        try "not hdf5".write(to: text, atomically: true, encoding: .utf8)
        let error = #expect(throws: ResultFileError.self) { try ResultFileReader.read(path: text.path) }
        #expect(error?.description.hasPrefix("\(text.path): cannot open as HDF5") == true)
    }

    private func expectRejected(_ report: SimulationReport, mentioning text: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.h5").path
        let error = #expect(throws: ResultFileError.self) {
            try ResultFile.write(report, to: path, softwareVersion: "1")
        }
        #expect(error?.description.contains(text) == true, "\(String(describing: error))")
        #expect(directoryEntries(directory).isEmpty)
    }
}
