import Foundation
import ArcadeKernel

/// A one-hidden-layer perceptron, input → tanh(W₁x + b₁) → W₂h + b₂, with hand-written
/// backpropagation, for the policy-gradient agents. All parameters live in one flat array so the
/// optimiser (Adam) and the gradient check treat them uniformly.
/// Layout: W₁ (hidden × inputs, row-major), b₁ (hidden), W₂ (outputs × hidden), b₂ (outputs).
public struct MLP: Sendable, Equatable {
    public let inputs: Int
    public let hidden: Int
    public let outputs: Int
    public var parameters: [Double]

    public var parameterCount: Int { hidden * inputs + hidden + outputs * hidden + outputs }
    var b1Offset: Int { hidden * inputs }
    var w2Offset: Int { hidden * inputs + hidden }
    var b2Offset: Int { w2Offset + outputs * hidden }

    /// Seeded initialisation: hidden weights uniform with Glorot scale √(6/(in+out)); output weights
    /// scaled by `outputScale` (PPO implementations start policy logits near zero, i.e. a uniform
    /// policy — Andrychowicz et al. 2021, "What matters in on-policy RL"); biases zero.
    public init(inputs: Int, hidden: Int, outputs: Int, outputScale: Double = 0.01, generator: inout SplitMix64) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        parameters = [Double](repeating: 0, count: hidden * inputs + hidden + outputs * hidden + outputs)
        func uniform(_ scale: Double) -> Double {
            (Double(generator.next() >> 11) / Double(1 << 53) * 2 - 1) * scale
        }
        let scale1 = (6.0 / Double(inputs + hidden)).squareRoot()
        for i in 0..<(hidden * inputs) { parameters[i] = uniform(scale1) }
        let scale2 = (6.0 / Double(hidden + outputs)).squareRoot() * outputScale
        for i in 0..<(outputs * hidden) { parameters[w2Offset + i] = uniform(scale2) }
    }

    /// Hidden activations and outputs for one input.
    public func forward(_ x: [Double]) -> (hidden: [Double], output: [Double]) {
        precondition(x.count == inputs)
        var h = [Double](repeating: 0, count: hidden)
        for j in 0..<hidden {
            var sum = parameters[b1Offset + j]
            let row = j * inputs
            for i in 0..<inputs { sum += parameters[row + i] * x[i] }
            h[j] = tanh(sum)
        }
        var y = [Double](repeating: 0, count: outputs)
        for o in 0..<outputs {
            var sum = parameters[b2Offset + o]
            let row = w2Offset + o * hidden
            for j in 0..<hidden { sum += parameters[row + j] * h[j] }
            y[o] = sum
        }
        return (h, y)
    }

    /// Adds ∂L/∂θ to `gradient` given ∂L/∂output for input `x` (whose hidden activations `h` came
    /// from `forward`). Chain rule: ∂L/∂W₂ = g hᵀ, ∂L/∂h = W₂ᵀ g, ∂L/∂a = ∂L/∂h ⊙ (1 − h²),
    /// ∂L/∂W₁ = (∂L/∂a) xᵀ.
    public func backward(input x: [Double], hidden h: [Double], outputGradient g: [Double],
                         into gradient: inout [Double]) {
        precondition(g.count == outputs && gradient.count == parameters.count)
        var dh = [Double](repeating: 0, count: hidden)
        for o in 0..<outputs where g[o] != 0 {
            let row = w2Offset + o * hidden
            gradient[b2Offset + o] += g[o]
            for j in 0..<hidden {
                gradient[row + j] += g[o] * h[j]
                dh[j] += parameters[row + j] * g[o]
            }
        }
        for j in 0..<hidden {
            let da = dh[j] * (1 - h[j] * h[j])
            gradient[b1Offset + j] += da
            let row = j * inputs
            for i in 0..<inputs { gradient[row + i] += da * x[i] }
        }
    }
}

/// Adam (Kingma & Ba 2015) with bias correction, over a flat parameter vector.
public struct Adam: Sendable {
    public var learningRate: Double
    public var beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
    var m: [Double], v: [Double]
    var t = 0

    public init(count: Int, learningRate: Double) {
        self.learningRate = learningRate
        m = [Double](repeating: 0, count: count)
        v = m
    }

    /// θ ← θ − lr · m̂ / (√v̂ + ε) for a gradient of the loss (minimisation).
    public mutating func step(_ parameters: inout [Double], gradient: [Double]) {
        t += 1
        let c1 = 1 - pow(beta1, Double(t)), c2 = 1 - pow(beta2, Double(t))
        for i in parameters.indices {
            m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
            v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
            parameters[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
        }
    }
}
