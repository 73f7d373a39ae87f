import Foundation
import ArcadeKernel

/// Reinforcement learning with PPO (Schulman et al. 2017) in ArchGym's bandit formulation
/// (Krishnan et al. 2023, "ArchGym"): every episode is ONE step — the constant reset observation
/// goes in, the policy picks a whole design (one categorical head per MultiDiscrete dimension on a
/// shared tanh MLP, plus a value head), the simulator scores it, the episode ends. So the return
/// is the reward and the value head learns a baseline.
///
/// Reward = −(s − μ)/σ of the (log, when positive) score with running mean/std (Welford), clipped
/// to [−5, 5]; infeasible points get −5. Normalising makes one learning rate work on objectives
/// of any unit. After every `batch` rewards, `epochs` of minibatch PPO updates (`PPOLearner`).
/// Points already proposed are resampled (up to 16 draws, then uniform), so the agent does not
/// spend budget on repeats once the policy concentrates; the log-probability stored is the
/// current policy's for the point actually proposed.
public struct PPO: SearchAgent {
    public static let name = "ppo"
    public static let summary = "PPO (clipped objective) with an MLP policy over MultiDiscrete actions, one-step episodes"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("batch", default: 16, range: 1...100_000, integer: true,
                           help: "rewards per rollout before an update (small: 200-evaluation budgets need ≥ 10 updates)"),
        HyperparameterSpec("epochs", default: 10, range: 1...1000, integer: true,
                           help: "passes over each rollout (stable-baselines3's n_epochs)"),
        HyperparameterSpec("minibatch", default: 8, range: 1...100_000, integer: true,
                           help: "samples per gradient step"),
        HyperparameterSpec("lr", default: 0.01, range: 1e-6...1,
                           help: "Adam learning rate (higher than SB3's 3e-4: the budget is hundreds, not millions, of steps)"),
        HyperparameterSpec("clip", default: 0.2, range: 0.01...1, help: "PPO ratio clip ε (Schulman et al. 2017)"),
        HyperparameterSpec("entropy", default: 0.01, range: 0...1,
                           help: "entropy bonus coefficient (keeps the policy exploring)"),
        HyperparameterSpec("value_coef", default: 0.5, range: 0...10, help: "value-loss weight (SB3 default)"),
        HyperparameterSpec("hidden", default: 32, range: 1...1024, integer: true, help: "tanh units in the hidden layer"),
        HyperparameterSpec("log", default: 1, range: 0...1, integer: true,
                           help: "1 = normalise log(score) when scores are positive (objectives span decades)"),
    ]

    let problem: SearchProblem
    let settings: Hyperparameters
    var generator: SplitMix64
    var learner: PPOLearner
    var statistics = RunningStatistics()
    var proposed: Set<[Int]> = []          // membership only; never iterated
    var pending: [(point: [Int], logProbability: Double)] = []
    var rollout: (actions: [[Int]], logProbabilities: [Double], rewards: [Double]) = ([], [], [])

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.settings = hyperparameters
        self.generator = SplitMix64(seed: seed)
        learner = PPOLearner(heads: problem.space.counts, hidden: hyperparameters.int("hidden"),
                             settings: PPO.learnerSettings(hyperparameters), generator: &generator)
    }

    static func learnerSettings(_ h: Hyperparameters) -> PPOLearner.Settings {
        var settings = PPOLearner.Settings()
        settings.clip = h["clip"]
        settings.entropy = h["entropy"]
        settings.value = h["value_coef"]
        settings.learningRate = h["lr"]
        settings.epochs = h.int("epochs")
        settings.minibatch = h.int("minibatch")
        return settings
    }

    public mutating func propose(count: Int) -> [[Int]] {
        let policy = learner.policy()
        var batch: [[Int]] = []
        for _ in 0..<max(count, 1) {
            var point = learner.sample(policy: policy, using: &generator)
            var tries = 0
            while proposed.contains(point) && tries < 16 {
                point = learner.sample(policy: policy, using: &generator)
                tries += 1
            }
            for _ in 0..<256 where proposed.contains(point) { point = problem.space.sample(using: &generator) }
            proposed.insert(point)
            pending.append((point, learner.logProbability(point, policy: policy)))
            batch.append(point)
        }
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        for evaluation in evaluations {
            guard let index = pending.firstIndex(where: { $0.point == evaluation.point }) else { continue }
            let taken = pending.remove(at: index)
            let reward = PPO.reward(evaluation.score, log: settings.int("log") == 1, statistics: &statistics)
            rollout.actions.append(taken.point)
            rollout.logProbabilities.append(taken.logProbability)
            rollout.rewards.append(reward)
            if rollout.actions.count >= settings.int("batch") {
                learner.update(actions: rollout.actions, oldLogProbabilities: rollout.logProbabilities,
                               rewards: rollout.rewards, using: &generator)
                rollout = ([], [], [])
            }
        }
    }

    /// −(s − μ)/σ with running statistics of the (log) score, clipped to [−5, 5]; −5 if infeasible.
    /// Shared with `MARL`.
    static func reward(_ score: Double, log useLog: Bool, statistics: inout RunningStatistics) -> Double {
        guard score.isFinite else { return -5 }
        let value = useLog && score > 0 ? Foundation.log(score) : score
        statistics.add(value)
        let reward = -(value - statistics.mean) / max(statistics.standardDeviation, 1e-12)
        return min(max(reward, -5), 5)
    }
}
