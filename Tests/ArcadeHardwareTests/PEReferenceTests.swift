import Testing
import ArcadeHardware

/// The PE-level reference against (a) a directly computed matrix product, (b) the fold-level closed
/// form `FoldModel.computeCycles` and (c) the MAC count M·N·K, over a grid of small shapes that
/// covers full and partial folds, single and multiple folds in each direction, and K both below
/// and above R (accumulation across row folds for WS/IS).
@Suite("PE-level reference of the systolic array")
struct PEReferenceTests {
    struct ArrayShape: Sendable, CustomStringConvertible {
        var rows: Int
        var columns: Int
        var description: String { "\(rows)×\(columns)" }
    }

    static let arrayShapes = [ArrayShape(rows: 1, columns: 1), ArrayShape(rows: 2, columns: 3),
                              ArrayShape(rows: 4, columns: 4), ArrayShape(rows: 3, columns: 5),
                              ArrayShape(rows: 8, columns: 8)]
    /// 1 and the primes/non-multiples hit partial folds on every array above; 8 and 13 give several folds.
    static let extents = [1, 2, 3, 5, 8, 13]

    @Test("matches the matrix product, FoldModel cycles and M·N·K MACs",
          arguments: Dataflow.allCases, arrayShapes)
    func gridAgreesWithProductAndFoldModel(dataflow: Dataflow, array: ArrayShape) {
        var random = SplitMix64(seed: UInt64(array.rows * 100 + array.columns))
        for m in Self.extents {
            for n in Self.extents {
                for k in Self.extents {
                    let ifmap = randomMatrix(count: m * k, using: &random)
                    let filter = randomMatrix(count: k * n, using: &random)
                    let run = PEArrayReference.run(ifmap: ifmap, filter: filter, m: m, n: n, k: k,
                                                   rows: array.rows, columns: array.columns, dataflow: dataflow)
                    let model = FoldModel(gemm: LayerGEMM(m: m, n: n, k: k),
                                          rows: array.rows, columns: array.columns, dataflow: dataflow)
                    let shape = "M=\(m) N=\(n) K=\(k) on \(array) \(dataflow)"
                    #expect(run.ofmap == matrixProduct(ifmap, filter, m: m, n: n, k: k), "ofmap, \(shape)")
                    #expect(run.cycles == model.computeCycles, "cycles, \(shape)")
                    #expect(run.macs == m * n * k, "MACs, \(shape)")
                }
            }
        }
    }

    /// 2×2 array, OS, A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]] (cycles 1-based).
    /// PE(i, j) meets step t in cycle t + i + j + 1:
    ///   PE(0,0) cycles 1,2,3: 1·7 + 2·9 + 3·11 = 58
    ///   PE(0,1) cycles 2,3,4: 1·8 + 2·10 + 3·12 = 64
    ///   PE(1,0) cycles 2,3,4: 4·7 + 5·9 + 6·11 = 139
    ///   PE(1,1) cycles 3,4,5: 4·8 + 5·10 + 6·12 = 154   → last MAC in cycle 5 = K + R + C − 2.
    @Test func outputStationaryTwoByTwoByHand() {
        let run = PEArrayReference.run(ifmap: [1, 2, 3, 4, 5, 6], filter: [7, 8, 9, 10, 11, 12],
                                       m: 2, n: 2, k: 3, rows: 2, columns: 2, dataflow: .outputStationary)
        #expect(run == PEArrayRun(ofmap: [58, 64, 139, 154], cycles: 5, macs: 12))
    }

    /// 2×2 array, WS, A = [[1,2],[3,4],[5,6]] (M=3, K=2), B = [[1,2],[3,4]] (N=2).
    ///   cycles 1–2: load; B row 1 enters the column chains first and is pushed down by row 0.
    ///   A[m][0] enters PE(0,0) in cycle 3+m; its sum reaches PE(1,0) in cycle 4+m together with
    ///   A[m][1], so sum (m, j) leaves the bottom in cycle 4+m+j: (0,0) in 4 … (2,1) in 7.
    ///   7 = 2R + C + M − 2. Sums: [1·1+2·3, 1·2+2·4] = [7, 10], [15, 22], [23, 34].
    @Test func weightStationaryTwoByTwoByHand() {
        let run = PEArrayReference.run(ifmap: [1, 2, 3, 4, 5, 6], filter: [1, 2, 3, 4],
                                       m: 3, n: 2, k: 2, rows: 2, columns: 2, dataflow: .weightStationary)
        #expect(run == PEArrayRun(ofmap: [7, 10, 15, 22, 23, 34], cycles: 7, macs: 12))
    }

    /// 2×2 array, IS, A = [1,2,3] (M=1, K=3), B = [[1,2],[3,4],[5,6]] (N=2): Sr = K = 3 needs two
    /// row folds, Sc = M = 1 pads column 1 of both, T = N = 2.
    ///   Fold 1 (cycles 1–6): PE(0,0), PE(1,0) hold A[0][0]=1, A[0][1]=2. B[k][n] enters row k in
    ///   cycle 3+n+k; sum n leaves column 0 in cycle 4+n (1·1+2·3 = 7, 1·2+2·4 = 10); the padded
    ///   column's zero sums leave one cycle later, the last in cycle 6 = 2R + C + N − 2.
    ///   Fold 2 (cycles 7–12): only PE(0,0) is real (A[0][2] = 3): 3·5 = 15, 3·6 = 18.
    ///   The accumulator buffer adds the two folds: [22, 28]; 4 + 2 = 6 real MACs.
    @Test func inputStationaryAccumulatesRowFoldsByHand() {
        let run = PEArrayReference.run(ifmap: [1, 2, 3], filter: [1, 2, 3, 4, 5, 6],
                                       m: 1, n: 2, k: 3, rows: 2, columns: 2, dataflow: .inputStationary)
        #expect(run == PEArrayRun(ofmap: [22, 28], cycles: 12, macs: 6))
    }

    /// A padded fold takes full-size cycles: the one real MAC is in cycle 1 at PE(0,0), but the
    /// padding zeros still reach PE(1,1) in cycle 3 = 1 + 2 + 2 − 2 (SCALE-Sim's assumption).
    @Test func paddedFoldTakesFullSizeCycles() {
        let run = PEArrayReference.run(ifmap: [6], filter: [7], m: 1, n: 1, k: 1,
                                       rows: 2, columns: 2, dataflow: .outputStationary)
        #expect(run == PEArrayRun(ofmap: [42], cycles: 3, macs: 1))
    }

    /// Products and sums are widened to 64 bits before they can overflow 32.
    @Test(arguments: Dataflow.allCases)
    func extremeOperandsDoNotOverflow(dataflow: Dataflow) {
        let run = PEArrayReference.run(ifmap: [.max, .max], filter: [.max, .max], m: 1, n: 1, k: 2,
                                       rows: 1, columns: 1, dataflow: dataflow)
        #expect(run.ofmap == [2 * Int64(Int32.max) * Int64(Int32.max)])
    }
}

private func randomMatrix(count: Int, using random: inout SplitMix64) -> [Int32] {
    (0..<count).map { _ in Int32.random(in: -9...9, using: &random) }
}

private func matrixProduct(_ a: [Int32], _ b: [Int32], m: Int, n: Int, k: Int) -> [Int64] {
    var product = [Int64](repeating: 0, count: m * n)
    for row in 0..<m {
        for column in 0..<n {
            for inner in 0..<k { product[row * n + column] += Int64(a[row * k + inner]) * Int64(b[inner * n + column]) }
        }
    }
    return product
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator so the grid is reproducible.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
