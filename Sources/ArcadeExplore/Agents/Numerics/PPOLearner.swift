import Foundation
import ArcadeKernel

/// Proximal policy optimisation (Schulman et al. 2017, "Proximal Policy Optimization Algorithms")
/// for a MultiDiscrete action — one categorical head per dimension — with a value head, on an
/// `MLP`. Shared by the `ppo` agent (one learner over all knobs) and the `marl` agent (one learner
/// per knob group).
///
/// Episodes are one step long (ArchGym's bandit formulation: reset → choose a whole design →
/// reward → done), so the return is the reward and the advantage is reward − V(s).
/// Loss per sample, minimised:  −min(ρA, clip(ρ, 1−ε, 1+ε)A) − c_H Σ_h H(π_h) + c_V ½(V − R)²,
/// ρ = π(a)/π_old(a), A normalised over the rollout.
public struct PPOLearner: Sendable {
    public struct Settings: Sendable {
        public var clip = 0.2, entropy = 0.01, value = 0.5, learningRate = 0.01, maxGradientNorm = 0.5
        public var epochs = 10, minibatch = 8
        public init() {}
    }

    public let heads: [Int]
    public var network: MLP
    public var settings: Settings
    var optimiser: Adam
    /// The (constant) observation of the one-step episode.
    public let observation: [Double]

    public init(heads: [Int], hidden: Int, observation: [Double] = [1], settings: Settings, generator: inout SplitMix64) {
        self.heads = heads
        self.settings = settings
        self.observation = observation
        network = MLP(inputs: observation.count, hidden: hidden, outputs: heads.reduce(0, +) + 1, generator: &generator)
        optimiser = Adam(count: network.parameterCount, learningRate: settings.learningRate)
    }

    /// Softmax probabilities of each head (max-subtracted for stability).
    public static func probabilities(_ output: [Double], heads: [Int]) -> [[Double]] {
        var offset = 0
        return heads.map { size in
            let logits = output[offset..<(offset + size)]
            offset += size
            let top = logits.max() ?? 0
            let exps = logits.map { exp($0 - top) }
            let sum = exps.reduce(0, +)
            return exps.map { $0 / sum }
        }
    }

    public func policy() -> [[Double]] {
        PPOLearner.probabilities(network.forward(observation).output, heads: heads)
    }

    public func logProbability(_ action: [Int], policy: [[Double]]) -> Double {
        zip(action, policy).reduce(0) { $0 + log(max($1.1[$1.0], 1e-300)) }
    }

    /// An action drawn from the current policy.
    public func sample(policy: [[Double]], using generator: inout SplitMix64) -> [Int] {
        policy.map { probabilities in
            var u = Double(generator.next() >> 11) / Double(1 << 53)
            for (index, p) in probabilities.enumerated() {
                u -= p
                if u < 0 { return index }
            }
            return probabilities.count - 1
        }
    }

    /// The clipped surrogate min(ρA, clip(ρ, 1−ε, 1+ε)A) (to be maximised).
    public static func clippedObjective(ratio: Double, advantage: Double, clip: Double) -> Double {
        min(ratio * advantage, min(max(ratio, 1 - clip), 1 + clip) * advantage)
    }

    /// Loss and ∂loss/∂output of one sample (see the type comment).
    public func lossGradient(output: [Double], action: [Int], oldLogProbability: Double, advantage: Double,
                             reward: Double) -> (loss: Double, gradient: [Double]) {
        let policy = PPOLearner.probabilities(output, heads: heads)
        let ratio = exp(logProbability(action, policy: policy) - oldLogProbability)
        let surrogate = PPOLearner.clippedObjective(ratio: ratio, advantage: advantage, clip: settings.clip)
        // ∂(−surrogate)/∂log π: −ρA when ρA is the minimum (inside the clip range or on the
        // pessimistic side), else 0 (the clipped branch is constant in θ).
        let dLogProbability = ratio * advantage <= surrogate + 1e-15 ? -ratio * advantage : 0
        var gradient = [Double](repeating: 0, count: output.count)
        var loss = -surrogate
        var offset = 0
        for (h, p) in policy.enumerated() {
            let entropy = -p.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
            loss -= settings.entropy * entropy
            for j in p.indices {
                let logP = log(max(p[j], 1e-300))
                // ∂log π_h(a)/∂z_j = [j = a] − p_j;  ∂H/∂z_j = −p_j (log p_j + H).
                gradient[offset + j] += dLogProbability * ((j == action[h] ? 1 : 0) - p[j])
                gradient[offset + j] += settings.entropy * p[j] * (logP + entropy)
            }
            offset += p.count
        }
        let value = output[output.count - 1]
        loss += settings.value * 0.5 * (value - reward) * (value - reward)
        gradient[output.count - 1] = settings.value * (value - reward)
        return (loss, gradient)
    }

    /// One PPO update on a rollout: advantages from the pre-update value head, normalised;
    /// `epochs` passes of seeded-shuffled minibatches, global-norm gradient clipping, Adam.
    public mutating func update(actions: [[Int]], oldLogProbabilities: [Double], rewards: [Double],
                                using generator: inout SplitMix64) {
        let n = actions.count
        guard n > 0 else { return }
        let baseline = network.forward(observation).output.last!
        var advantages = rewards.map { $0 - baseline }
        let mean = advantages.reduce(0, +) / Double(n)
        let spread = (advantages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        advantages = advantages.map { ($0 - mean) / (spread + 1e-8) }
        var order = Array(0..<n)
        for _ in 0..<settings.epochs {
            for i in stride(from: n - 1, to: 0, by: -1) {   // Fisher–Yates, seeded
                order.swapAt(i, Int(generator.next(below: UInt64(i + 1))))
            }
            for start in stride(from: 0, to: n, by: max(settings.minibatch, 1)) {
                let members = order[start..<min(start + settings.minibatch, n)]
                var gradient = [Double](repeating: 0, count: network.parameterCount)
                let (hidden, output) = network.forward(observation)
                for i in members {
                    var (_, outputGradient) = lossGradient(output: output, action: actions[i],
                                                           oldLogProbability: oldLogProbabilities[i],
                                                           advantage: advantages[i], reward: rewards[i])
                    for o in outputGradient.indices { outputGradient[o] /= Double(members.count) }
                    network.backward(input: observation, hidden: hidden, outputGradient: outputGradient, into: &gradient)
                }
                let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > settings.maxGradientNorm {
                    for i in gradient.indices { gradient[i] *= settings.maxGradientNorm / norm }
                }
                optimiser.step(&network.parameters, gradient: gradient)
            }
        }
    }
}

/// Running mean and variance (Welford 1962), for reward normalisation.
public struct RunningStatistics: Sendable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    var squares = 0.0
    public init() {}
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        squares += delta * (value - mean)
    }
    public var standardDeviation: Double { count > 1 ? (squares / Double(count - 1)).squareRoot() : 1 }
}
