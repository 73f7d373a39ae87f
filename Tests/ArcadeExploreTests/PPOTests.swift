import Foundation
import Testing
import ArcadeExplore
import ArcadeKernel

@Suite struct PPOTests {
    @Test func clippedObjectiveHandExamples() {
        // min(ρA, clip(ρ, 0.8, 1.2)A)
        #expect(abs(PPOLearner.clippedObjective(ratio: 1.5, advantage: 1, clip: 0.2) - 1.2) < 1e-12)
        #expect(PPOLearner.clippedObjective(ratio: 0.5, advantage: 1, clip: 0.2) == 0.5)
        #expect(abs(PPOLearner.clippedObjective(ratio: 0.5, advantage: -1, clip: 0.2) + 0.8) < 1e-12)
        #expect(PPOLearner.clippedObjective(ratio: 1.5, advantage: -1, clip: 0.2) == -1.5)
        #expect(PPOLearner.clippedObjective(ratio: 1.1, advantage: 2, clip: 0.2) == 2.2)
    }

    /// ∂loss/∂output (policy logits, entropy bonus, value head) against finite differences, both
    /// inside the clip range and where the clipped branch is active (gradient of the surrogate 0).
    @Test(arguments: [(0.0, 1.0), (-0.5, 1.0), (0.5, -1.0)])
    func lossGradientMatchesFiniteDifferences(oldShift: Double, advantage: Double) {
        var generator = SplitMix64(seed: 5)
        var settings = PPOLearner.Settings()
        settings.entropy = 0.05
        let learner = PPOLearner(heads: [3, 2], hidden: 4, settings: settings, generator: &generator)
        let output = [0.2, -0.4, 0.1, 0.7, -0.3, 0.05]
        let action = [2, 0]
        let old = learner.logProbability(action, policy: PPOLearner.probabilities(output, heads: [3, 2])) + oldShift
        let (_, gradient) = learner.lossGradient(output: output, action: action, oldLogProbability: old, advantage: advantage, reward: 0.3)
        for o in output.indices {
            var up = output, down = output
            up[o] += 1e-6
            down[o] -= 1e-6
            let numeric = (learner.lossGradient(output: up, action: action, oldLogProbability: old, advantage: advantage, reward: 0.3).loss
                - learner.lossGradient(output: down, action: action, oldLogProbability: old, advantage: advantage, reward: 0.3).loss) / 2e-6
            #expect(abs(numeric - gradient[o]) < 1e-5, "output \(o): \(gradient[o]) vs \(numeric)")
        }
    }

    @Test func updatesMoveProbabilityTowardsRewardedActions() {
        var generator = SplitMix64(seed: 1)
        var learner = PPOLearner(heads: [4], hidden: 8, settings: PPOLearner.Settings(), generator: &generator)
        let before = learner.policy()[0][3]
        let actions = (0..<16).map { [$0 % 4] }
        let logs = actions.map { learner.logProbability($0, policy: learner.policy()) }
        learner.update(actions: actions, oldLogProbabilities: logs, rewards: actions.map { $0[0] == 3 ? 1 : -1 }, using: &generator)
        #expect(learner.policy()[0][3] > before)
    }

    /// Tolerance: at or below random search's best (same seed, 200 evaluations) in ≥ 4 of 5 seeds.
    @Test func beatsRandomOnTheProxy() throws {
        #expect(try SystolicProxy().winsOverRandom(agent: "ppo", budget: 200) >= 4)
    }
}
