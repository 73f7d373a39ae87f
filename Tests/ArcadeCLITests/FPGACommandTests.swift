import Foundation
import Testing

/// The FPGA family through the CLI: a design over its board's budget is exit 2 with the resource
/// named and no result file; in a design space the same designs are infeasible points with that
/// reason, and `compare` over an FPGA space finds, plots and saves the best feasible design.
@Suite struct FPGACommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// 16 points on the 256-token window workload; the 12-lane, 32-wide corners need 8,576+ DSPs.
    func tinySpace(in directory: URL) throws -> String {
        let root = CLIRunner.repositoryRoot
        let path = directory.appendingPathComponent("fpga-tiny.yaml").path
        try """
            name: fpga-tiny
            architecture: \(root)/Architectures/fpga/swat-u280.yaml
            workload: \(root)/Workloads/fpga/window-attention-n256.yaml
            parameters:
              attention.heads_parallel: {values: [4, 12]}
              attention.pes: {values: [16, 64]}
              attention.vector_width: {values: [16, 32]}
              attention.kv_reuse: {choices: [buffer, stream]}
            objectives:
              - minimize: latency_us

            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aDesignOverItsBoardIsExitTwoNamingTheResourceAndWritesNothing() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let shipped = try String(contentsOfFile: CLIRunner.repositoryRoot + "/Architectures/fpga/swat-u280.yaml", encoding: .utf8)
        let architecture = directory.appendingPathComponent("big.yaml").path
        try shipped.replacingOccurrences(of: "heads_parallel: 4 ", with: "heads_parallel: 12")
            .replacingOccurrences(of: "devices/", with: CLIRunner.repositoryRoot + "/Architectures/fpga/devices/")
            .write(toFile: architecture, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("big.h5").path
        let run = try CLIRunner.run(["simulate", architecture, "Workloads/fpga/longformer-attention-4k.yaml", "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr.contains("big.yaml") && run.stderr.contains("resources.dsp"), "\(run.stderr)")
        #expect(run.stderr.contains("8,121 available on alveo-u280"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func simulatePlotsTheResourcesOfEachSLR() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plot = directory.appendingPathComponent("slrs.svg").path
        let run = try CLIRunner.run(["simulate", "Architectures/fpga/swat-u280.yaml", "Workloads/fpga/window-attention-n256.yaml",
                                     "--no-out", "--plot", plot])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        for text in ["SLR0", "SLR1", "SLR2", "DSP slices", "URAM blocks", "used (% of the SLR)"] {
            #expect(svg.contains(text), "\(text) missing from the SLR plot")
        }
    }

    @Test func aSweepRecordsOverBudgetDesignsAsInfeasiblePointsWithTheResource() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let space = try tinySpace(in: directory)
        let run = try CLIRunner.run(["sweep", space, "--out", directory.appendingPathComponent("s.h5").path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try json(run.stdout)
        #expect(summary["points"] as? Int == 16)
        #expect(summary["failures"] as? Int == 8)
        let reasons = try #require(summary["failure_reasons"] as? [[String: Any]])
        #expect(reasons.count == 1 && reasons.first?["count"] as? Int == 8)
        #expect((reasons.first?["reason"] as? String)?.hasPrefix("field 'resources.dsp': the design needs") == true, "\(reasons)")
    }

    /// The exhaustive optimum, the agents' best designs (saved and simulated again) and the plots.
    @Test func compareOverAnFPGASpaceFindsPlotsAndSavesTheBestFeasibleDesign() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let space = try tinySpace(in: directory)
        let plot = directory.appendingPathComponent("compare.svg").path
        let designs = directory.appendingPathComponent("designs").path
        let run = try CLIRunner.run(["compare", space, "--agents", "random,ga,bo", "--budget", "8", "--seeds", "2", "--exhaustive",
                                     "--json", "--no-out", "--plot", plot, "--save-best", designs])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try json(run.stdout)
        #expect(result["simulated_points"] as? Int == 16)
        let optimum = try #require(result["optimum"] as? Double)
        let rerun = try CLIRunner.run(["simulate", designs + "/optimum.yaml", "Workloads/fpga/window-attention-n256.yaml", "--json", "--no-out"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let latency = try #require((try json(rerun.stdout)["totals"] as? [String: Any])?["latency_us"] as? Double)
        #expect(latency == optimum)
        let saved = try String(contentsOfFile: designs + "/optimum.yaml", encoding: .utf8)
        #expect(saved.contains("heads_parallel: 4") && saved.contains("family: fpga"), "\(saved)")
        for agent in try #require(result["agents"] as? [[String: Any]]) {
            let best = try #require(agent["best_min"] as? Double)
            #expect(best >= optimum, "\(agent)")
        }
        for file in [plot, directory.appendingPathComponent("compare-regret.svg").path] {
            let svg = try String(contentsOfFile: file, encoding: .utf8)
            #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), "\(file)")
            #expect(svg.contains("latency_us"), "\(file)")
        }
    }
}
