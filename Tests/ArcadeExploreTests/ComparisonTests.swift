import ArcadeCore
@testable import ArcadeExplore
import Foundation
import Testing

@Suite struct ComparisonTests {
    @Test func exhaustiveEnumerationFindsTheOptimum() {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let result = Comparison.enumerate(evaluator: evaluator)
        #expect(result.points == 300)
        // x + y > 30 is infeasible: (19,12), (19,13), (19,14), (18,13), (18,14), (17,14).
        #expect(result.feasiblePoints == 294)
        #expect(result.optimum?.point == [7, 3])
        #expect(result.optimum?.objectives == [1])
        #expect(result.optimum?.index == evaluator.space.rank(of: [7, 3]))
        #expect(result.paretoFront.isEmpty)
        #expect(evaluator.batches.allSatisfy { $0.count <= Comparison.enumerationChunk })
        #expect(evaluator.evaluatedPoints.count == 300)
    }

    @Test func exhaustiveFrontOfATradeoffIsTheWastelessRow() {
        let result = Comparison.enumerate(evaluator: tradeoffEvaluator())
        #expect(result.paretoFront.count == 12)
        #expect(result.paretoFront.allSatisfy { $0.point[1] == 0 })
    }

    @Test func toyAcceleratorOptimumMatchesBruteForce() {
        let evaluator = SyntheticEvaluator.toyAccelerator()
        #expect(evaluator.space.cardinality == 57_600)
        let result = Comparison.enumerate(evaluator: evaluator)
        let brute = (0..<evaluator.space.cardinality).map { evaluator.evaluate([evaluator.space.point(rank: $0)])[0].evaluation.score }.min()!
        #expect(result.optimum?.score == brute)
        #expect(result.feasiblePoints < result.points)
    }

    @Test func metricsByHand() {
        #expect(ExplorationMetrics.regretPercent(best: 103, optimum: 100) == 3)
        #expect(ExplorationMetrics.regretPercent(best: 100, optimum: 100) == 0)
        #expect(abs(ExplorationMetrics.regretPercent(best: -90, optimum: -100) - 10) < 1e-12)
        #expect(ExplorationMetrics.regretPercent(best: .infinity, optimum: 100) == .infinity)
        let trajectory: [Double] = [120, 110, 101.5, 100.9, 100]
        // 1% of 100 → threshold 101: first reached at the 4th evaluation.
        #expect(ExplorationMetrics.evaluationsToReach(100, within: 0.01, trajectory: trajectory) == 4)
        #expect(ExplorationMetrics.evaluationsToReach(100, within: 0, trajectory: trajectory) == 5)
        #expect(ExplorationMetrics.evaluationsToReach(90, within: 0.01, trajectory: trajectory) == nil)
        #expect(Spread([5, 1, 3]) == Spread(median: 3, min: 1, max: 5))
        #expect(Spread([1, 2, 3, 10])?.median == 2.5)
        #expect(Spread([1, .infinity, .infinity])?.median == .infinity)
        #expect(Spread([]) == nil)
    }

    /// Three hand-made runs of budget 5 against a known optimum of 100.
    @Test func summaryOfFixedTrajectories() throws {
        let trajectories: [[Double]] = [[130, 120, 101, 100, 100], [150, 104, 104, 104, 102], [.infinity, 140, 110, 110, 100.5]]
        let runs = try trajectories.enumerated().map { seed, trajectory in try fixedRun(seed: UInt64(seed), trajectory) }
        let optimum = EvaluatedPoint(index: 0, point: [0], parameters: ["0"], objectives: [100], feasible: true, failure: nil)
        let exhaustive = ExhaustiveResult(points: 10, feasiblePoints: 10, optimum: optimum, paretoFront: [], seconds: 0)
        let options = ComparisonOptions(agents: ["fixed"], seeds: [0, 1, 2], budget: 5, budgetFractions: [0.4, 1])
        let result = ComparisonSummary(options: options, budget: 5, objectiveNames: ["cost"], parameterNames: ["p"],
                                      exhaustive: exhaustive, runs: [runs], simulatedPoints: 10)
        let summary = try #require(result.agents.first)
        #expect(summary.bestAtBudget.map(\.evaluations) == [2, 5])
        #expect(summary.bestAtBudget[0].best == Spread(median: 120, min: 104, max: 140))
        #expect(summary.best == Spread(median: 100.5, min: 100, max: 102))
        #expect(summary.regretPercent?.min == 0)
        #expect(abs(summary.regretPercent!.median - 0.5) < 1e-9)
        #expect(abs(summary.regretPercent!.max - 2) < 1e-9)
        // Within 1% of 100 means ≤ 101: seed 0 at evaluation 3, seed 1 never, seed 2 at 5.
        #expect(summary.evaluationsToWithin1Percent == [3, nil, 5])
        #expect(summary.medianEvaluationsToWithin1Percent == 5)
        #expect(summary.seedsReachedOptimum == 1)
        #expect(summary.hypervolumeRatio == nil)
        #expect(result.optimum == 100)
        let table = ExplorationResults.summaryTable(result)
        #expect(table.column("seeds_at_optimum") == .int([1]))
        #expect(table.column("regret_pct_min") == .double([0]))
    }

