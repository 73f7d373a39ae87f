import Foundation

/// A Gaussian-process regressor with a Matérn 5/2 kernel over encoded design points, for the
/// Bayesian-optimisation agent (Rasmussen & Williams 2006, ch. 2 and 4; Snoek et al. 2012 for the
/// Matérn 5/2 choice in BO).
///
/// Inputs: one feature per dimension. Ordered dimensions are scaled to [0, 1] by the caller and
/// contribute ((a − b)/ℓ_d)² to r²; categorical dimensions carry the category index and contribute
/// [a ≠ b]/ℓ_d² (a Hamming-distance term, equal to one-hot distance up to the length scale).
/// k(a, b) = σ² (1 + √5 r + 5r²/3) e^{−√5 r} + σ² η [a = b].
/// The signal variance σ² is profiled out in closed form (σ̂² = yᵀ(C + ηI)⁻¹y / n), so only the
/// length scales and the relative noise η are searched when fitting.
public struct GaussianProcess: Sendable {
    public struct Kernel: Sendable, Equatable {
        public var lengthScales: [Double]
        public var categorical: [Bool]
        /// Noise variance relative to the signal variance (nugget; also keeps C well conditioned).
        public var noise: Double

        public init(lengthScales: [Double], categorical: [Bool], noise: Double) {
            self.lengthScales = lengthScales
            self.categorical = categorical
            self.noise = noise
        }

        /// Correlation (k/σ² without noise) between two encoded points.
        @inline(__always)
        public func correlation(_ a: [Double], _ b: [Double], inverseSquares: [Double]) -> Double {
            var r2 = 0.0
            for d in a.indices {
                if categorical[d] {
                    if a[d] != b[d] { r2 += inverseSquares[d] }
                } else {
                    let delta = a[d] - b[d]
                    r2 += delta * delta * inverseSquares[d]
                }
            }
            return GaussianProcess.matern52(squaredDistance: r2)
        }

        public var inverseSquares: [Double] { lengthScales.map { 1 / ($0 * $0) } }
    }

    @inline(__always)
    public static func matern52(squaredDistance r2: Double) -> Double {
        let s = (5 * r2).squareRoot()
        return (1 + s + s * s / 3) * exp(-s)
    }

    public private(set) var kernel: Kernel
    public private(set) var inputs: [[Double]]
    public private(set) var targets: [Double]
    private var factor: Cholesky
    private let inverseSquares: [Double]
    /// (C + ηI)⁻¹ (y − ȳ), the profiled σ̂² and ȳ: recomputed after every change (O(n²)).
    public private(set) var alpha: [Double] = []
    public private(set) var signalVariance: Double = 1
    public private(set) var mean: Double = 0

    /// Nil when the kernel matrix cannot be factored even with jitter.
    public init?(inputs: [[Double]], targets: [Double], kernel: Kernel) {
        precondition(inputs.count == targets.count && !inputs.isEmpty)
        let inverse = kernel.inverseSquares
        guard let factor = Cholesky(count: inputs.count, entry: { i, j in
            i == j ? 1 + kernel.noise : kernel.correlation(inputs[i], inputs[j], inverseSquares: inverse)
        }) else { return nil }
        self.kernel = kernel
        self.inputs = inputs
        self.targets = targets
        self.factor = factor
        self.inverseSquares = inverse
        refresh()
    }

    private mutating func refresh() {
        mean = targets.reduce(0, +) / Double(targets.count)
        let centred = targets.map { $0 - mean }
        alpha = factor.solve(centred)
        var quadratic = 0.0
        for i in centred.indices { quadratic += centred[i] * alpha[i] }
        signalVariance = max(quadratic / Double(targets.count), 1e-12)
    }

    /// Log marginal likelihood with σ² at its maximiser: −n/2 log σ̂² − ½ log|C + ηI| − n/2 (1 + log 2π).
    public var logMarginalLikelihood: Double {
        let n = Double(targets.count)
        return -0.5 * n * log(signalVariance) - 0.5 * factor.logDeterminant - 0.5 * n * (1 + log(2 * Double.pi))
    }

    /// Adds one observation with the kernel unchanged, in O(n²) (incremental Cholesky).
    /// False when the point makes the matrix singular (model unchanged).
    @discardableResult
    public mutating func append(input: [Double], target: Double) -> Bool {
        let column = inputs.map { kernel.correlation($0, input, inverseSquares: inverseSquares) }
        guard factor.append(column: column, diagonal: 1 + kernel.noise) else { return false }
        inputs.append(input)
        targets.append(target)
        refresh()
        return true
    }

    /// Replaces every target (same inputs, same kernel) in O(n²): used when the caller's
    /// standardisation moves after a new observation.
    public mutating func replaceTargets(_ values: [Double]) {
        precondition(values.count == targets.count)
        targets = values
        refresh()
    }

