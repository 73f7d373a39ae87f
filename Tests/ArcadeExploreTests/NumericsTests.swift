import Foundation
import Testing
import ArcadeExplore
import ArcadeKernel

@Suite struct NumericsTests {
    /// The textbook example: A = [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L Lᵀ with
    /// L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]].
    static let a: [[Double]] = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]]

    @Test func choleskyMatchesHandExample() throws {
        let factor = try #require(Cholesky(count: 3) { NumericsTests.a[$0][$1] })
        let expected: [[Double]] = [[2], [6, 1], [-8, 5, 3]]
        for i in 0..<3 { for j in 0...i { #expect(abs(factor[i, j] - expected[i][j]) < 1e-12) } }
        #expect(factor.jitter == 0)
        #expect(abs(factor.logDeterminant - log(36.0)) < 1e-12)   // det = (2·1·3)²
    }

    @Test func choleskySolvesKnownSystem() throws {
        let factor = try #require(Cholesky(count: 3) { NumericsTests.a[$0][$1] })
        let x = [1.0, -2.0, 0.5]
        let b = NumericsTests.a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
        for (got, want) in zip(factor.solve(b), x) { #expect(abs(got - want) < 1e-9) }
        // Many right-hand sides at once agree with one at a time.
        var block = [1.0, 2, 3, 4, 5, 6]   // 3×2 row-major: columns (1,3,5) and (2,4,6)
        factor.solveLowerInPlace(&block, columns: 2)
        let first = factor.solveLower([1, 3, 5]), second = factor.solveLower([2, 4, 6])
        for i in 0..<3 {
            #expect(abs(block[2 * i] - first[i]) < 1e-12 && abs(block[2 * i + 1] - second[i]) < 1e-12)
        }
    }

    @Test func appendEqualsFullFactorisation() throws {
        var grown = try #require(Cholesky(count: 2) { NumericsTests.a[$0][$1] })
        let appended = grown.append(column: [-16, -43], diagonal: 98)
        #expect(appended)
        let full = try #require(Cholesky(count: 3) { NumericsTests.a[$0][$1] })
        for (g, f) in zip(grown.packed, full.packed) { #expect(abs(g - f) < 1e-12) }
    }

    @Test func singularMatrixNeedsJitter() throws {
        let factor = try #require(Cholesky(count: 2) { _, _ in 1 })   // [[1, 1], [1, 1]]
        #expect(factor.jitter > 0 && factor.jitter < 1e-3)
        #expect(Cholesky(count: 2, maxRetries: 0) { _, _ in 1 } == nil)
    }

    /// Backprop against central finite differences of L = Σ_o c_o y_o² (random weights, input).
    @Test func mlpGradientMatchesFiniteDifferences() {
        var generator = SplitMix64(seed: 11)
        var net = MLP(inputs: 3, hidden: 5, outputs: 4, outputScale: 1, generator: &generator)
        let x = [0.3, -0.7, 1.1], c = [0.5, -1.0, 2.0, 0.25]
        func loss(_ n: MLP) -> Double { zip(n.forward(x).output, c).reduce(0) { $0 + $1.1 * $1.0 * $1.0 } }
        let (h, y) = net.forward(x)
        var gradient = [Double](repeating: 0, count: net.parameterCount)
        net.backward(input: x, hidden: h, outputGradient: zip(y, c).map { 2 * $1 * $0 }, into: &gradient)
        for i in 0..<net.parameterCount {
            let saved = net.parameters[i], step = 1e-6
            net.parameters[i] = saved + step
            let up = loss(net)
            net.parameters[i] = saved - step
            let down = loss(net)
            net.parameters[i] = saved
            let numeric = (up - down) / (2 * step)
            #expect(abs(numeric - gradient[i]) <= 1e-6 * max(1, abs(numeric)), "parameter \(i): \(gradient[i]) vs \(numeric)")
        }
    }

    @Test func adamDescendsAQuadratic() {
        var theta = [3.0, -2.0]
        var adam = Adam(count: 2, learningRate: 0.1)
        for _ in 0..<300 { adam.step(&theta, gradient: theta.map { 2 * $0 }) }
        #expect(abs(theta[0]) < 0.05 && abs(theta[1]) < 0.05)
    }
}
