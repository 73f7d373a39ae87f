import Foundation

/// softmax(QKᵀ/√D)·V computed directly in FP64, row by row: the numbers a dataflow graph's output
/// is checked against (`max_abs_error`, and DataflowNumericsTests).
enum AttentionReference {
    /// heads × N rows of D values, for inputs laid out the same way.
    static func output(q: [Float], k: [Float], v: [Float], sequenceLength n: Int, headDim d: Int, heads: Int) -> [Double] {
        var out = [Double](repeating: 0, count: heads * n * d)
        let scale = 1 / Double(d).squareRoot()
        var scores = [Double](repeating: 0, count: n)
        for head in 0..<heads {
            let base = head * n * d
            for i in 0..<n {
                var maxScore = -Double.infinity
                for j in 0..<n {
                    var dot = 0.0
                    for e in 0..<d { dot += Double(q[base + i * d + e]) * Double(k[base + j * d + e]) }
                    scores[j] = dot * scale
                    maxScore = max(maxScore, scores[j])
                }
                var sum = 0.0
                for j in 0..<n { scores[j] = Foundation.exp(scores[j] - maxScore); sum += scores[j] }
                for j in 0..<n {
                    let p = scores[j] / sum
                    for e in 0..<d { out[base + i * d + e] += p * Double(v[base + j * d + e]) }
                }
            }
        }
        return out
    }

    /// Largest |graph − reference| over all outputs.
    static func maxAbsoluteError(_ output: [Float], _ reference: [Double]) -> Double {
        zip(output, reference).reduce(0) { max($0, abs(Double($1.0) - $1.1)) }
    }
}
