import ArcadeKernel

/// Ant colony optimisation over the discrete knobs (Dorigo & Stützle, "Ant Colony Optimization",
/// MIT Press 2004), anchored on ArchGym's ACO agent (ant count, greediness, evaporation).
///
/// Pheromone τ[d][i] sits on every (knob, index). An ant builds a design knob by knob: with
/// probability `greediness` it takes the index with the most pheromone (ACS's pseudo-random
/// proportional rule, Dorigo & Gambardella 1997), otherwise an index with probability ∝ τ. After
/// each colony of `ants` is evaluated, all pheromone evaporates by `evaporation` and the best ant of
/// the colony deposits `deposit` on its choices. Bounds as in MAX–MIN Ant System (Stützle & Hoos
/// 2000) keep every index selectable: τ ∈ [τmax·min_ratio/count_d, τmax], τmax = deposit/evaporation.
/// On an ordered knob the deposit spills `spread` × deposit onto the two adjacent indices, because
/// there a good value's neighbours are likely good too; categorical knobs get no spill.
/// Deposits depend only on rank, not on score values, so score units do not matter; an infeasible
/// ant never deposits while a feasible one exists. An ant whose design was already evaluated
/// reuses the known score without spending budget.
public struct AntColony: SearchAgent {
    public static let name = "aco"
    public static let summary = "ant colony optimisation: pheromone per (knob, value), evaporation, best-ant deposit"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("ants", default: 12, range: 1...10_000, integer: true,
                           help: "ants per colony (one pheromone update each); 12 gives ~25 updates on 300 evaluations"),
        HyperparameterSpec("evaporation", default: 0.15, range: 0.001...1,
                           help: "fraction of pheromone lost per colony; 0.15 forgets an early lucky ant within ~15 updates"),
        HyperparameterSpec("greediness", default: 0.1, range: 0...1,
                           help: "probability of taking the strongest trail outright (ACS's q0); low keeps ants exploring"),
        HyperparameterSpec("deposit", default: 1, range: 0.001...1_000,
                           help: "pheromone the best ant lays per choice; only its ratio to the bounds matters"),
        HyperparameterSpec("spread", default: 0.5, range: 0...1,
                           help: "share of the deposit laid on adjacent indices of an ordered knob (smoothness prior)"),
        HyperparameterSpec("min_ratio", default: 0.5, range: 0.001...1,
                           help: "floor τmin = τmax·min_ratio/count: a dropped value is still tried now and then"),
    ]

    let counts: [Int]
    let ordered: [Bool]
    let ants: Int
    let evaporation, greediness, deposit, spread, minRatio: Double
    var generator: SplitMix64
    /// τ[d][i], started at τmax so the first colony samples uniformly.
    var pheromone: [[Double]]
    var known: [[Int]: Evaluation] = [:]
    var proposed: Set<[Int]> = []
    var colony: [Evaluation] = []
    var outstanding = 0
    var latest: [Int]? = nil

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        counts = problem.space.counts
        ordered = problem.ordered
        ants = hyperparameters.int("ants")
        evaporation = hyperparameters["evaporation"]
        greediness = hyperparameters["greediness"]
        deposit = hyperparameters["deposit"]
        spread = hyperparameters["spread"]
        minRatio = hyperparameters["min_ratio"]
        generator = SplitMix64(seed: seed)
        pheromone = counts.map { [Double](repeating: hyperparameters["deposit"] / hyperparameters["evaporation"], count: $0) }
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var batch: [[Int]] = []
        var tries = 0
        while batch.count < max(1, count) && tries < 64 * max(1, count) {
            tries += 1
            if colony.count + outstanding + batch.count >= ants {
                guard outstanding == 0 && batch.isEmpty else { break } // wait for this colony's results
                Self.update(&pheromone, best: colony.filter(\.feasible).min { $0.score < $1.score }?.point, evaporation: evaporation,
                            deposit: deposit, spread: spread, minRatio: minRatio, ordered: ordered)
                colony = []
            }
            let ant = walk()
            if proposed.insert(ant).inserted {
                batch.append(ant)
            } else if let evaluation = known[ant] {
                colony.append(evaluation) // a repeat: its known score joins the colony, no budget spent
            }
        }
        if batch.isEmpty { batch.append(latest ?? walk()) } // space exhausted: a cache hit
        outstanding += batch.count
        return batch
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        for evaluation in evaluations {
            known[evaluation.point] = evaluation
            colony.append(evaluation)
            latest = evaluation.point
        }
        outstanding = max(0, outstanding - evaluations.count)
    }

    /// One ant's design: per knob, the strongest trail with probability `greediness` (ties broken
    /// from a random start), else a roulette draw ∝ τ.
    mutating func walk() -> [Int] {
        var point = [Int](repeating: 0, count: counts.count)
        for d in counts.indices where counts[d] > 1 {
            let trail = pheromone[d]
            if DesignMoves.unit(&generator) < greediness {
                let start = Int(generator.next(below: UInt64(trail.count)))
                var best = start
                for k in 1..<trail.count {
                    let i = (start + k) % trail.count
                    if trail[i] > trail[best] { best = i }
                }
                point[d] = best
            } else {
                var total = 0.0
                for value in trail { total += value }
                var target = DesignMoves.unit(&generator) * total
                var chosen = trail.count - 1
                for i in trail.indices {
                    target -= trail[i]
                    if target < 0 { chosen = i; break }
                }
                point[d] = chosen
            }
        }
        return point
    }

    /// Evaporation on every trail, then the colony's best ant deposits on its choices (with the
    /// ordered-knob spill), then MAX–MIN clamping.
    static func update(_ pheromone: inout [[Double]], best: [Int]?, evaporation: Double, deposit: Double,
                       spread: Double, minRatio: Double, ordered: [Bool]) {
        let maximum = deposit / evaporation
        for d in pheromone.indices {
            let minimum = maximum * minRatio / Double(pheromone[d].count)
            for i in pheromone[d].indices { pheromone[d][i] *= 1 - evaporation }
            if let best {
                let i = best[d]
                pheromone[d][i] += deposit
                if ordered[d] && spread > 0 {
                    if i > 0 { pheromone[d][i - 1] += spread * deposit }
                    if i + 1 < pheromone[d].count { pheromone[d][i + 1] += spread * deposit }
                }
            }
            for i in pheromone[d].indices { pheromone[d][i] = min(max(pheromone[d][i], minimum), maximum) }
        }
    }
}
