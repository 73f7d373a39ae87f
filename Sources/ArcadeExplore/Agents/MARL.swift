import Foundation
import ArcadeKernel

/// Multi-agent reinforcement learning for design-space exploration, after Krishnan et al. 2022,
/// "Multi-Agent Reinforcement Learning for Microprocessor Design Space Exploration": the knobs
/// are split into groups (sub-systems), each group is controlled by its own small PPO agent, and
/// all agents are trained on the SAME global reward (a cooperative game, decentralised learners —
/// independent PPO). Each agent sees only the constant reset observation and outputs the indices
/// of its own dimensions; the joint action is the concatenation. The paper's argument: each
/// learner faces a much smaller action space than one agent over the full product, so credit for
/// a knob is learnt faster when sub-systems are nearly independent.
///
/// Formulation details shared with `PPO`: one-step episodes (bandit, as ArchGym), reward =
/// −running-normalised (log) score, clipped to [−5, 5], −5 if infeasible; repeats resampled.
/// `groups` = 0 gives one agent per dimension (the paper's finest split); k > 0 makes k
/// contiguous groups of dimensions (knobs of one sub-system are usually adjacent in a space file).
public struct MARL: SearchAgent {
    public static let name = "marl"
    public static let summary = "multi-agent PPO: one small agent per knob group, shared global reward"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("groups", default: 0, range: 0...10_000, integer: true,
                           help: "0 = one agent per dimension (the MARL paper's formulation); k = k contiguous groups"),
        HyperparameterSpec("batch", default: 16, range: 1...100_000, integer: true,
                           help: "shared rewards per rollout before every agent updates"),
        HyperparameterSpec("epochs", default: 10, range: 1...1000, integer: true, help: "passes over each rollout"),
        HyperparameterSpec("minibatch", default: 8, range: 1...100_000, integer: true, help: "samples per gradient step"),
        HyperparameterSpec("lr", default: 0.01, range: 1e-6...1,
                           help: "Adam learning rate (high: budgets are hundreds of evaluations)"),
        HyperparameterSpec("clip", default: 0.2, range: 0.01...1, help: "PPO ratio clip ε"),
        HyperparameterSpec("entropy", default: 0.01, range: 0...1, help: "entropy bonus per agent"),
        HyperparameterSpec("value_coef", default: 0.5, range: 0...10, help: "value-loss weight"),
        HyperparameterSpec("hidden", default: 16, range: 1...1024, integer: true,
                           help: "tanh units per agent (each agent's action space is small)"),
        HyperparameterSpec("log", default: 1, range: 0...1, integer: true,
                           help: "1 = normalise log(score) when scores are positive"),
    ]

    let problem: SearchProblem
    let settings: Hyperparameters
    var generator: SplitMix64
    /// Dimensions controlled by each agent, in order.
    public let groups: [[Int]]
    var agents: [PPOLearner]
    var statistics = RunningStatistics()
    var proposed: Set<[Int]> = []          // membership only; never iterated
    var pending: [(point: [Int], logProbabilities: [Double])] = []
    var rollout: (points: [[Int]], logProbabilities: [[Double]], rewards: [Double]) = ([], [], [])

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.settings = hyperparameters
        self.generator = SplitMix64(seed: seed)
        groups = MARL.partition(dimensions: problem.space.counts.count, groups: hyperparameters.int("groups"))
        let learnerSettings = PPO.learnerSettings(hyperparameters)
        var agents: [PPOLearner] = []
        for group in groups {
            agents.append(PPOLearner(heads: group.map { problem.space.counts[$0] }, hidden: hyperparameters.int("hidden"),
                                     settings: learnerSettings, generator: &generator))
        }
        self.agents = agents
    }

    /// `groups` contiguous, near-equal groups of `dimensions` (0 or ≥ dimensions → singletons).
    public static func partition(dimensions: Int, groups: Int) -> [[Int]] {
        let k = groups <= 0 || groups >= dimensions ? dimensions : groups
        return (0..<k).map { g in Array((g * dimensions / k)..<((g + 1) * dimensions / k)) }
    }

    func split(_ point: [Int]) -> [[Int]] { groups.map { $0.map { point[$0] } } }

    public mutating func propose(count: Int) -> [[Int]] {
        let policies = agents.map { $0.policy() }
        var batch: [[Int]] = []
        for _ in 0..<max(count, 1) {
            var point = [Int](repeating: 0, count: problem.space.counts.count)
            var tries = 0
            repeat {
                for (a, group) in groups.enumerated() {
                    let action = agents[a].sample(policy: policies[a], using: &generator)
                    for (slot, dimension) in group.enumerated() { point[dimension] = action[slot] }
                }
                tries += 1
            } while proposed.contains(point) && tries <= 16
            for _ in 0..<256 where proposed.contains(point) { point = problem.space.sample(using: &generator) }
            proposed.insert(point)
            let parts = split(point)
            pending.append((point, agents.indices.map { agents[$0].logProbability(parts[$0], policy: policies[$0]) }))
            batch.append(point)
        }
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        for evaluation in evaluations {
            guard let index = pending.firstIndex(where: { $0.point == evaluation.point }) else { continue }
            let taken = pending.remove(at: index)
            rollout.points.append(taken.point)
            rollout.logProbabilities.append(taken.logProbabilities)
            rollout.rewards.append(PPO.reward(evaluation.score, log: settings.int("log") == 1, statistics: &statistics))
            if rollout.points.count >= settings.int("batch") {
                // Every agent learns from the same global reward on its own part of the action.
                for a in agents.indices {
                    agents[a].update(actions: rollout.points.map { point in groups[a].map { point[$0] } },
                                     oldLogProbabilities: rollout.logProbabilities.map { $0[a] },
                                     rewards: rollout.rewards, using: &generator)
                }
                rollout = ([], [], [])
            }
        }
    }
}
