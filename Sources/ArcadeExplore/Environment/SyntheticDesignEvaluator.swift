/// A closed-form stand-in for the simulator: same interface as `DesignSpaceEvaluator`, microseconds
/// per point, known optimum — for environment and agent tests that must not depend on a hardware model.
///
/// Space: `rows`, `columns` ∈ 8, 16, …, 128 (ordered), `dataflow` ∈ {os, ws, is} (categorical),
/// `sram_kib` ∈ 32, 64, …, 1024 (ordered, powers of two); 3,840 points. Constraint: rows × columns ≤ 8192.
/// Objectives (minimised): a latency-like bowl with its optimum at rows 64, columns 48, ws, 256 KiB
/// (value 1.0), and an area-like cost that grows with PEs and SRAM — so the two conflict.
public struct SyntheticDesignEvaluator: PointEvaluator {
    public init() {}

    static let arrayValues = Array(stride(from: 8, through: 128, by: 8))
    static let dataflows = ["os", "ws", "is"]
    static let sramValues = [32, 64, 128, 256, 512, 1024]
    static let maximumPEs = 8192

    public var space: MultiDiscreteSpace {
        MultiDiscreteSpace(counts: [Self.arrayValues.count, Self.arrayValues.count, Self.dataflows.count, Self.sramValues.count])
    }
    public var objectiveNames: [String] { ["latency", "area"] }
    public var ordered: [Bool] { [true, true, false, true] }
    public var parameterNames: [String] { ["rows", "columns", "dataflow", "sram_kib"] }

    public func decode(_ point: [Int]) -> [String] {
        [String(Self.arrayValues[point[0]]), String(Self.arrayValues[point[1]]), Self.dataflows[point[2]],
         String(Self.sramValues[point[3]])]
    }

    public func evaluate(_ points: [[Int]]) -> [(evaluation: Evaluation, failure: String?)] {
        points.map { point in
            guard space.contains(point) else {
                return (Evaluation(point: point, objectives: [], feasible: false), "point \(point) is outside the space")
            }
            let rows = Double(Self.arrayValues[point[0]]), columns = Double(Self.arrayValues[point[1]])
            let sram = Double(Self.sramValues[point[3]])
            guard rows * columns <= Double(Self.maximumPEs) else {
                return (Evaluation(point: point, objectives: [], feasible: false), "violates constraint 'rows * columns <= 8192'")
            }
            let dataflowPenalty = [0.3, 0.0, 0.6][point[2]]
            let latency = 1 + pow2(rows / 64 - 1) + pow2(columns / 48 - 1) + pow2(log2(sram / 256) / 3) + dataflowPenalty
            let area = rows * columns / 1024 + sram / 256
            return (Evaluation(point: point, objectives: [latency, area], feasible: true), nil)
        }
    }

    private func pow2(_ x: Double) -> Double { x * x }
    private func log2(_ x: Double) -> Double {
        var exponent = 0.0, value = x
        while value >= 2 { value /= 2; exponent += 1 }
        while value < 1 { value *= 2; exponent -= 1 }
        return exponent + (value - 1)  // exact for the powers of two used here
    }
}
