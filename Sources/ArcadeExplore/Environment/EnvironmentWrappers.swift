/// Truncates episodes after `maxSteps` steps (Gymnasium's `TimeLimit`): `truncated` is set on the
/// step that reaches the limit unless the episode terminated on that step anyway.
public struct TimeLimit<Wrapped: Environment>: Environment {
    public var wrapped: Wrapped
    public let maxSteps: Int
    public private(set) var elapsedSteps = 0

    public init(_ wrapped: Wrapped, maxSteps: Int) {
        precondition(maxSteps >= 1, "a time limit needs at least one step")
        self.wrapped = wrapped
        self.maxSteps = maxSteps
    }

    public var actionSpace: Wrapped.ActionSpace { wrapped.actionSpace }
    public var observationSpace: Wrapped.ObservationSpace { wrapped.observationSpace }

    public mutating func reset(seed: UInt64?) -> (Wrapped.Observation, [String: String]) {
        elapsedSteps = 0
        return wrapped.reset(seed: seed)
    }

    public mutating func step(_ action: Wrapped.Action) -> StepResult<Wrapped.Observation> {
        var result = wrapped.step(action)
        elapsedSteps += 1
        if elapsedSteps >= maxSteps && !result.terminated { result.truncated = true }
        return result
    }
}

/// Scales rewards by a running estimate of their standard deviation and removes their running mean
/// (Welford's algorithm), so RL agents see rewards of order 1 whatever the objective's units
/// (cycles are ~1e6, area ~1). Non-finite rewards (infeasible points) pass through unchanged and
/// do not enter the statistics. Deterministic: no randomness; statistics persist across resets.
public struct RewardNormalization<Wrapped: Environment>: Environment {
    public var wrapped: Wrapped
    /// Floor on the standard deviation, so the first rewards are not divided by ~0.
    public let epsilon: Double
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var sumOfSquares = 0.0

    public init(_ wrapped: Wrapped, epsilon: Double = 1e-8) {
        self.wrapped = wrapped
        self.epsilon = epsilon
    }

    public var actionSpace: Wrapped.ActionSpace { wrapped.actionSpace }
    public var observationSpace: Wrapped.ObservationSpace { wrapped.observationSpace }
    public var standardDeviation: Double { count > 1 ? (sumOfSquares / Double(count - 1)).squareRoot() : 1 }

    public mutating func reset(seed: UInt64?) -> (Wrapped.Observation, [String: String]) { wrapped.reset(seed: seed) }

    public mutating func step(_ action: Wrapped.Action) -> StepResult<Wrapped.Observation> {
        var result = wrapped.step(action)
        guard result.reward.isFinite else { return result }
        count += 1
        let delta = result.reward - mean
        mean += delta / Double(count)
        sumOfSquares += delta * (result.reward - mean)
        result.info["raw_reward"] = String(result.reward)
        result.reward = (result.reward - mean) / max(standardDeviation, epsilon)
        return result
    }
}
