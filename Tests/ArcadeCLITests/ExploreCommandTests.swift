import Foundation
import Testing

@Suite struct ExploreCommandTests {
    let space = "Workloads/spaces/systolic-tiny.yaml"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func exploreReportsTheBestDesignAndAMonotoneCurve() throws {
        let result = try CLIRunner.run(["explore", space, "--agent", "ga", "--budget", "20", "--seed", "3", "--json", "--no-out"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let curve = try #require(object["best_so_far"] as? [Double])
        #expect(curve.count == 20)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 >= $1 })
        let best = try #require(object["best"] as? [String: Any])
        let objectives = try #require(best["objectives"] as? [String: Double])
        #expect(objectives["cycles"] == curve.last)
    }

    @Test func exploreIsDeterministicUnderASeed() throws {
        let arguments = ["explore", space, "--agent", "sa", "--budget", "15", "--seed", "7", "--json", "--no-out"]
        let first = try json(try CLIRunner.run(arguments).stdout)
        let second = try json(try CLIRunner.run(arguments).stdout)
        #expect(first["best_so_far"] as? [Double] == second["best_so_far"] as? [Double])
    }

    /// Issue 12: sweep, explore and compare print for people within 120 columns, take --wide, and
    /// print no progress when stderr is not a terminal (a pipe here), so logs and tests stay clean.
    @Test func textSummariesFit120ColumnsTakeWideAndStayQuietInAPipe() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let commands: [[String]] = [
            ["sweep", "Workloads/spaces/sweep-bench.yaml", "--jobs", "2", "--out", directory.appendingPathComponent("s.h5").path],
            ["explore", space, "--agent", "ga", "--budget", "20", "--no-out"],
            ["compare", space, "--agents", "random,ga,tpe", "--budget", "20", "--seeds", "2", "--exhaustive", "--no-out"],
        ]
        for command in commands {
            let fitted = try CLIRunner.run(command)
            #expect(fitted.status == 0, "\(fitted.stderr)")
            #expect(fitted.stderr.isEmpty, "\(command[0]) wrote to a pipe: \(fitted.stderr)")
            let long = fitted.stdout.split(separator: "\n").filter { $0.count > 120 }
            #expect(long.isEmpty, "\(command[0]): \(long.joined(separator: "\n"))")
            // Numbers for people: no long decimals, no integral values with ".00".
            #expect(fitted.stdout.range(of: #"\d\.00\b|\d{4,}\.\d|\.\d*[1-9]\d{5,}"#, options: .regularExpression) == nil, "\(fitted.stdout)")
            let wide = try CLIRunner.run(command + ["--wide"])
            #expect(wide.status == 0 && !wide.stdout.contains("more column"), "\(wide.stderr)")
        }
        let compare = try CLIRunner.run(commands[2])
        #expect(compare.stdout.contains("regret") && compare.stdout.contains("(cycles)"))
        let wide = try CLIRunner.run(commands[2] + ["--wide"])
        #expect(wide.stdout.contains("ms/suggestion") && wide.stdout.contains("range@20"))
    }

    @Test func compareWritesTableJSONHDF5AndSVG() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("cmp.h5").path
        let plot = directory.appendingPathComponent("cmp.svg").path
        let result = try CLIRunner.run(["compare", space, "--agents", "random,tpe", "--budget", "30", "--seeds", "2",
                                        "--exhaustive", "--out", out, "--plot", plot, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let agents = try #require(try json(result.stdout)["agents"] as? [[String: Any]])
        #expect(agents.map { $0["name"] as? String } == ["random", "tpe"])
        for agent in agents {
            #expect(agent["best"] is Double)
            #expect((agent["regret"] as? Double).map { $0 >= 0 } == true)
            #expect(agent["overhead_ms_per_suggestion"] is Double)
        }
        #expect(FileManager.default.fileExists(atPath: out))
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
    }

    @Test(arguments: [
        (["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "magic", "--budget", "5"], "magic"),
        (["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "ga", "--budget", "5", "--set", "populaton=4"], "populaton"),
        (["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "ga", "--budget", "5", "--set", "population=-1"], "population"),
        (["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "ga", "--budget", "0"], "budget"),
        (["explore", "nope.yaml", "--agent", "ga", "--budget", "5"], "nope.yaml"),
        (["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "ga,unknown", "--budget", "5"], "unknown"),
    ])
    func badInputExitsTwo(arguments: [String], fragment: String) throws {
        let result = try CLIRunner.run(arguments + ["--no-out"])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
    }

    /// Issue 11: `--budget 10^18` trapped (Exploration.swift:127); a budget above the space's size
    /// is capped to it, with a note, for explore and compare alike.
    @Test func aBudgetLargerThanTheSpaceIsCappedWithANote() throws {
        let note = "note: --budget 1000000000000000000 is larger than the space (225 points); using 225"
        for arguments in [["explore", space, "--agent", "random"], ["compare", space, "--agents", "random"]] {
            let result = try CLIRunner.run(arguments + ["--budget", "1000000000000000000", "--no-out", "--json"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(note), "\(arguments): \(result.stderr)")
        }
        let huge = CLIRunner.repositoryRoot + "/Tests/Fixtures/hostile/spaces/huge-space.yaml"
        let result = try CLIRunner.run(["explore", huge, "--agent", "tpe", "--budget", "8", "--no-out", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("note:"))
    }
}
