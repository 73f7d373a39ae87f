import ArcadeKernel
import Foundation

/// Simulated annealing (Kirkpatrick, Gelatt & Vecchi, Science 220, 1983) over the encoded knobs:
/// neighbour moves, Metropolis acceptance on the score (Metropolis et al. 1953), an exponential
/// (geometric) cooling schedule stretched over the budget, and restarts from the best point.
///
/// Scores have arbitrary units (cycles, joules, a distance to a target), so the temperature is set
/// in units of the average worsening seen so far, as in Kirkpatrick's choice of the initial
/// temperature from the acceptance ratio: at the start an average worsening move is accepted with
/// probability `initial_accept`, at the end of the budget with `final_accept`, and the temperature
/// falls geometrically in between. A batch is a set of neighbours of the current point, accepted
/// or rejected one after another. An infeasible candidate (score +∞) is never accepted from a
/// feasible point; while the current point is infeasible any candidate is accepted.
public struct SimulatedAnnealing: SearchAgent {
    public static let name = "sa"
    public static let summary = "simulated annealing: neighbour moves, Metropolis acceptance, exponential cooling, restarts"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("initial_accept", default: 0.5, range: 0.001...0.999,
                           help: "probability of accepting an average worsening move at the start; 0.5 explores broadly"),
        HyperparameterSpec("final_accept", default: 0.001, range: 0.000001...0.999,
                           help: "the same at the end of the budget; 0.001 makes the last steps a descent"),
        HyperparameterSpec("max_dims", default: 1, range: 1...64, integer: true,
                           help: "a move changes 1...max_dims knobs; 1 keeps moves local, as annealing assumes"),
        HyperparameterSpec("max_step", default: 2, range: 1...1_000_000, integer: true,
                           help: "largest index jump on an ordered knob per move"),
        HyperparameterSpec("patience", default: 60, range: 1...1_000_000, integer: true,
                           help: "evaluations without a new best before restarting from the best (or a fresh point)"),
    ]

    let budget: Int
    let initialAccept, finalAccept: Double
    let patience: Int
    var generator: SplitMix64
    var moves: DesignMoves
    var proposed: Set<[Int]> = []
    var current: [Int]? = nil
    var currentScore = Double.infinity
    var best: [Int]? = nil
    var bestScore = Double.infinity
    var evaluated = 0
    var sinceBest = 0
    /// Running mean of the finite worsenings observed: the temperature's unit.
    var worseningSum = 0.0
    var worseningCount = 0

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        budget = max(1, problem.budget)
        initialAccept = hyperparameters["initial_accept"]
        finalAccept = min(hyperparameters["final_accept"], initialAccept)
        patience = hyperparameters.int("patience")
        generator = SplitMix64(seed: seed)
        moves = DesignMoves(problem: problem, maxDimensions: hyperparameters.int("max_dims"),
                            maxStep: hyperparameters.int("max_step"))
    }

    /// T(t) = T₀ (T₁/T₀)^t for progress t ∈ [0, 1], where T₀ and T₁ accept a worsening of size
    /// `meanWorsening` with probability `initialAccept` and `finalAccept`: T = −Δ̄ / ln p.
    static func temperature(progress: Double, meanWorsening: Double, initialAccept: Double, finalAccept: Double) -> Double {
        let start = -meanWorsening / log(initialAccept)
        let end = -meanWorsening / log(finalAccept)
        return start * pow(end / start, min(max(progress, 0), 1))
    }

    /// Metropolis: always accept an improvement (or equal), a worsening Δ with exp(−Δ/T).
    static func acceptanceProbability(delta: Double, temperature: Double) -> Double {
        if delta <= 0 { return 1 }
        guard delta.isFinite, temperature > 0 else { return 0 }
        return exp(-delta / temperature)
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var batch: [[Int]] = []
        batch.reserveCapacity(count)
        for _ in 0..<max(1, count) {
            let point = current.map { moves.freshNeighbour(of: $0, avoiding: &proposed, using: &generator) }
                ?? moves.freshPoint(avoiding: &proposed, using: &generator)
            if let point { batch.append(point) }
        }
        if batch.isEmpty { batch.append(current ?? moves.neighbour(of: best ?? [Int](repeating: 0, count: moves.counts.count), using: &generator)) }
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        for evaluation in evaluations {
            evaluated += 1
            let score = evaluation.score
            if score < bestScore || best == nil {
                best = evaluation.point; bestScore = score; sinceBest = 0
            } else {
                sinceBest += 1
            }
            guard current != nil, currentScore.isFinite else {
                current = evaluation.point; currentScore = score // no feasible footing yet: take anything
                continue
            }
            let delta = score - currentScore
            if delta > 0 && delta.isFinite { worseningSum += delta; worseningCount += 1 }
            let probability: Double
            if worseningCount == 0 {
                probability = delta <= 0 ? 1 : (delta.isFinite ? initialAccept : 0)
            } else {
                let t = Self.temperature(progress: Double(evaluated) / Double(budget),
                                         meanWorsening: worseningSum / Double(worseningCount),
                                         initialAccept: initialAccept, finalAccept: finalAccept)
                probability = Self.acceptanceProbability(delta: delta, temperature: t)
            }
            if probability >= 1 || DesignMoves.unit(&generator) < probability {
                current = evaluation.point; currentScore = score
            }
        }
        if sinceBest >= patience {
            // Restart: back to the best point, or — if already there and stuck — a fresh random one.
            sinceBest = 0
            if current != best {
                current = best; currentScore = bestScore
            } else {
                current = nil; currentScore = .infinity // the next proposal is a fresh random point
            }
        }
    }
}
