import ArcadeKernel

/// A design-space environment over any `PointEvaluator` (the simulator-backed
/// `DesignSpaceEvaluator`, or a synthetic one).
///
/// - Action: a design point, `MultiDiscreteSpace` (one index per parameter; decoded values in `info`).
/// - Observation: the objective vector of the evaluated point, all minimised (`BoxSpace`); the zero
///   vector after `reset` (nothing evaluated yet) and `infeasibleObservation` for infeasible points.
/// - Reward: −score (the first objective, minimised), so HIGHER IS BETTER; `infeasibleReward`
///   (default −∞, configurable to a finite penalty for RL) for infeasible points.
/// - Episode: `episodeLength` steps (default 1, as in ArchGym: each episode proposes one design);
///   `terminated` after the last.
///
/// ```swift
/// var env = DesignEnvironment(evaluator: try DesignSpaceEvaluator(path: "Workloads/spaces/systolic-tiny.yaml"))
/// var (observation, _) = env.reset(seed: 7)
/// let result = env.step(env.sampleAction())
/// print(result.reward, result.info["rows"]!)
/// ```
public struct DesignEnvironment: Environment {
    public let evaluator: any PointEvaluator
    public let episodeLength: Int
    public let infeasibleReward: Double
    /// Large but finite, so it lies inside the observation space and survives arithmetic.
    public static let infeasibleObservationValue = Double.greatestFiniteMagnitude

    public var actionSpace: MultiDiscreteSpace { evaluator.space }
    public var observationSpace: BoxSpace {
        let count = evaluator.objectiveNames.count
        return BoxSpace(low: Array(repeating: -Double.greatestFiniteMagnitude, count: count),
                        high: Array(repeating: Double.greatestFiniteMagnitude, count: count))
    }

    /// Seeded by `reset(seed:)`; `sampleAction()` draws from it (Gymnasium's `np_random`).
    public private(set) var generator = SplitMix64(seed: 0)
    public private(set) var stepsTaken = 0
    private var needsReset = true
    /// Whether `step` may be called now (after `reset`, before the episode ends).
    public var canStep: Bool { !needsReset }

    public init(evaluator: any PointEvaluator, episodeLength: Int = 1, infeasibleReward: Double = -.infinity) {
        precondition(episodeLength >= 1, "an episode needs at least one step")
        self.evaluator = evaluator
        self.episodeLength = episodeLength
        self.infeasibleReward = infeasibleReward
    }

    public mutating func reset(seed: UInt64?) -> ([Double], [String: String]) {
        if let seed { generator = SplitMix64(seed: seed) }
        stepsTaken = 0
        needsReset = false
        let info = ["episode_length": String(episodeLength), "objectives": evaluator.objectiveNames.joined(separator: ",")]
        return (Array(repeating: 0, count: evaluator.objectiveNames.count), info)
    }

    public mutating func step(_ action: [Int]) -> StepResult<[Double]> {
        precondition(!needsReset, "call reset(seed:) before step and after an episode ends")
        precondition(actionSpace.contains(action), "action \(action) is outside the action space \(actionSpace.counts)")
        let (evaluation, failure) = evaluator.evaluate([action])[0]
        stepsTaken += 1
        let terminated = stepsTaken >= episodeLength
        needsReset = terminated
        var info: [String: String] = [:]
        for (name, value) in zip(evaluator.parameterNames, evaluator.decode(action)) { info[name] = value }
        info["feasible"] = String(evaluation.feasible)
        if let failure { info["failure"] = failure }
        let observation = evaluation.feasible
            ? evaluation.objectives
            : Array(repeating: Self.infeasibleObservationValue, count: evaluator.objectiveNames.count)
        let reward = evaluation.feasible ? -evaluation.score : infeasibleReward
        return StepResult(observation: observation, reward: reward, terminated: terminated, truncated: false, info: info)
    }

    /// A uniformly random action from the environment's seeded generator.
    public mutating func sampleAction() -> [Int] { actionSpace.sample(using: &generator) }
}
