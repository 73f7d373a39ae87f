import Foundation
import Testing

/// `arcade bench points`: it times every feasible point of the space, once each, and names the slowest.
@Suite struct BenchPointsTests {
    @Test func timesEveryFeasiblePointOnce() throws {
        let result = try CLIRunner.run(["bench", "points", "Workloads/spaces/systolic-tiny.yaml", "--json", "--slowest", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // systolic-tiny: 216 points, all feasible (its sweep says so).
        #expect(document["points"] as? Int == 216)
        #expect(document["failed"] as? Int == 0)
        let median = try #require(document["median_ms"] as? Double)
        let p99 = try #require(document["p99_ms"] as? Double)
        let maximum = try #require(document["max_ms"] as? Double)
        #expect(median > 0 && median <= p99 && p99 <= maximum)
        let slowest = try #require(document["slowest"] as? [[String: Any]])
        #expect(slowest.count == 3)
        #expect(slowest.first?["ms"] as? Double == maximum)
    }

    @Test func aSpaceThatDoesNotLoadIsAnInputError() throws {
        let result = try CLIRunner.run(["bench", "points", "Workloads/spaces/no-such-space.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-space.yaml"))
    }
}
