import ArcadeExplore
import Foundation
import Testing

/// An architecture's `memory:` is relative to the architecture file, whatever the working
/// directory and however a design space materialises the point's architecture (issue 10 item 5).
@Suite struct MemoryPathCommandTests {
    static let root = CLIRunner.repositoryRoot
    static let space = "Workloads/spaces/systolic-ddr4-tiny.yaml"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func simulateFindsTheMemoryFileFromAnyWorkingDirectory() throws {
        let elsewhere = try CLIRunner.temporaryDirectory().path
        let runs: [(directory: String, architecture: String, workload: String)] = [
            (Self.root, "Architectures/systolic/tpu-like-128x128-ws-ddr4.yaml", "Workloads/spaces/tiny_gemm.csv"),
            (Self.root + "/Architectures/systolic", "tpu-like-128x128-ws-ddr4.yaml", "../../Workloads/spaces/tiny_gemm.csv"),
            (Self.root + "/Architectures", "systolic/tpu-like-128x128-ws-ddr4.yaml", "../Workloads/spaces/tiny_gemm.csv"),
            (elsewhere, Self.root + "/Architectures/systolic/tpu-like-128x128-ws-ddr4.yaml", Self.root + "/Workloads/spaces/tiny_gemm.csv"),
        ]
        var totals: [[String: Int]] = []
        for run in runs {
            let result = try CLIRunner.run(["simulate", run.architecture, run.workload, "--json", "--no-out"], in: run.directory)
            #expect(result.status == 0, "from \(run.directory): \(result.stderr)")
            let object = try json(result.stdout)
            let total = try #require(object["totals"] as? [String: Any])
            totals.append(total.compactMapValues { $0 as? Int })
        }
        #expect(totals.allSatisfy { $0 == totals[0] })
        #expect((totals[0]["stall_cycles"] ?? -1) >= 0)
    }

    @Test func sweepAndExploreOverAMemorySpaceHaveNoFailure() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("m.h5").path
        // From another working directory, with the space given by absolute path.
        let sweep = try CLIRunner.run(["sweep", Self.root + "/" + Self.space, "--grid", "--jobs", "2", "--out", out, "--json"],
                                      in: directory.path)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let summary = try json(sweep.stdout)
        #expect(summary["points"] as? Int == 8 && summary["failures"] as? Int == 0, "\(sweep.stdout)")
        let records = try SweepCommandTests.content(out).records
        #expect(records.count == 8 && records.allSatisfy { $0.feasible && $0.failure.isEmpty })

        let explore = try CLIRunner.run(["explore", Self.space, "--agent", "ga", "--budget", "8", "--seed", "2", "--json", "--no-out"])
        #expect(explore.status == 0, "\(explore.stderr)")
        let run = try json(explore.stdout)
        #expect(run["evaluations"] as? Int == 8)
        // Every point is feasible, so the best-so-far curve is finite from the first evaluation.
        let curve = try #require(run["best_so_far"] as? [Double])
        #expect(curve.count == 8 && curve.allSatisfy(\.isFinite))
    }
}
