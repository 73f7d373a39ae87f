import Foundation
import Testing

/// Optuna and nevergrad as agents of `arcade compare`, through python/arcade_gym/agent_server.py: the
/// same table, seeds and cache as Arcade's agents (CI has them: .ci/setup.sh --tests).
@Suite struct PythonAgentTests {
    static let available: Bool = {
        let venv = CLIRunner.repositoryRoot + "/.build-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: venv) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: venv)
        probe.arguments = ["-c", "import arcade_gym.agent_server, optuna, cmaes, nevergrad"]
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test(.enabled(if: available || ResultFilesFixture.required, "no venv with arcade_gym, optuna, cmaes and nevergrad (.ci/setup.sh --tests)"))
    func optunaAndNevergradRunInCompareBesideArcadesAgents() throws {
        let run = try CLIRunner.run(["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents",
                                     "random,optuna-tpe,optuna-cmaes,nevergrad-ngopt", "--budget", "12", "--seeds", "2",
                                     "--exhaustive", "--json", "--no-out"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("warning"), "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let agents = try #require(object["agents"] as? [[String: Any]])
        #expect(agents.map { $0["name"] as? String } == ["random", "optuna-tpe", "optuna-cmaes", "nevergrad-ngopt"])
        let optimum = try #require(object["optimum"] as? Double)
        for agent in agents {
            let best = try #require(agent["best_min"] as? Double, "\(agent)")
            #expect(best >= optimum && best.isFinite)
            #expect((agent["overhead_ms_per_suggestion"] as? Double ?? -1) >= 0)
        }
        // Seeded: the same run again gives the same table.
        let again = try CLIRunner.run(["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "optuna-tpe,nevergrad-ngopt",
                                       "--budget", "12", "--seeds", "2", "--json", "--no-out"])
        let first = try CLIRunner.run(["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "optuna-tpe,nevergrad-ngopt",
                                       "--budget", "12", "--seeds", "2", "--json", "--no-out"])
        func bests(_ text: String) throws -> [Double] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return (object["agents"] as? [[String: Any]] ?? []).compactMap { $0["best"] as? Double }
        }
        #expect(try bests(again.stdout) == bests(first.stdout) && bests(first.stdout).count == 2)
    }

    @Test func anUnknownAgentListsThePythonOnesToo() throws {
        let run = try CLIRunner.run(["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "hyperopt", "--budget", "5"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("optuna-tpe") && run.stderr.contains("nevergrad-ngopt"), "\(run.stderr)")
    }
}
