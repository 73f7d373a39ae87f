import ArcadeCore
import Foundation
import Testing
import ArcadeResults

/// The file is readable without Arcade: by HDF5's own h5dump and by h5py + pandas.
@Suite struct FileFormatTests {
    static let h5dump = "/usr/bin/h5dump"

    @Test func h5dumpShowsDatasetsAndAttributes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.h5dump),
                     "\(Self.h5dump) not found: run the project setup (apt-get install -y hdf5-tools)")
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "0.1.0")
        let (status, header) = try run(Self.h5dump, ["-H", path])  // header only: types, shapes, attributes
        #expect(status == 0, "\(header)")
        for expected in ["ATTRIBUTE \"arcade_version\"", "ATTRIBUTE \"family\"", "ATTRIBUTE \"architecture\"",
                         "ATTRIBUTE \"workload\"", "DATASET \"totals\"", "DATASET \"layers\"", "DATASET \"requests\"",
                         "H5T_STD_I64LE \"compute_cycles\"", "H5T_IEEE_F64LE \"utilization_percent\"",
                         "CSET H5T_CSET_UTF8", "STRSIZE H5T_VARIABLE", "SIMPLE { ( 4 ) / ( 4 ) }",
                         "SIMPLE { ( 0 ) / ( 0 ) }", "SIMPLE { ( 1 ) / ( 1 ) }"] {
            #expect(header.contains(expected), "h5dump -H lacks \(expected)")
        }
        let (_, family) = try run(Self.h5dump, ["-a", "/family", path])
        #expect(family.contains("\"systolic\""))
        let (_, cycles) = try run(Self.h5dump, ["-d", "/totals", path])
        #expect(cycles.contains("987654321"))
    }

    /// ARCADE_PYTHON, else the venv `.ci/setup.sh --tests` makes (`.build-venv`), else `python3` on
    /// PATH; nil unless it can import h5py and pandas.
    static let python: String? = {
        let venv = #filePath.components(separatedBy: "/Tests/")[0] + "/.build-venv/bin/python"
        let candidates = [ProcessInfo.processInfo.environment["ARCADE_PYTHON"], venv, "python3"].compactMap { $0 }
        return candidates.first { candidate in
            guard let (status, _) = try? run("/usr/bin/env", [candidate, "-c", "import h5py, pandas"]) else { return false }
            return status == 0
        }
    }()

    @Test(.enabled(if: python != nil,
                   "no python with h5py and pandas (run .ci/setup.sh --tests, or set ARCADE_PYTHON)"))
    func pandasReadsTablesTotalsAndAttributes() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        try ResultFile.write(sampleReport(), to: path, softwareVersion: "0.1.0")
        let script = """
            import sys, h5py, pandas
            f = h5py.File(sys.argv[1], "r")
            def frame(name):
                df = pandas.DataFrame(f[name][()])
                return df.apply(lambda c: c.str.decode("utf-8") if c.dtype == object else c)
            layers, totals, requests = frame("layers"), frame("totals"), frame("requests")
            assert list(layers.columns) == ["layer", "compute_cycles", "utilization_percent", "dataflow", "feasible"], layers.columns
            assert layers["feasible"].dtype == bool and list(layers["feasible"]) == [True, False, True, True]
            assert list(f["layers"].attrs["units"]) == ["", "cycles", "%", "", ""], list(f["layers"].attrs["units"])
            assert dict(zip(totals.columns, f["totals"].attrs["units"]))["energy_pj"] == "pJ"
            assert f.attrs["arcade_format"] == 2 and f.attrs["seed"] == -7 and f.attrs["clock_mhz"] == 937.5
            assert f.attrs["exhaustive"] is True or f.attrs["exhaustive"] == True, repr(f.attrs["exhaustive"])
            timing = f["timing"].attrs
            assert timing["tCK_ps"] == 833 and timing["nCL"] == 16 and timing["name"] == "DDR4-2400", dict(timing)
            assert list(timing["units"]) == ["ps", "cycles", "", ""], list(timing["units"])
            assert list(layers["layer"]) == ["Conv1", "Größe_2", "层3", ""], list(layers["layer"])
            assert layers["compute_cycles"].dtype == "int64" and layers["compute_cycles"][3] == 2**63 - 1
            assert layers["utilization_percent"][0] == 87.5 and layers["dataflow"][3] == "emoji 🚀"
            assert len(requests) == 0 and list(requests.columns) == ["request_class", "latency_ns"]
            assert totals["total_cycles"][0] == 987654321 and totals["dataflow"][0] == "os"
            assert f.attrs["family"] == "systolic" and f.attrs["arcade_version"] == "0.1.0"
            assert "尺寸" in f.attrs["architecture"] and len(f.attrs["workload"]) > 100000
            print("ok")
            """
        let (status, output) = try run("/usr/bin/env", [Self.python!, "-c", script, path])
        #expect(status == 0 && output.contains("ok"), "\(output)")
    }
}
