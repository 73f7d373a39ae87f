/// A Gymnasium-style environment: `reset(seed:)` → (observation, info), then `step(action)` →
/// observation, reward, terminated, truncated, info — the API RL code and its tooling expect
/// (Gymnasium ≥ 0.26, not the old 4-tuple `done` API ArchGym uses).
///
/// Conventions, the same for every environment Arcade ships:
/// - reward: HIGHER IS BETTER (design environments return −score, so a smaller objective gives a
///   larger reward; ArchGym flipped this sign between environments).
/// - `terminated`: the episode reached its natural end; `truncated`: cut short by a wrapper
///   (`TimeLimit`). Call `reset` after either.
/// - `info`: strings only (decoded parameters, feasibility, failure reason), so it crosses a pipe as JSON.
public protocol Environment {
    associatedtype Observation
    associatedtype Action
    associatedtype ActionSpace: Space where ActionSpace.Element == Action
    associatedtype ObservationSpace: Space where ObservationSpace.Element == Observation

    var actionSpace: ActionSpace { get }
    var observationSpace: ObservationSpace { get }

    /// Starts an episode. A seed re-seeds the environment's own randomness (`nil` keeps the stream).
    mutating func reset(seed: UInt64?) -> (Observation, [String: String])

    /// Applies `action`. Calling `step` after `terminated` or `truncated` without `reset` is a
    /// programming error (a precondition failure).
    mutating func step(_ action: Action) -> StepResult<Observation>
}

/// What one `step` returns.
public struct StepResult<Observation> {
    public var observation: Observation
    /// Higher is better.
    public var reward: Double
    public var terminated: Bool
    public var truncated: Bool
    public var info: [String: String]

    public init(observation: Observation, reward: Double, terminated: Bool, truncated: Bool, info: [String: String]) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }

    /// Either end condition: time to `reset`.
    public var done: Bool { terminated || truncated }
}

extension StepResult: Equatable where Observation: Equatable {}
extension StepResult: Sendable where Observation: Sendable {}
