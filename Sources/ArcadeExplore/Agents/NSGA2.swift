import ArcadeKernel

/// NSGA-II (Deb, Pratap, Agarwal & Meyarivan, "A fast and elitist multiobjective genetic
/// algorithm: NSGA-II", IEEE TEC 6(2), 2002) over the encoded knobs, using every objective.
///
/// Each generation: `population` children are bred by binary tournament on (non-domination rank,
/// crowding distance) with the GA's crossover and mutation; parents and children are merged, sorted
/// into fronts by the fast non-dominated sort, and the best `population` survive, the last front
/// cut by crowding distance so the front stays spread out. Constraint handling follows Deb's
/// constrained domination with a yes/no violation: a feasible point dominates every infeasible one,
/// and infeasible points do not dominate each other. Repeats are bred again or answered from memory
/// as in the GA, so budget goes to new designs.
public struct NSGA2: SearchAgent {
    public static let name = "nsga2"
    public static let summary = "NSGA-II multi-objective GA: non-dominated sort, crowding distance (Deb et al. 2002)"
    public static let hyperparameters: [HyperparameterSpec] = [
        HyperparameterSpec("population", default: 24, range: 4...10_000, integer: true,
                           help: "individuals per generation; 24 gives ~12 generations on a 300-evaluation budget"),
        HyperparameterSpec("crossover", default: 0.9, range: 0...1,
                           help: "probability a child is a uniform crossover of two parents; 0.9 as in Deb et al."),
        HyperparameterSpec("mutation", default: 1, range: 0...64,
                           help: "expected mutated genes per child (per-gene rate = mutation / knobs), Deb's 1/L"),
    ]

    var generator: SplitMix64
    var book: BreedingBook
    let populationSize: Int
    let crossoverRate, geneRate: Double
    /// Survivors with their front rank (0 = non-dominated) and crowding distance.
    var population: [Evaluation] = []
    var rank: [Int] = []
    var crowding: [Double] = []