    @Test func randomSearchOverTheWholeSpaceHasZeroRegret() throws {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let options = ComparisonOptions(agents: ["random"], seeds: [1, 2, 3], budget: 300, exhaustive: true)
        var phases: Set<String> = []
        let result = try Comparison.run(evaluator: evaluator, options: options) { phases.insert($0.phase) }
        #expect(phases == ["enumerate", "search"])
        // One shared cache: the runs after the enumeration simulate nothing new.
        #expect(evaluator.evaluatedPoints.count == 300)
        #expect(result.simulatedPoints == 300)
        let summary = try #require(result.agents.first)
        #expect(summary.runs.count == 3)
        #expect(summary.regretPercent == Spread(median: 0, min: 0, max: 0))
        #expect(summary.seedsReachedOptimum == 3)
        #expect(result.bestKnown == 1)
    }

    @Test func hypervolumeRatioIsOneWhenTheFrontIsFound() throws {
        let options = ComparisonOptions(agents: ["random"], seeds: [1, 2], budget: 144, exhaustive: true)
        let result = try Comparison.run(evaluator: tradeoffEvaluator(), options: options)
        let ratio = try #require(result.agents.first?.hypervolumeRatio)
        #expect(abs(ratio.median - 1) < 1e-12)
        let partial = try Comparison.run(evaluator: tradeoffEvaluator(),
                                         options: ComparisonOptions(agents: ["random"], seeds: [1], budget: 10, exhaustive: true))
        #expect(partial.agents[0].hypervolumeRatio!.median < 1)
        let report = ExplorationResults.report(comparison: partial, spaceName: "tradeoff", spaceText: "")
        #expect(report.tables.map(\.name) == ["summary", "evaluations", "trajectories", "exhaustive", "pareto_front"])
        // The enumeration keeps every point of the 12×12 space, in rank order; the front has 12.
        #expect(report.tables[3].rowCount == 144)
        #expect(report.tables[3].column("rank") == .int((0..<144).map(Int64.init)))
        #expect(report.tables[4].rowCount == 12)
        #expect(report.tables[1].columns.map(\.name).prefix(3) == ["agent", "seed", "index"])
    }

