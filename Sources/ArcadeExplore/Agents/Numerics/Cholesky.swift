import Foundation

/// Lower-triangular Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ, written by
/// hand for the Gaussian process (no LAPACK on every platform Arcade builds on).
///
/// Stored packed: row i holds L[i][0...i] contiguously, so the factor can grow by one row in O(n²)
/// when an observation is added (`append`) instead of being refactored in O(n³).
public struct Cholesky: Sendable, Equatable {
    /// Packed rows: row i is `packed[i(i+1)/2 ..< i(i+1)/2 + i + 1]`.
    public private(set) var packed: [Double]
    public private(set) var count: Int
    /// Diagonal jitter that had to be added to make the factorisation succeed (0 when none).
    public private(set) var jitter: Double

    @inline(__always) static func offset(_ i: Int) -> Int { i * (i + 1) / 2 }

    /// L[i][j] for j ≤ i.
    public subscript(i: Int, j: Int) -> Double { packed[Cholesky.offset(i) + j] }

    /// Factors the n×n matrix given by `entry(i, j)` (only j ≤ i is read). When a pivot is not
    /// positive (A only semi-definite in floating point — two identical points), retries with
    /// diagonal jitter growing tenfold from 1e-10 × mean diagonal, up to `maxRetries` times;
    /// nil when even that fails.
    public init?(count n: Int, maxRetries: Int = 8, entry: (Int, Int) -> Double) {
        var matrix = [Double](repeating: 0, count: Cholesky.offset(n))
        var diagonalMean = 0.0
        for i in 0..<n {
            for j in 0...i { matrix[Cholesky.offset(i) + j] = entry(i, j) }
            diagonalMean += matrix[Cholesky.offset(i) + i] / Double(n)
        }
        var added = 0.0
        for attempt in 0...maxRetries {
            if attempt > 0 { added = added == 0 ? 1e-10 * max(diagonalMean, 1e-300) : added * 10 }
            var factor = matrix
            if Cholesky.factorInPlace(&factor, count: n, jitter: added) {
                self.packed = factor
                self.count = n
                self.jitter = added
                return
            }
        }
        return nil
    }

    /// Σ a[k] b[k] for k < length, four accumulators (strict IEEE order blocks auto-vectorising
    /// a single-accumulator reduction, and this dot product is the whole cost of factoring).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ length: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var k = 0
        while k + 4 <= length {
            s0 += a[k] * b[k]; s1 += a[k + 1] * b[k + 1]; s2 += a[k + 2] * b[k + 2]; s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        while k < length { s0 += a[k] * b[k]; k += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// The classic row-by-row (Cholesky–Banachiewicz) factorisation, in place on packed storage.
    static func factorInPlace(_ packed: inout [Double], count n: Int, jitter: Double) -> Bool {
        packed.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for i in 0..<n {
                let row = base + offset(i)
                row[i] += jitter
                for j in 0..<i {
                    let other = base + offset(j)
                    row[j] = (row[j] - dot(row, other, j)) / other[j]
                }
                let pivot = row[i] - dot(row, row, i)
                guard pivot > 0, pivot.isFinite else { return false }
                row[i] = pivot.squareRoot()
            }
            return true
        }
    }

    /// Extends A by one row/column: `column[j] = A[n][j]` for j < n, `diagonal = A[n][n]`
    /// (the factor's jitter is added to it). O(n²). False (factor unchanged) when the new pivot is
    /// not positive even with extra jitter.
    @discardableResult
    public mutating func append(column: [Double], diagonal: Double) -> Bool {
        precondition(column.count == count)
        let row = solveLower(column)
        var pivot = diagonal + jitter
        for value in row { pivot -= value * value }
        var extra = max(jitter, 1e-10 * max(diagonal, 1e-300))
        var tries = 0
        while !(pivot > 0) && tries < 8 {
            pivot += extra
            extra *= 10
            tries += 1
        }
        guard pivot > 0, pivot.isFinite else { return false }
        packed.append(contentsOf: row)
        packed.append(pivot.squareRoot())
        count += 1
        return true
    }

    /// Solves L x = b (forward substitution).
    public func solveLower(_ b: [Double]) -> [Double] {
        precondition(b.count == count)
        var x = b
        packed.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { xs in
                for i in 0..<count {
                    let row = l.baseAddress! + Cholesky.offset(i)
                    xs[i] = (xs[i] - Cholesky.dot(row, xs.baseAddress!, i)) / row[i]
                }
            }
        }
        return x
    }

    /// Solves Lᵀ x = b (back substitution).
    public func solveUpper(_ b: [Double]) -> [Double] {
        precondition(b.count == count)
        var x = b
        for i in stride(from: count - 1, through: 0, by: -1) {
            let start = Cholesky.offset(i)
            x[i] /= packed[start + i]
            let value = x[i]
            for k in 0..<i { x[k] -= packed[start + k] * value }
        }
        return x
    }

    /// Solves A x = b.
    public func solve(_ b: [Double]) -> [Double] { solveUpper(solveLower(b)) }

    /// log det A = 2 Σ log L[i][i].
    public var logDeterminant: Double {
        (0..<count).reduce(0) { $0 + 2 * log(packed[Cholesky.offset($1) + $1]) }
    }

    /// Solves L V = B for m right-hand sides at once; B is n×m row-major (row i = the i-th entries
    /// of all m vectors) and is overwritten with V. Row-oriented so the inner loop runs over m
    /// contiguous values (vectorises), four source rows per pass over the target row to halve
    /// memory traffic — this is what makes scoring thousands of candidates cheap.
    public func solveLowerInPlace(_ b: inout [Double], columns m: Int) {
        precondition(b.count == count * m)
        packed.withUnsafeBufferPointer { l in
            b.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                for i in 0..<count {
                    let row = l.baseAddress! + Cholesky.offset(i)
                    let target = base + i * m
                    var k = 0
                    while k + 4 <= i {
                        let f0 = row[k], f1 = row[k + 1], f2 = row[k + 2], f3 = row[k + 3]
                        let s0 = base + k * m, s1 = s0 + m, s2 = s1 + m, s3 = s2 + m
                        for c in 0..<m { target[c] -= f0 * s0[c] + f1 * s1[c] + f2 * s2[c] + f3 * s3[c] }
                        k += 4
                    }
                    while k < i {
                        let f = row[k], s = base + k * m
                        for c in 0..<m { target[c] -= f * s[c] }
                        k += 1
                    }
                    let inverse = 1 / row[i]
                    for c in 0..<m { target[c] *= inverse }
                }
            }
        }
    }
}