    public init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        generator = SplitMix64(seed: seed)
        populationSize = hyperparameters.int("population")
        crossoverRate = hyperparameters["crossover"]
        geneRate = min(1, hyperparameters["mutation"] / Double(problem.space.counts.count))
        book = BreedingBook(problem: problem)
    }

    public mutating func propose(count: Int) -> [[Int]] {
        var rounds = 0
        while book.queue.isEmpty {
            rounds += 1
            if rounds > 64 { return [book.fallback(using: &generator)] }
            if book.outstanding == 0 { advance() }
        }
        return book.take(count)
    }

    public mutating func observe(_ evaluations: [Evaluation]) {
        book.record(evaluations)
    }

    mutating func advance() {
        if population.isEmpty && book.offspring.count < populationSize {
            book.seedRandom(populationSize - book.offspring.count, using: &generator)
            return
        }
        if book.offspring.count >= populationSize || population.isEmpty {
            (population, rank, crowding) = Self.survivors(of: population + book.offspring, keep: populationSize)
            book.offspring = []
        }
        var local = generator
        for _ in 0..<(populationSize - book.offspring.count) {
            var child = breed(using: &local)
            for _ in 0..<5 where book.proposed.contains(child) { child = breed(using: &local) }
            book.add(child)
        }
        generator = local
    }

    /// Binary tournament: lower rank wins, then larger crowding distance (Deb et al., §III-C).
    func select(using generator: inout SplitMix64) -> [Int] {
        let a = Int(generator.next(below: UInt64(population.count)))
        let b = Int(generator.next(below: UInt64(population.count)))
        let aWins = rank[a] != rank[b] ? rank[a] < rank[b] : crowding[a] >= crowding[b]
        return population[aWins ? a : b].point
    }

    func breed(using generator: inout SplitMix64) -> [Int] {
        let first = select(using: &generator)
        var child = first
        if DesignMoves.unit(&generator) < crossoverRate {
            child = GeneticOperators.uniform(first, select(using: &generator), using: &generator)
        }
        GeneticOperators.mutate(&child, rate: geneRate, moves: book.moves, using: &generator)
        return child
    }

    /// Constrained Pareto domination: `a` is no worse in every objective and better in one.
    static func dominates(_ a: Evaluation, _ b: Evaluation) -> Bool {
        if a.feasible != b.feasible { return a.feasible }
        if !a.feasible { return false }
        var strictly = false
        for m in 0..<min(a.objectives.count, b.objectives.count) {
            if a.objectives[m] > b.objectives[m] { return false }
            if a.objectives[m] < b.objectives[m] { strictly = true }
        }
        return strictly
    }

    /// Fast non-dominated sort (Deb et al., §III-A): indices of `points` by front, front 0 first.
    static func nonDominatedFronts(_ points: [Evaluation]) -> [[Int]] {
        var dominatedBy = [Int](repeating: 0, count: points.count)   // n_p
        var dominates = [[Int]](repeating: [], count: points.count)  // S_p
        for p in points.indices {
            for q in (p + 1)..<max(p + 1, points.count) {
                if Self.dominates(points[p], points[q]) {
                    dominates[p].append(q); dominatedBy[q] += 1
                } else if Self.dominates(points[q], points[p]) {
                    dominates[q].append(p); dominatedBy[p] += 1
                }
            }
        }
        var fronts: [[Int]] = []
        var current = points.indices.filter { dominatedBy[$0] == 0 }
        while !current.isEmpty {
            fronts.append(current)
            var next: [Int] = []
            for p in current {
                for q in dominates[p] {
                    dominatedBy[q] -= 1
                    if dominatedBy[q] == 0 { next.append(q) }
                }
            }
            current = next.sorted()
        }
        return fronts
    }

    /// Crowding distance of each member of `front` (same order; Deb et al., §III-B): per objective,
    /// the boundary points get +∞ and interior ones the normalised gap between their neighbours.
    /// Infeasible points have no objectives to spread over and get 0.
    static func crowdingDistances(_ front: [Int], in points: [Evaluation]) -> [Double] {
        var distance = [Double](repeating: 0, count: front.count)
        guard let first = front.first, points[first].feasible else { return distance }
        let objectives = front.map { points[$0].objectives.count }.min() ?? 0
        for m in 0..<objectives {
            let order = front.indices.sorted {
                let (x, y) = (points[front[$0]].objectives[m], points[front[$1]].objectives[m])
                return x != y ? x < y : front[$0] < front[$1]
            }
            let low = points[front[order.first!]].objectives[m]
            let high = points[front[order.last!]].objectives[m]
            distance[order.first!] = .infinity
            distance[order.last!] = .infinity
            guard high > low, order.count > 2 else { continue }
            for k in 1..<(order.count - 1) {
                let gap = points[front[order[k + 1]]].objectives[m] - points[front[order[k - 1]]].objectives[m]
                distance[order[k]] += gap / (high - low)
            }
        }
        return distance
    }

    /// Environmental selection: whole fronts while they fit, then the most crowded-apart of the
    /// next front. Duplicate points are kept once so the population does not fill with copies.
    static func survivors(of merged: [Evaluation], keep: Int) -> ([Evaluation], [Int], [Double]) {
        var seen = Set<[Int]>()
        let unique = merged.filter { seen.insert($0.point).inserted }
        var kept: [Evaluation] = [], ranks: [Int] = [], distances: [Double] = []
        for (r, front) in nonDominatedFronts(unique).enumerated() where kept.count < keep {
            let distance = crowdingDistances(front, in: unique)
            var order = Array(front.indices)
            if kept.count + front.count > keep {
                order.sort { distance[$0] != distance[$1] ? distance[$0] > distance[$1] : front[$0] < front[$1] }
                order = Array(order.prefix(keep - kept.count))
            }
            for i in order {
                kept.append(unique[front[i]]); ranks.append(r); distances.append(distance[i])
            }
        }
        return (kept, ranks, distances)
    }
}
