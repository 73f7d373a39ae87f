import ArcadeKernel

/// Uniform random search over the encoded space: the floor every other agent must beat.
/// Points are drawn without replacement while the space is small enough to remember.
public struct RandomSearch: SearchAgent {
    public static let name = "random"
    public static let summary = "uniform random sampling without replacement (the baseline)"
    public static let hyperparameters: [HyperparameterSpec] = []

    var problem: SearchProblem
    var generator: SplitMix64
    var proposed: Set<[Int]> = []

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.generator = SplitMix64(seed: seed)
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var batch: [[Int]] = []
        // Without replacement: retry a drawn duplicate a bounded number of times, so a nearly
        // exhausted space still terminates.
        var attempts = 0
        while batch.count < count && attempts < 64 * count {
            attempts += 1
            let point = problem.space.sample(using: &generator)
            if proposed.insert(point).inserted { batch.append(point) }
        }
        if batch.isEmpty { batch.append(problem.space.sample(using: &generator)) }
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {}
}
