import ArcadeKernel

/// A generational genetic algorithm (Holland 1975; Goldberg 1989) over the encoded knobs:
/// tournament selection, uniform or one-point crossover, per-gene mutation, elitism.
///
/// Each generation is a batch: `population − elites` children are bred from the current
/// population and proposed; when all are observed they join the `elites` best parents and the best
/// `population` of those survive. A child identical to a point already evaluated is re-bred a
/// few times; if it is still a repeat its known score is reused without proposing it, so budget is
/// spent only on new designs. Infeasible points score +∞ and so lose every tournament.
public struct GeneticAlgorithm: SearchAgent {
    public static let name = "ga"
    public static let summary = "genetic algorithm: tournament selection, crossover, per-gene mutation, elitism"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("population", default: 24, range: 4...10_000, integer: true,
                           help: "individuals per generation; 24 gives ~12 generations on a 300-evaluation budget"),
        HyperparameterSpec("tournament", default: 3, range: 1...64, integer: true,
                           help: "tournament size; 3 is moderate selection pressure (2 is weak, larger converges early)"),
        HyperparameterSpec("crossover", default: 0.9, range: 0...1,
                           help: "probability a child is a crossover of two parents (else a mutated copy); 0.9 is the usual"),
        HyperparameterSpec("one_point", default: 0, range: 0...1, integer: true,
                           help: "1 = one-point crossover; 0 = uniform, better when knobs are not ordered by interaction"),
        HyperparameterSpec("mutation", default: 1, range: 0...64,
                           help: "expected mutated genes per child (per-gene rate = mutation / knobs); 1 is the classic 1/L rate"),
        HyperparameterSpec("elites", default: 2, range: 0...1_000, integer: true,
                           help: "best parents kept unchanged each generation, so the best design is never lost"),
    ]

    var generator: SplitMix64
    var book: BreedingBook
    let populationSize, tournament, elites: Int
    let crossoverRate, geneRate: Double
    let onePoint: Bool
    /// Current population, best first.
    var population: [Evaluation] = []

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        generator = SplitMix64(seed: seed)
        populationSize = hyperparameters.int("population")
        tournament = hyperparameters.int("tournament")
        elites = min(hyperparameters.int("elites"), populationSize - 1)
        crossoverRate = hyperparameters["crossover"]
        onePoint = hyperparameters.int("one_point") == 1
        geneRate = min(1, hyperparameters["mutation"] / Double(problem.space.counts.count))
        book = BreedingBook(problem: problem)
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var rounds = 0
        while book.queue.isEmpty {
            rounds += 1
            if rounds > 64 { return [book.fallback(using: &generator)] } // converged onto known points
            if book.outstanding == 0 { advance() }
        }
        return book.take(count)
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        book.record(evaluations)
    }

    /// Replaces the population when a generation is complete, then breeds the next one.
    mutating func advance() {
        if population.isEmpty {
            if book.offspring.count >= populationSize {
                population = book.offspring.sorted { $0.score < $1.score }
                book.offspring = []
            } else {
                book.seedRandom(populationSize - book.offspring.count, using: &generator)
                return
            }
        } else if book.offspring.count >= populationSize - elites {
            var seen = Set<[Int]>() // a child equal to an elite (a known repeat) is kept once
            let survivors = (population.prefix(elites) + book.offspring).filter { seen.insert($0.point).inserted }
            population = Array(survivors.sorted { $0.score < $1.score }.prefix(populationSize))
            book.offspring = []
        }
        var local = generator // a local copy: `breed` reads self while the stream advances
        for _ in 0..<(populationSize - elites - book.offspring.count) {
            var child = breed(using: &local)
            for _ in 0..<5 where book.proposed.contains(child) { child = breed(using: &local) }
            book.add(child)
        }
        generator = local
    }

    func select(using generator: inout SplitMix64) -> [Int] {
        var winner = Int(generator.next(below: UInt64(population.count)))
        for _ in 1..<max(1, tournament) {
            let rival = Int(generator.next(below: UInt64(population.count)))
            if population[rival].score < population[winner].score { winner = rival }
        }
        return population[winner].point
    }

    func breed(using generator: inout SplitMix64) -> [Int] {
        let first = select(using: &generator)
        var child = first
        if DesignMoves.unit(&generator) < crossoverRate {
            let second = select(using: &generator)
            child = onePoint ? GeneticOperators.onePoint(first, second, using: &generator)
                             : GeneticOperators.uniform(first, second, using: &generator)
        }
        GeneticOperators.mutate(&child, rate: geneRate, moves: book.moves, using: &generator)
        return child
    }
}

