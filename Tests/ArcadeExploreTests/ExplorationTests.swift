import ArcadeCore
@testable import ArcadeExplore
import Testing

@Suite struct ExplorationTests {
    @Test func repeatsAreAnsweredFromTheCacheWithoutSpendingBudget() {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let script = [[[0, 0]], [[1, 1]], [[0, 0]], [[1, 1]], [[7, 3]], [[0, 0]], [[9, 9]]]
        let (run, agent) = runScripted(script, evaluator: evaluator, budget: 3)
        #expect(run.evaluations.map(\.point) == [[0, 0], [1, 1], [7, 3]])
        #expect(run.evaluations.map(\.index) == [0, 1, 2])
        #expect(run.suggestions == 5)
        #expect(run.repeats == 2)
        #expect(evaluator.evaluatedPoints == [[0, 0], [1, 1], [7, 3]])
        // The agent still hears about its repeats, with the cached result.
        #expect(agent.observed.count == 5)
        #expect(agent.observed[2] == agent.observed[0])
        #expect(run.stopReason == nil)
        #expect(run.best?.point == [7, 3])
        #expect(run.best?.parameters == ["x7", "y3"])
    }

    @Test func duplicatesInsideOneBatchCostOneEvaluation() {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let (run, agent) = runScripted([[[2, 2], [2, 2], [3, 3]], [[4, 4], [5, 5]]], evaluator: evaluator, budget: 4, batch: 3)
        #expect(evaluator.batches == [[[2, 2], [3, 3]], [[4, 4], [5, 5]]])
        #expect(run.evaluations.count == 4)
        #expect(agent.observed.count == 5)
        #expect(agent.observed[1] == agent.observed[0])
    }

    @Test func anAgentThatOnlyRepeatsIsStoppedAfterTwentyTimesTheBudget() {
        let (run, _) = runScripted([[[5, 5]]], evaluator: bowlEvaluator(), budget: 5)
        #expect(run.evaluations.count == 1)
        #expect(run.suggestions == Exploration.proposalLimitFactor * 5)
        #expect(run.stopReason != nil)
    }

    @Test func pointsOutsideTheSpaceAreInfeasibleAndFree() {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let (run, agent) = runScripted([[[99, 0]], [[1, 2]]], evaluator: evaluator, budget: 1)
        #expect(run.evaluations.map(\.point) == [[1, 2]])
        #expect(evaluator.evaluatedPoints == [[1, 2]])
        #expect(agent.observed.first?.feasible == false)
    }

    @Test func batchesAreCappedByTheRemainingBudget() throws {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let run = try Exploration.run(agent: "random", evaluator: evaluator, budget: 10, seed: 3, batch: 4)
        #expect(evaluator.batches.map(\.count) == [4, 4, 2])
        #expect(run.evaluations.count == 10)
        #expect(Set(run.evaluations.map(\.point)).count == 10)
    }

    @Test func trajectoryIsTheRunningMinimumAndMonotone() throws {
        let run = try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 120, seed: 11)
        #expect(run.bestSoFar.count == 120)
        for index in run.bestSoFar.indices {
            #expect(run.bestSoFar[index] == run.evaluations[0...index].map(\.score).min()!)
            if index > 0 { #expect(run.bestSoFar[index] <= run.bestSoFar[index - 1]) }
        }
        #expect(run.bestAfter(evaluations: 500) == run.bestSoFar.last)
    }

    @Test func infeasiblePointsKeepTheirReasonAndNoObjectives() {
        let (run, _) = runScripted([[[19, 14]], [[0, 0]]], evaluator: bowlEvaluator(), budget: 2)
        #expect(run.evaluations[0].feasible == false)
        #expect(run.evaluations[0].failure == "x + y > 30")
        #expect(run.evaluations[0].objectives.isEmpty)
        #expect(run.bestSoFar[0] == .infinity)
        #expect(run.bestSoFar[1] == 59)
    }

    @Test func optimiserOverheadIsMeasuredSeparatelyFromEvaluation() {
        // Slow evaluator, instant agent: the evaluation clock gets the time, the optimiser's stays small.
        let slow = RecordingEvaluator(bowlEvaluator(), delayPerPoint: 0.004)
        let script = (0..<5).map { [[$0, 0]] }
        let (evaluationHeavy, _) = runScripted(script, evaluator: slow, budget: 5)
        #expect(evaluationHeavy.evaluationSeconds >= 0.02)
        #expect(evaluationHeavy.optimiserSeconds < evaluationHeavy.evaluationSeconds / 4)

        // Slow agent, instant evaluator: the other way round.
        let (optimiserHeavy, _) = runScripted(script, evaluator: bowlEvaluator(), budget: 5, secondsPerPropose: 0.004)
        #expect(optimiserHeavy.optimiserSeconds >= 0.02)
        #expect(optimiserHeavy.evaluationSeconds < optimiserHeavy.optimiserSeconds / 4)
        #expect(optimiserHeavy.overheadMillisecondsPerSuggestion >= 4)
    }

    @Test func aSharedCacheSavesEvaluationsButNotBudget() {
        let evaluator = RecordingEvaluator(bowlEvaluator())
        let cache = EvaluationCache()
        let script = [[[1, 1]], [[2, 2]], [[3, 3]]]
        let (first, _) = runScripted(script, evaluator: evaluator, budget: 3, cache: cache)
        let (second, _) = runScripted(script, evaluator: evaluator, budget: 3, cache: cache)
        #expect(evaluator.evaluatedPoints.count == 3)
        #expect(second.evaluations.count == 3)
        #expect(second.evaluations.map(\.objectives) == first.evaluations.map(\.objectives))
    }

    @Test func budgetIsCappedAtTheSpaceSize() throws {
        let run = try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 10_000, seed: 1)
        #expect(run.budget == 300)
        #expect(run.evaluations.count == 300)
        #expect(run.bestSoFar.last == 1)
    }

    @Test func badInputIsAnInputError() {
        #expect(throws: InputError.self) { try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 0, seed: 1) }
        #expect(throws: InputError.self) { try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 5, seed: 1, batch: 0) }
        #expect(throws: InputError.self) { try Exploration.run(agent: "no-such-agent", evaluator: bowlEvaluator(), budget: 5, seed: 1) }
        #expect(throws: InputError.self) {
            try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 5, seed: 1, overrides: ["bogus": "1"])
        }
    }

    @Test func sameSeedSameRun() throws {
        let a = try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 30, seed: 5)
        let b = try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 30, seed: 5)
        #expect(a.evaluations == b.evaluations)
    }

    @Test func exploreReportHasTheDocumentedTables() throws {
        let run = try Exploration.run(agent: "random", evaluator: bowlEvaluator(), budget: 20, seed: 2)
        let evaluator = bowlEvaluator()
        let report = ExplorationResults.report(run: run, parameterNames: evaluator.parameterNames,
                                               objectiveNames: evaluator.objectiveNames, spaceName: "bowl", spaceText: "x: …")
        #expect(report.tables.map(\.name) == ["evaluations", "trajectory"])
        #expect(report.tables[0].columns.map(\.name) == ["index", "x", "y", "cost", "feasible", "failure"])
        #expect(report.tables[0].rowCount == 20)
        #expect(report.tables[1].column("best_so_far") == .double(run.bestSoFar))
        #expect(report.attributes.contains { $0.key == "space" && $0.value == "x: …" })
        #expect(report.total("best_cost") == .double(run.best!.objectives[0]))
    }
}
