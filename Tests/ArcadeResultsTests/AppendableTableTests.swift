import ArcadeCore
import Foundation
import Testing
import ArcadeResults

@Suite struct AppendableTableTests {
    static let schema: [(name: String, kind: ResultColumnKind)] = [("point", .int), ("cycles", .double), ("mapping", .string)]

    static func batch(from start: Int, count: Int) -> [ResultColumn] {
        let points = (start..<start + count).map { Int64($0) }
        return [ResultColumn("point", .int(points)), ResultColumn("cycles", .double(points.map { Double($0) * 1.5 })),
                ResultColumn("mapping", .string(points.map { "m\($0)·é" }))]
    }

    @Test func appendsAcrossReopeningAndReadsBack() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweeps/sweep.h5").path
        let table = try AppendableTable(path: path, table: "design_points", columns: Self.schema, chunkRows: 4)
        #expect(table.rowCount == 0)
        try table.append(Self.batch(from: 0, count: 3))
        try table.append(Self.batch(from: 3, count: 0))
        try table.append(Self.batch(from: 3, count: 6))
        try table.flush()
        #expect(table.rowCount == 9)
        #expect(try ResultFileReader.table("design_points", path: path).rowCount == 9)  // readable while open
        try table.close()

        let reopened = try AppendableTable(reopening: path, table: "design_points")
        #expect(reopened.rowCount == 9)
        #expect(reopened.columns.map(\.name) == ["point", "cycles", "mapping"])
        try reopened.append(Self.batch(from: 9, count: 1))
        try reopened.close()
        #expect(throws: ResultFileError.self) { try reopened.append(Self.batch(from: 10, count: 1)) }

        let expected = ResultTable(name: "design_points", columns: Self.batch(from: 0, count: 10))
        #expect(try ResultFileReader.table("design_points", path: path) == expected)
        // The same initializer continues an existing table when its columns match.
        let again = try AppendableTable(path: path, table: "design_points", columns: Self.schema)
        #expect(again.rowCount == 10)
    }

    @Test func rejectsMismatchedColumns() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sweep.h5").path
        let table = try AppendableTable(path: path, table: "t", columns: Self.schema)
        let wrongKind = [ResultColumn("point", .double([1])), ResultColumn("cycles", .double([1])),
                         ResultColumn("mapping", .string(["x"]))]
        let error = #expect(throws: ResultFileError.self) { try table.append(wrongKind) }
        #expect(error?.description.contains("expected [point: int, cycles: double, mapping: string]") == true,
                "\(String(describing: error))")
        try table.close()
        #expect(throws: ResultFileError.self) {
            _ = try AppendableTable(path: path, table: "t", columns: [("point", .int)])
        }
        #expect(throws: ResultFileError.self) { _ = try AppendableTable(reopening: path, table: "missing") }
    }

    @Test func manyRowsInBatchesAreQuick() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.h5").path
        let table = try AppendableTable(path: path, table: "t", columns: [("point", .int), ("value", .double)], chunkRows: 8192)
        let start = ContinuousClock.now
        for batch in 0..<100 {
            let points = (batch * 1000..<(batch + 1) * 1000).map { Int64($0) }
            try table.append([ResultColumn("point", .int(points)), ResultColumn("value", .double(points.map { Double($0) }))])
        }
        try table.close()
        #expect(ContinuousClock.now - start < .seconds(5))
        let back = try ResultFileReader.table("t", path: path)
        #expect(back.rowCount == 100_000)
        #expect(back.column("point") == .int((0..<100_000).map { Int64($0) }))
    }
}
