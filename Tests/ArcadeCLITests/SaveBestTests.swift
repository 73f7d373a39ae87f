import Foundation
import Testing

/// `--save-best` writes an architecture file that `arcade simulate` runs as it is, and that
/// reproduces the objective the search reported (round trip through the file).
@Suite struct SaveBestTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The value of total `key` when `architecture` runs `workload` (simulate --json).
    func simulatedTotal(_ architecture: String, _ workload: String, _ key: String) throws -> Double? {
        let run = try CLIRunner.run(["simulate", architecture, workload, "--json", "--no-out"])
        #expect(run.status == 0, "\(run.stderr)")
        let totals = try json(run.stdout)["totals"] as? [String: Any]
        return (totals?[key] as? NSNumber)?.doubleValue
    }

    @Test func exploreSavesABestDesignThatSimulatesToTheSameCycles() throws {
        let directory = try CLIRunner.temporaryDirectory()
        // A folder other than the base architecture's: the DRAM file it names must still be found.
        let saved = directory.appendingPathComponent("deep/best.yaml").path
        let result = try CLIRunner.run(["explore", "Workloads/spaces/systolic-ddr4-tiny.yaml", "--agent", "random", "--budget", "4",
                                        "--seed", "1", "--json", "--no-out", "--save-best", saved])
        #expect(result.status == 0, "\(result.stderr)")
        let best = try #require(try json(result.stdout)["best"] as? [String: Any])
        let cycles = try #require((best["objectives"] as? [String: Double])?["cycles"])
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.hasPrefix("# best design of systolic-ddr4-tiny found by random, seed 1"))
        #expect(try simulatedTotal(saved, "Workloads/spaces/tiny_gemm.csv", "cycles") == cycles)
    }

    @Test func compareSavesEachAgentsBestAndTheOptimum() throws {
        let directory = try CLIRunner.temporaryDirectory().appendingPathComponent("designs").path
        let result = try CLIRunner.run(["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "random,ga", "--budget", "10",
                                        "--seeds", "2", "--exhaustive", "--no-out", "--json", "--save-best", directory])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let agents = try #require(object["agents"] as? [[String: Any]])
        for agent in agents {
            let name = try #require(agent["name"] as? String)
            let best = try #require(agent["best_min"] as? Double)  // the best over its seeds
            #expect(try simulatedTotal(directory + "/\(name).yaml", "Workloads/spaces/tiny_gemm.csv", "cycles") == best)
        }
        let optimum = try #require(object["optimum"] as? Double)
        #expect(try simulatedTotal(directory + "/optimum.yaml", "Workloads/spaces/tiny_gemm.csv", "cycles") == optimum)
    }

    @Test func aSaveBestPathThatIsAFolderIsRefusedBeforeAnyWork() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "random", "--budget", "4",
                                        "--no-out", "--save-best", directory.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--save-best") && result.stderr.contains("is a folder"), "\(result.stderr)")
    }
}