/// Crossover and mutation shared by the GA and NSGA-II.
enum GeneticOperators {
    /// Each gene from either parent with probability ½ (Syswerda 1989).
    static func uniform(_ a: [Int], _ b: [Int], using generator: inout SplitMix64) -> [Int] {
        var child = a
        var bits = generator.next()
        for d in child.indices {
            if d % 64 == 63 { bits = generator.next() }
            if bits & 1 == 1 { child[d] = b[d] }
            bits >>= 1
        }
        return child
    }

    /// Genes before a random cut from `a`, the rest from `b` (the cut leaves at least one of each).
    static func onePoint(_ a: [Int], _ b: [Int], using generator: inout SplitMix64) -> [Int] {
        guard a.count > 1 else { return a }
        let cut = 1 + Int(generator.next(below: UInt64(a.count - 1)))
        var child = a
        for d in cut..<a.count { child[d] = b[d] }
        return child
    }

    /// Per-gene mutation with probability `rate`. An ordered gene half the time creeps to a near
    /// value (fine tuning) and otherwise is re-drawn uniformly (exploration); a categorical gene is
    /// re-drawn as a different category.
    static func mutate(_ point: inout [Int], rate: Double, moves: DesignMoves, using generator: inout SplitMix64) {
        for d in point.indices where moves.counts[d] > 1 && DesignMoves.unit(&generator) < rate {
            if moves.ordered[d] && generator.next() & 1 == 0 {
                moves.move(&point, dimension: d, using: &generator)
            } else {
                let other = Int(generator.next(below: UInt64(moves.counts[d] - 1)))
                point[d] = other >= point[d] ? other + 1 : other
            }
        }
    }
}

/// Bookkeeping for generational agents: which points were proposed, their known evaluations, the
/// queue of children still to propose and the evaluated offspring of the current generation.
struct BreedingBook {
    let problem: SearchProblem
    let moves: DesignMoves
    var known: [[Int]: Evaluation] = [:]
    var proposed: Set<[Int]> = []
    var queue: [[Int]] = []
    var outstanding = 0
    var offspring: [Evaluation] = []
    var latest: [Int]? = nil

    init(problem: SearchProblem) {
        self.problem = problem
        moves = DesignMoves(problem: problem, maxDimensions: 1, maxStep: 2)
    }

    /// Adds one child: a new point is queued; a point already evaluated rejoins the offspring with
    /// its known result (no budget spent); one proposed but not yet observed is dropped.
    mutating func add(_ child: [Int]) {
        if proposed.insert(child).inserted {
            queue.append(child)
        } else if let evaluation = known[child] {
            offspring.append(evaluation)
        }
    }

    mutating func seedRandom(_ count: Int, using generator: inout SplitMix64) {
        for _ in 0..<count {
            if let point = moves.freshPoint(avoiding: &proposed, using: &generator) { queue.append(point) }
        }
    }

    mutating func take(_ count: Int) -> [[Int]] {
        let n = min(max(1, count), queue.count)
        let batch = Array(queue.prefix(n))
        queue.removeFirst(n)
        outstanding += n
        return batch
    }

    mutating func record(_ evaluations: [Evaluation]) {
        for evaluation in evaluations {
            known[evaluation.point] = evaluation
            offspring.append(evaluation)
            latest = evaluation.point
        }
        outstanding = max(0, outstanding - evaluations.count)
    }

    /// When breeding only finds known points: a fresh random point, else (space exhausted) a repeat.
    mutating func fallback(using generator: inout SplitMix64) -> [Int] {
        if let point = moves.freshPoint(avoiding: &proposed, using: &generator) {
            outstanding += 1
            return point
        }
        return latest ?? problem.space.sample(using: &generator) // never iterate `known`: hash order is per-process
    }
}