    /// Posterior mean and variance of the latent function at each candidate. Builds the n×m
    /// cross-correlation block and solves L V = C* for all candidates in one pass.
    public func posterior(_ candidates: [[Double]]) -> (mean: [Double], variance: [Double]) {
        let n = inputs.count, m = candidates.count, d = kernel.categorical.count
        // Flat copies so the n×m kernel loop runs on raw pointers (no per-element array checks).
        let train = inputs.flatMap { $0 }, tests = candidates.flatMap { $0 }
        let categorical = kernel.categorical.map { $0 ? 1.0 : 0.0 }
        var block = [Double](repeating: 0, count: n * m)
        var means = [Double](repeating: mean, count: m)
        train.withUnsafeBufferPointer { x in
            tests.withUnsafeBufferPointer { t in
                block.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n {
                        let input = x.baseAddress! + i * d, weight = alpha[i]
                        for j in 0..<m {
                            let test = t.baseAddress! + j * d
                            var r2 = 0.0
                            for k in 0..<d {
                                let delta = input[k] - test[k]
                                r2 += categorical[k] != 0 ? (delta != 0 ? inverseSquares[k] : 0)
                                                          : delta * delta * inverseSquares[k]
                            }
                            let c = GaussianProcess.matern52(squaredDistance: r2)
                            out[i * m + j] = c
                            means[j] += weight * c
                        }
                    }
                }
            }
        }
        factor.solveLowerInPlace(&block, columns: m)
        var variances = [Double](repeating: 1, count: m)
        block.withUnsafeBufferPointer { v in
            for i in 0..<n {
                for j in 0..<m { variances[j] -= v[i * m + j] * v[i * m + j] }
            }
        }
        return (means, variances.map { max($0, 0) * signalVariance })
    }

    /// Posterior mean only: O(n·m·d), no triangular solve (for a model whose variance is not needed,
    /// such as the feasibility regression of constrained BO).
    public func posteriorMean(_ candidates: [[Double]]) -> [Double] {
        candidates.map { candidate in
            var sum = mean
            for i in inputs.indices {
                sum += alpha[i] * kernel.correlation(inputs[i], candidate, inverseSquares: inverseSquares)
            }
            return sum
        }
    }

    /// Fits the kernel by maximising the profiled log marginal likelihood: a grid over one shared
    /// length scale × `noises` (or, given `start` — the previous fit — that kernel, its other noise
    /// levels and ½×/2× overall), then one coordinate sweep scaling each dimension's length scale
    /// by ½ and 2 (cheap ARD). Costs (grid·noises or ~4) + 2·d Cholesky factorisations.
    public static func fit(inputs: [[Double]], targets: [Double], categorical: [Bool], noises: [Double],
                           start: Kernel? = nil,
                           grid: [Double] = [0.1, 0.2, 0.35, 0.6, 1.0, 2.0]) -> GaussianProcess? {
        let d = categorical.count
        var best: GaussianProcess?
        func consider(_ kernel: Kernel) {
            guard let model = GaussianProcess(inputs: inputs, targets: targets, kernel: kernel) else { return }
            if best == nil || model.logMarginalLikelihood > best!.logMarginalLikelihood + 1e-9 { best = model }
        }
        if let start {
            // Warm start (refits): the previous kernel, its other noise levels and ½×/2× overall.
            consider(start)
            for noise in noises where noise != start.noise {
                var other = start
                other.noise = noise
                consider(other)
            }
            for multiplier in [0.5, 2.0] {
                var scaled = start
                scaled.lengthScales = start.lengthScales.map { min(max($0 * multiplier, 0.02), 20) }
                consider(scaled)
            }
        } else {
            for noise in noises {
                for scale in grid {
                    consider(Kernel(lengthScales: Array(repeating: scale, count: d), categorical: categorical, noise: noise))
                }
            }
        }
        guard var current = best?.kernel else { return nil }
        for dimension in 0..<d {
            for multiplier in [0.5, 2.0] {
                var trial = current
                trial.lengthScales[dimension] = min(max(trial.lengthScales[dimension] * multiplier, 0.02), 20)
                consider(trial)
            }
            current = best!.kernel
        }
        return best
    }

    /// Standard normal density and distribution function.
    public static func normalPDF(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Expected improvement below `best` (minimisation; Jones et al. 1998):
    /// EI = (best − μ − ξ) Φ(z) + σ φ(z), z = (best − μ − ξ)/σ; with σ = 0 it is max(best − μ − ξ, 0).
    public static func expectedImprovement(mean: Double, variance: Double, best: Double, xi: Double = 0) -> Double {
        let improvement = best - mean - xi
        let sigma = variance.squareRoot()
        guard sigma > 1e-12 else { return max(improvement, 0) }
        let z = improvement / sigma
        return max(improvement * normalCDF(z) + sigma * normalPDF(z), 0)
    }

    /// Negated lower confidence bound, to be maximised: κσ − μ (Srinivas et al. 2010, GP-UCB).
    public static func upperConfidence(mean: Double, variance: Double, kappa: Double) -> Double {
        kappa * variance.squareRoot() - mean
    }
}
