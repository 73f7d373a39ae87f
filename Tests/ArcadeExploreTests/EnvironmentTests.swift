import ArcadeKernel
import Testing
@testable import ArcadeExplore

/// Gymnasium's `check_env` and determinism test, over every registered environment.
@Suite struct EnvironmentTests {
    /// Simulator-backed environments take a few steps (each a simulation); the synthetic one many.
    static func steps(_ id: String) -> Int { id.hasPrefix("synthetic") ? 50 : 3 }

    @Test(arguments: EnvironmentRegistry.ids)
    func checkEnvironment(_ id: String) throws {
        var environment = try EnvironmentRegistry.make(id)
        let (observation, info) = environment.reset(seed: 1)
        #expect(environment.observationSpace.contains(observation), "reset observation inside the observation space")
        #expect(info["episode_length"] == "1")
        var actions = SplitMix64(seed: 2)
        for _ in 0..<Self.steps(id) {
            let action = environment.actionSpace.sample(using: &actions)
            #expect(environment.actionSpace.contains(action))
            let result = environment.step(action)
            #expect(environment.observationSpace.contains(result.observation))
            #expect(result.observation.count == environment.evaluator.objectiveNames.count)
            #expect(result.terminated, "episodes are one step long by default")
            #expect(!result.truncated)
            for (name, value) in zip(environment.evaluator.parameterNames, environment.evaluator.decode(action)) {
                #expect(result.info[name] == value, "info has the decoded parameters")
            }
            if result.info["feasible"] == "true" {
                #expect(result.reward.isFinite)
                #expect(result.reward == -result.observation[0], "reward = −score: higher is better")
            } else {
                #expect(result.reward == -.infinity)
                #expect(result.info["failure"] != nil)
            }
            _ = environment.reset(seed: nil)
        }
    }

    func trajectory(_ id: String, seed: UInt64, steps: Int) throws -> [StepResult<[Double]>] {
        var environment = TimeLimit(try EnvironmentRegistry.make(id, episodeLength: 4), maxSteps: 3)
        _ = environment.reset(seed: seed)
        var results: [StepResult<[Double]>] = []
        for _ in 0..<steps {
            let result = environment.step(environment.wrapped.sampleAction())
            results.append(result)
            if result.done { _ = environment.reset(seed: nil) }
        }
        return results
    }

    @Test(arguments: ["synthetic-v0", "systolic-tiny-v0"])
    func sameSeedSameTrajectory(_ id: String) throws {
        let first = try trajectory(id, seed: 42, steps: 8)
        let second = try trajectory(id, seed: 42, steps: 8)
        let other = try trajectory(id, seed: 43, steps: 8)
        #expect(first == second)
        #expect(first.map(\.info) != other.map(\.info), "another seed explores other points")
    }

    @Test func timeLimitTruncatesAndEpisodeLengthTerminates() throws {
        var environment = TimeLimit(DesignEnvironment(evaluator: SyntheticDesignEvaluator(), episodeLength: 5), maxSteps: 2)
        _ = environment.reset(seed: 0)
        let first = environment.step([0, 0, 0, 0])
        #expect(!first.done)
        let second = environment.step([1, 1, 1, 1])
        #expect(second.truncated && !second.terminated)
        var long = DesignEnvironment(evaluator: SyntheticDesignEvaluator(), episodeLength: 2)
        _ = long.reset(seed: 0)
        #expect(!long.step([0, 0, 0, 0]).done)
        #expect(long.step([0, 0, 0, 0]).terminated)
    }

    @Test func infeasiblePointsGetThePenaltyAndASafeObservation() {
        var environment = DesignEnvironment(evaluator: SyntheticDesignEvaluator(), infeasibleReward: -1000)
        _ = environment.reset(seed: 0)
        let result = environment.step([15, 15, 0, 0])  // 128 × 128 > 8192 PEs
        #expect(result.info["feasible"] == "false")
        #expect(result.reward == -1000)
        #expect(environment.observationSpace.contains(result.observation))
    }

    @Test func rewardNormalizationStandardizes() {
        var environment = RewardNormalization(DesignEnvironment(evaluator: SyntheticDesignEvaluator()))
        var generator = SplitMix64(seed: 5)
        var normalized: [Double] = []
        for _ in 0..<300 {
            _ = environment.reset(seed: nil)
            let result = environment.step(environment.actionSpace.sample(using: &generator))
            if result.info["feasible"] == "true" {
                normalized.append(result.reward)
                #expect(result.info["raw_reward"] != nil)
            } else {
                #expect(result.reward == -.infinity, "non-finite rewards pass through")
            }
        }
        let tail = normalized.suffix(150)
        let mean = tail.reduce(0, +) / Double(tail.count)
        #expect(abs(mean) < 0.5)
        #expect(environment.standardDeviation > 0)
        #expect(normalized.allSatisfy { $0.isFinite })
    }

    @Test func syntheticOptimumIsWhereDocumented() {
        let evaluator = SyntheticDesignEvaluator()
        let all = (0..<evaluator.space.cardinality).map { evaluator.space.point(rank: $0) }
        let best = evaluator.evaluate(all).filter(\.evaluation.feasible).min { $0.evaluation.score < $1.evaluation.score }!
        #expect(evaluator.decode(best.evaluation.point) == ["64", "48", "ws", "256"])
        #expect(best.evaluation.score == 1.0)
    }

    @Test func unknownEnvironmentIsAnInputError() {
        #expect(throws: (any Error).self) { try EnvironmentRegistry.make("nope-v0") }
    }
}
