import ArcadeKernel

/// Exhaustive grid search in rank order (first knob most significant, as `MultiDiscreteSpace.rank`).
///
/// With `stride` k > 1 every ordered knob takes only every k-th value (centred in its range), so
/// the grid is a coarse lattice over the whole space rather than the first few ranks — a rank-order
/// walk over a budget smaller than the space would only ever vary the last knobs. Categorical knobs
/// always take every category (there is no "every k-th" of unordered values). `stride` 0 picks the
/// smallest stride whose grid fits the budget. Once the grid is exhausted the agent proposes no
/// new points: it repeats its best point, which the harness answers from its cache.
public struct GridSearch: SearchAgent {
    public static let name = "grid"
    public static let summary = "exhaustive grid in rank order, optionally every k-th value of ordered knobs"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("stride", default: 1, range: 0...1_000_000, integer: true,
                           help: "1 = exhaustive (the definition of grid search); k = every k-th value of ordered knobs; 0 = smallest stride fitting the budget"),
    ]

    /// Per dimension: first index, spacing, number of grid values.
    let offsets: [Int]
    let spacings: [Int]
    let gridCounts: [Int]
    /// Number of grid points, saturating at Int.max.
    let gridSize: Int
    var next = 0
    var best: Evaluation? = nil

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        var stride = hyperparameters.int("stride")
        if stride == 0 { stride = Self.strideFitting(budget: problem.budget, problem: problem) }
        let layout = problem.space.counts.indices.map { d in
            Self.axis(count: problem.space.counts[d], stride: problem.ordered[d] ? stride : 1)
        }
        offsets = layout.map(\.offset)
        spacings = layout.map(\.spacing)
        gridCounts = layout.map(\.count)
        gridSize = MultiDiscreteSpace(counts: gridCounts).cardinality
    }

    /// Grid values along one knob: every `stride`-th index, the unused remainder split evenly
    /// at both ends so the lattice is centred.
    static func axis(count: Int, stride: Int) -> (offset: Int, spacing: Int, count: Int) {
        let spacing = max(1, min(stride, count))
        let values = (count - 1) / spacing + 1
        return ((count - 1 - (values - 1) * spacing) / 2, spacing, values)
    }

    /// The smallest stride whose grid has at most `budget` points (the coarsest, one value per
    /// ordered knob, when even that is too many because of categorical knobs).
    static func strideFitting(budget: Int, problem: SearchProblem) -> Int {
        let largest = problem.space.counts.max() ?? 1
        for stride in 1...max(1, largest) {
            let counts = problem.space.counts.indices.map { d in
                axis(count: problem.space.counts[d], stride: problem.ordered[d] ? stride : 1).count
            }
            if MultiDiscreteSpace(counts: counts).cardinality <= max(1, budget) { return stride }
        }
        return max(1, largest)
    }

    /// The `position`-th grid point in rank order.
    func gridPoint(_ position: Int) -> [Int] {
        var remainder = position
        var point = [Int](repeating: 0, count: gridCounts.count)
        for d in gridCounts.indices.reversed() {
            point[d] = offsets[d] + (remainder % gridCounts[d]) * spacings[d]
            remainder /= gridCounts[d]
        }
        return point
    }

    public mutating func propose(count: Int) -> [[Int]] {
        guard next < gridSize else {
            // Exhausted: no new points; the best one again (a cache hit, no budget spent).
            return [best?.point ?? gridPoint(0)]
        }
        let end = next + min(max(1, count), gridSize - next)
        let batch = (next..<end).map(gridPoint)
        next = end
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        for evaluation in evaluations where best == nil || evaluation.score < best!.score {
            best = evaluation
        }
    }
}
