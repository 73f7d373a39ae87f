import ArcadeKernel

/// Random walk over the encoded space, after ArchGym's random-walker agent (Krishnan et al.,
/// "ArchGym", ISCA 2023): start at a random design, then step to a random neighbour that changes
/// one or more knobs; with a small probability jump to a fresh random design (restart).
///
/// A pure walk ignores scores entirely and does worse than random sampling on a fixed budget, so
/// the walk is biased: it moves to a better (or equal) neighbour always and to a worse one with
/// probability `accept_worse` (1 = ArchGym's pure walk, 0 = stochastic hill climbing).
/// Points already proposed are not proposed again while unseen neighbours exist.
public struct RandomWalk: SearchAgent {
    public static let name = "random-walk"
    public static let summary = "random neighbour steps with restarts (ArchGym's random walker)"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("max_dims", default: 1, range: 1...64, integer: true,
                           help: "a step changes 1...max_dims knobs; 1 keeps steps local so a good region is searched around"),
        HyperparameterSpec("max_step", default: 2, range: 1...1_000_000, integer: true,
                           help: "largest index jump on an ordered knob; 2 can skip a value yet stays local"),
        HyperparameterSpec("restart", default: 0.02, range: 0...1,
                           help: "probability per step of jumping to a fresh random point; ~50-step excursions"),
        HyperparameterSpec("accept_worse", default: 0.1, range: 0...1,
                           help: "probability of moving to a worse neighbour; some drift escapes plateaus, 1 = pure walk"),
    ]

    var problem: SearchProblem
    var generator: SplitMix64
    var moves: DesignMoves
    var restart: Double
    var acceptWorse: Double
    var proposed: Set<[Int]> = []
    var current: [Int]? = nil
    var currentScore = Double.infinity
    var restarting = true

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.problem = problem
        self.generator = SplitMix64(seed: seed)
        self.moves = DesignMoves(problem: problem, maxDimensions: hyperparameters.int("max_dims"),
                                 maxStep: hyperparameters.int("max_step"))
        self.restart = hyperparameters["restart"]
        self.acceptWorse = hyperparameters["accept_worse"]
    }

    public mutating func propose(count: Int) -> [[Int]] {
        restarting = current == nil || DesignMoves.unit(&generator) < restart
        var batch: [[Int]] = []
        batch.reserveCapacity(count)
        for _ in 0..<max(1, count) {
            let point = restarting || current == nil
                ? moves.freshPoint(avoiding: &proposed, using: &generator)
                : moves.freshNeighbour(of: current!, avoiding: &proposed, using: &generator)
            if let point { batch.append(point) }
        }
        // Space (nearly) exhausted: repeat the current point; the harness answers it from its cache.
        if batch.isEmpty { batch.append(current ?? problem.space.sample(using: &generator)) }
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        guard let best = evaluations.min(by: { $0.score < $1.score }) else { return }
        if restarting || current == nil || best.score <= currentScore {
            current = best.point
            currentScore = best.score
        } else if DesignMoves.unit(&generator) < acceptWorse {
            let pick = evaluations[Int(generator.next(below: UInt64(evaluations.count)))]
            current = pick.point
            currentScore = pick.score
        }
        restarting = false
    }
}

/// Neighbour moves shared by the local-search agents (random walk, simulated annealing, GA mutation).
/// An ordered knob moves by ±1...maxStep indices (reflected at the ends); a categorical knob has
/// no notion of "near", so a move re-draws a different category uniformly.
struct DesignMoves: Sendable {
    let counts: [Int]
    let ordered: [Bool]
    /// Dimensions with more than one value: the only ones a move can change.
    let movable: [Int]
    let maxDimensions: Int
    let maxStep: Int
    /// Bounded retries when looking for a point not proposed before, so a nearly exhausted space
    /// still returns promptly.
    static let attempts = 48

    init(problem: SearchProblem, maxDimensions: Int, maxStep: Int) {
        let counts = problem.space.counts
        self.counts = counts
        ordered = problem.ordered
        movable = counts.indices.filter { counts[$0] > 1 }
        self.maxDimensions = max(1, maxDimensions)
        self.maxStep = max(1, maxStep)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    @inline(__always)
    static func unit(_ generator: inout SplitMix64) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// Changes dimension `d` of `point` in place (never to the same index when count > 1).
    @inline(__always)
    func move(_ point: inout [Int], dimension d: Int, using generator: inout SplitMix64) {
        let count = counts[d]
        guard count > 1 else { return }
        if ordered[d] {
            let step = 1 + Int(generator.next(below: UInt64(min(maxStep, count - 1))))
            var value = generator.next() & 1 == 0 ? point[d] + step : point[d] - step
            if value < 0 || value >= count { value = point[d] * 2 - value } // reflect off the end
            point[d] = min(max(value, 0), count - 1)
        } else {
            let other = Int(generator.next(below: UInt64(count - 1)))
            point[d] = other >= point[d] ? other + 1 : other
        }
    }

    /// A neighbour: 1...maxDimensions random knobs moved.
    func neighbour(of point: [Int], using generator: inout SplitMix64) -> [Int] {
        var result = point
        guard !movable.isEmpty else { return result }
        let changes = 1 + Int(generator.next(below: UInt64(min(maxDimensions, movable.count))))
        for _ in 0..<changes {
            move(&result, dimension: movable[Int(generator.next(below: UInt64(movable.count)))], using: &generator)
        }
        return result
    }

    /// A neighbour of `point` not in `proposed` (and records it), falling back to a fresh random
    /// point when the neighbourhood looks exhausted; nil when nothing new was found.
    func freshNeighbour(of point: [Int], avoiding proposed: inout Set<[Int]>,
                        using generator: inout SplitMix64) -> [Int]? {
        for _ in 0..<Self.attempts {
            let candidate = neighbour(of: point, using: &generator)
            if proposed.insert(candidate).inserted { return candidate }
        }
        return freshPoint(avoiding: &proposed, using: &generator)
    }

    /// A uniformly random point not in `proposed` (and records it); nil after bounded retries.
    func freshPoint(avoiding proposed: inout Set<[Int]>, using generator: inout SplitMix64) -> [Int]? {
        for _ in 0..<Self.attempts {
            var candidate = [Int](repeating: 0, count: counts.count)
            for d in counts.indices { candidate[d] = Int(generator.next(below: UInt64(counts[d]))) }
            if proposed.insert(candidate).inserted { return candidate }
        }
        return nil
    }
}