    @Test func jsonHasTheDocumentedAgentFields() throws {
        let options = ComparisonOptions(agents: ["random"], seeds: [1, 2], budget: 20, exhaustive: true)
        let result = try Comparison.run(evaluator: bowlEvaluator(), options: options)
        let text = ExplorationResults.json(comparison: result, spaceName: "bowl")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let agents = try #require(object["agents"] as? [[String: Any]])
        #expect(agents.count == 1)
        #expect(agents[0]["name"] as? String == "random")
        #expect(agents[0]["best"] as? Double == result.agents[0].best.median)
        #expect(agents[0]["regret"] as? Double == result.agents[0].regretPercent?.median)
        #expect(agents[0]["overhead_ms_per_suggestion"] is Double)
        #expect(object["optimum"] as? Double == 1)
        // Without enumeration the optimum is unknown: regret is null rather than a guess.
        let unknown = try Comparison.run(evaluator: bowlEvaluator(), options: ComparisonOptions(agents: ["random"], seeds: [1], budget: 5))
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(ExplorationResults.json(comparison: unknown, spaceName: "b").utf8)) as? [String: Any])
        #expect((plain["agents"] as? [[String: Any]])?[0]["regret"] is NSNull)
        let table = ExplorationResults.text(comparison: result, spaceName: "bowl")
        #expect(table.contains("regret (%)") && table.contains("random"))
    }

    @Test func exploreTextAndJSON() throws {
        let evaluator = bowlEvaluator()
        let run = try Exploration.run(agent: "random", evaluator: evaluator, budget: 30, seed: 4)
        let text = ExplorationResults.text(run: run, parameterNames: evaluator.parameterNames,
                                           objectiveNames: evaluator.objectiveNames, spaceName: "bowl")
        #expect(text.contains("best design") && text.contains(run.best!.parameters[0]))
        let json = ExplorationResults.json(run: run, parameterNames: evaluator.parameterNames,
                                           objectiveNames: evaluator.objectiveNames, spaceName: "bowl")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["best_so_far"] as? [Double])?.count == 30)
        #expect(((object["best"] as? [String: Any])?["parameters"] as? [String: String])?["x"] == run.best!.parameters[0])
        #expect(ExplorationResults.sparkline([8, 4, 2, 1], width: 4) == "█▄▂▁")
        #expect(ExplorationResults.sparkline([.infinity, 3, 3], width: 3) == " ▁▁")
    }

    @Test func badComparisonsAreInputErrors() {
        let evaluator = bowlEvaluator()
        #expect(throws: InputError.self) {
            try Comparison.validate(ComparisonOptions(agents: ["random", "nope"], seeds: [1], budget: 5), evaluator: evaluator)
        }
        #expect(throws: InputError.self) {
            try Comparison.validate(ComparisonOptions(agents: [], seeds: [1], budget: 5), evaluator: evaluator)
        }
        #expect(throws: InputError.self) {
            try Comparison.validate(ComparisonOptions(agents: ["random"], seeds: [], budget: 5), evaluator: evaluator)
        }
        #expect(throws: InputError.self) {
            try Comparison.validate(ComparisonOptions(agents: ["random"], seeds: [1], budget: 5, overrides: ["ga": ["population": "3"]]),
                                    evaluator: evaluator)
        }
        let huge = SyntheticEvaluator(parameters: (0..<6).map { .init(name: "p\($0)", values: (0..<10).map(String.init)) },
                                      objectiveNames: ["c"]) { _ in .feasible([1]) }
        #expect(throws: InputError.self) {
            try Comparison.validate(ComparisonOptions(agents: ["random"], seeds: [1], budget: 5, exhaustive: true), evaluator: huge)
        }
    }

    @Test func settingsParse() throws {
        #expect(try Comparison.parseSettings(["ga.population=32", "ga.rate = 0.5"], agents: ["ga"]) == ["ga": ["population": "32", "rate": "0.5"]])
        #expect(try Comparison.parseSettings(["ga.population=32"], agent: "ga") == ["population": "32"])
        #expect(try Comparison.parseSettings(["population=32"], agent: "ga") == ["population": "32"])
        #expect(throws: InputError.self) { try Comparison.parseSettings(["population"], agents: ["random"]) }
        #expect(throws: InputError.self) { try Comparison.parseSettings(["=3"], agent: "random") }
        // A bare key no compared agent declares is an error rather than silently ignored.
        #expect(throws: InputError.self) { try Comparison.parseSettings(["nothing=3"], agents: ["random"]) }
    }

    private func fixedRun(seed: UInt64, _ trajectory: [Double]) throws -> ExplorationRun {
        let entries = trajectory.enumerated().map { index, best in
            EvaluatedPoint(index: index, point: [index], parameters: [String(index)], objectives: best.isFinite ? [best] : [],
                           feasible: best.isFinite, failure: best.isFinite ? nil : "infeasible")
        }
        return ExplorationRun(agent: "fixed", seed: seed, hyperparameters: try Hyperparameters(specs: [], agent: "fixed"),
                              budget: trajectory.count, evaluations: entries, bestSoFar: trajectory,
                              suggestions: trajectory.count, repeats: 0, optimiserSeconds: 0.001 * Double(seed + 1),
                              evaluationSeconds: 0, stopReason: nil)
    }
}
