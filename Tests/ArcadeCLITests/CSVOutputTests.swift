import Foundation
import Testing

/// `--csv DIR` on simulate and sweep: plain CSV tables beside the HDF5 file, with the HDF5 column
/// names as header and the same numbers as the JSON summary (and, with h5py, the HDF5 file).
@Suite struct CSVOutputTests {
    /// Cells of a CSV line without quoted fields (the tables checked here have none).
    static func cells(_ line: Substring) -> [String] { line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }

    @Test func simulateWritesEveryTableAndTheTotals() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let csv = directory.appendingPathComponent("csv").path
        let result = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/gemm/gemm_set.csv",
                                        "--json", "--csv", csv, "--out", directory.appendingPathComponent("run.h5").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: csv).sorted() == ["layers.csv", "totals.csv"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let jsonLayers = try #require(json["layers"] as? [[String: Any]])
        let units = try #require(json["units"] as? [String: [String: String]])

        let layers = try String(contentsOfFile: "\(csv)/layers.csv", encoding: .utf8).split(separator: "\n")
        let header = Self.cells(layers[0])
        #expect(Set(header) == Set(jsonLayers[0].keys), "the header is the table's columns")
        #expect(layers.count == 1 + jsonLayers.count)
        let second = Dictionary(uniqueKeysWithValues: zip(header, Self.cells(layers[2])))
        #expect(second["name"] == jsonLayers[1]["name"] as? String)
        #expect(Int(second["cycles"]!) == jsonLayers[1]["cycles"] as? Int)
        #expect(Double(second["overall_utilization"]!) == jsonLayers[1]["overall_utilization"] as? Double)

        let totals = try String(contentsOfFile: "\(csv)/totals.csv", encoding: .utf8).split(separator: "\n")
        #expect(totals[0] == "name,value,unit")
        let rows = Dictionary(uniqueKeysWithValues: totals.dropFirst().map { line in
            let cells = Self.cells(line)
            return (cells[0], (value: cells[1], unit: cells[2]))
        })
        let jsonTotals = try #require(json["totals"] as? [String: Any])
        #expect(Set(rows.keys) == Set(jsonTotals.keys))
        #expect(Int(rows["cycles"]!.value) == jsonTotals["cycles"] as? Int)
        #expect(Double(rows["energy_uj"]!.value) == jsonTotals["energy_uj"] as? Double)
        #expect(rows["time_us"]?.unit == units["totals"]?["time_us"] && rows["time_us"]?.unit == "µs")
    }

    @Test func sweepWritesThePointsTable() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("tiny.h5").path
        let csv = directory.appendingPathComponent("csv").path
        let result = try CLIRunner.run(["sweep", "Workloads/spaces/systolic-tiny.yaml", "--out", out, "--csv", csv,
                                        "--json", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let best = try #require((json["best"] as? [[String: Any]])?.first)
        let lines = try String(contentsOfFile: "\(csv)/points.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + (json["points"] as? Int ?? -1))
        let header = Self.cells(lines[0])
        #expect(header.first == "rank" && header.suffix(2) == ["feasible", "failure"])
        // Rows in rank order: the best point's row is line rank + 1.
        let rank = try #require(best["rank"] as? Int)
        let row = Dictionary(uniqueKeysWithValues: zip(header, Self.cells(lines[rank + 1])))
        #expect(row["rank"] == String(rank) && row["feasible"] == "true" && row["failure"] == "")
        #expect(Double(row["cycles"]!) == best["value"] as? Double)
        for (name, value) in try #require(best["parameters"] as? [String: String]) { #expect(row[name] == value, "\(name)") }

        // The header is the HDF5 table's columns exactly, and the row its values.
        guard let python = ResultFilesFixture.python else { return }
        let script = """
            import sys, h5py
            points = h5py.File(sys.argv[1], "r")["points"]
            print(",".join(points.dtype.names))
            print(repr(float(points[int(sys.argv[2])]["energy_uj"])))
            """
        let hdf5 = try ResultFilesFixture.run("/usr/bin/env", [python, "-c", script, out, String(rank)])
        #expect(hdf5.status == 0, "\(hdf5.stderr)")
        let printed = hdf5.stdout.split(separator: "\n")
        #expect(printed.first.map(String.init) == header.joined(separator: ","))
        #expect(Double(String(printed[1])) == Double(row["energy_uj"]!))
    }

    /// A --csv path that is a file is refused before anything runs: exit 2, no result file.
    @Test(arguments: [["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/gemm/gemm_set.csv"],
                      ["sweep", "Workloads/spaces/systolic-tiny.yaml"]])
    func csvFolderThatIsAFileIsRefused(_ command: [String]) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("taken").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("run.h5").path
        let result = try CLIRunner.run(command + ["--csv", file, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'--csv'") && result.stderr.contains("is a file"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken"])
    }
}
