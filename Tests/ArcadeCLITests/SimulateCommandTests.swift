import Foundation
import Testing

@Suite struct SimulateCommandTests {
    let architecture = "Architectures/systolic/scalesim-32x32-os.yaml"
    let resnet = "Workloads/conv/resnet18.csv"

    @Test func simulatePrintsATableAndWritesAnHDF5File() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("run.h5").path
        let result = try CLIRunner.run(["simulate", architecture, resnet, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("L4_B2_Conv2"))
        #expect(result.stdout.contains("results written to \(out)"))
        #expect(FileManager.default.fileExists(atPath: out))
        // Only the finished file is left: no temporary next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["run.h5"])
    }

    /// Issue 12: the default table fits 120 columns (the least important columns left out, a footer
    /// saying so) and `--wide` shows every column; headers carry units, integral values no ".00".
    @Test func tablesFit120ColumnsUnlessWide() throws {
        let runs = [("Architectures/systolic/tpu-like-128x128-ws.yaml", resnet, "layers"),
                    ("Architectures/dram/ddr4-3200.yaml", "Workloads/dram/mixed-2k.ramulator2.trace", "channels"),
                    ("Architectures/dram/hbm3.yaml", "Workloads/dram/stream-2k.ramulator2.trace", "channels")]
        for (architecture, workload, table) in runs {
            let fitted = try CLIRunner.run(["simulate", architecture, workload, "--no-out"])
            #expect(fitted.status == 0, "\(fitted.stderr)")
            let long = fitted.stdout.split(separator: "\n").filter { $0.count > 120 }
            #expect(long.isEmpty, "\(architecture): \(long.count) lines over 120 characters:\n\(long.joined(separator: "\n"))")
            let wide = try CLIRunner.run(["simulate", architecture, workload, "--no-out", "--wide"])
            let json = try CLIRunner.run(["simulate", architecture, workload, "--no-out", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let columns = try #require((object[table] as? [[String: Any]])?.first?.keys)
            // The --wide table has every column: one dash group per column in its rule line.
            let rule = wide.stdout.split(separator: "\n").first { $0.hasPrefix("---") } ?? ""
            #expect(rule.split(separator: " ").count == columns.count, "\(architecture): --wide shows not all \(columns.count) columns:\n\(wide.stdout)")
            if fitted.stdout.contains("more column") {
                #expect(fitted.stdout.contains("--wide to show all"))
                #expect(!wide.stdout.contains("more column"))
            }
        }
        let resnet18 = try CLIRunner.run(["simulate", runs[0].0, resnet, "--no-out"])
        for header in ["cycles", "util (%)", "MACs"] { #expect(resnet18.stdout.contains(header), "no '\(header)' header") }
        #expect(resnet18.stdout.contains("more columns: --wide to show all, or the HDF5 file"))
        #expect(resnet18.stdout.contains(" µs\n") && resnet18.stdout.contains(" %\n"))
        #expect(!resnet18.stdout.contains(".00 ") && !resnet18.stdout.contains(".00\n"))
    }

    @Test func jsonHasTotalsAndEveryLayerWithTheDocumentedKeys() throws {
        let result = try CLIRunner.run(["simulate", architecture, resnet, "--json", "--no-out"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 21)
        let keys = ["name", "cycles", "stall_cycles", "compute_utilization", "mapping_efficiency", "sram_reads_ifmap",
                    "sram_reads_filter", "sram_writes_ofmap", "dram_reads_ifmap", "dram_reads_filter",
                    "dram_writes_ofmap"]
        for key in keys { #expect(layers[0][key] != nil, "missing \(key)") }
        let totals = try #require(object["totals"] as? [String: Any])
        let layerCycles = layers.compactMap { $0["cycles"] as? Int }.reduce(0, +)
        #expect(totals["cycles"] as? Int == layerCycles)
        let units = try #require(object["units"] as? [String: [String: String]])
        #expect(units["totals"]?["time_us"] == "µs" && units["totals"]?["energy_uj"] == "µJ")
        #expect(units["layers"]?["cycles"] == "cycles" && units["layers"]?["overall_utilization"] == "%")
        #expect(units["layers"]?["name"] == nil)
    }

    @Test func scaleSimConfigIsAnArchitectureToo() throws {
        let yaml = try CLIRunner.run(["simulate", architecture, "Workloads/gemm/gemm_set.csv", "--json", "--no-out"])
        let cfg = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.cfg",
                                     "Workloads/gemm/gemm_set.csv", "--json", "--no-out"])
        #expect(yaml.status == 0 && cfg.status == 0, "\(yaml.stderr)\(cfg.stderr)")
        func layers(_ text: String) throws -> [[String: Any]] {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return object?["layers"] as? [[String: Any]] ?? []
        }
        let cyclesYAML = try layers(yaml.stdout).compactMap { $0["cycles"] as? Int }
        let cyclesCfg = try layers(cfg.stdout).compactMap { $0["cycles"] as? Int }
        #expect(cyclesYAML.count == 6 && cyclesYAML == cyclesCfg)
    }

    @Test func helpIsComplete() throws {
        let root = try CLIRunner.run(["--help"])
        #expect(root.status == 0)
        for word in ["simulate", "list", "bench"] { #expect(root.stdout.contains(word)) }
        let simulate = try CLIRunner.run(["simulate", "--help"])
        #expect(simulate.status == 0)
        for word in ["--out", "--json", "--compat", "--no-out", "scalesim", "--csv", "--report-dir", "COMPUTE_REPORT.csv"] {
            #expect(simulate.stdout.contains(word), "\(word)")
        }
        let sweep = try CLIRunner.run(["sweep", "--help"])
        #expect(sweep.status == 0 && sweep.stdout.contains("--csv") && sweep.stdout.contains("points.csv"))
        let list = try CLIRunner.run(["list"])
        #expect(list.status == 0 && list.stdout.contains("systolic"))
    }

    @Test(arguments: ["os", "ws", "is"])
    func referenceModeAgreesWithTheFoldModelOnSmallLayers(dataflow: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let arch = directory.appendingPathComponent("small.yaml").path
        let work = directory.appendingPathComponent("small.csv").path
        try "family: systolic\nrows: 8\ncolumns: 6\ndataflow: \(dataflow)\n".write(toFile: arch, atomically: true, encoding: .utf8)
        try "Layer Name, M, N, K,\nA, 20, 13, 30,\nB, 7, 64, 9,\n".write(toFile: work, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["simulate", arch, work, "--reference", "slow", "--json", "--no-out"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let layers = try #require(object["layers"] as? [[String: Any]])
        for layer in layers {
            #expect(layer["reference_agrees"] as? Int == 1)
            #expect(layer["reference_cycles"] as? Int == layer["cycles"] as? Int)
        }
    }

    @Test func referenceModeRefusesHugeLayersWithExitTwo() throws {
        let result = try CLIRunner.run(["simulate", "Architectures/systolic/tpu-like-128x128-ws.yaml", resnet,
                                        "--reference", "slow", "--no-out"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--reference") && result.stderr.contains("Conv1"))
    }
}
