/// One-coordinate moves on an encoded discrete space, and best-improvement hill climbing of a
/// function scored in batches: the local search SMAC uses to maximise its acquisition function over
/// a discrete configuration space (Hutter, Hoos & Leyton-Brown 2011, "Sequential Model-Based
/// Optimization for General Algorithm Configuration", §4.3: climb from the best configurations seen,
/// one-exchange neighbourhood, stop when no neighbour improves).
///
/// The neighbourhood of a point changes one coordinate: in an ordered dimension by ±1, ±2, … index
/// steps (inside the range), in a categorical dimension to every other category. Climbers move in
/// lockstep so that every step's unscored neighbours of all climbers are scored in one call (a GP
/// posterior is far cheaper per point on a block of candidates than one at a time).
public enum DiscreteLocalSearch {
    /// The one-coordinate neighbours of `point`, in dimension order then step order (deterministic).
    public static func neighbours(of point: [Int], counts: [Int], ordered: [Bool], steps: [Int] = [1, 2]) -> [[Int]] {
        var result: [[Int]] = []
        for d in point.indices {
            let values: [Int]
            if ordered[d] {
                values = steps.flatMap { [point[d] - $0, point[d] + $0] }
            } else {
                values = Array(0..<counts[d])
            }
            var seen = Set<Int>()
            for value in values where value >= 0 && value < counts[d] && value != point[d] && seen.insert(value).inserted {
                var neighbour = point
                neighbour[d] = value
                result.append(neighbour)
            }
        }
        return result
    }

    /// What a climb scored: every point it scored with its value (in scoring order), and the index
    /// in `scored` of each climber's final point (nil for a climber that never left a disallowed start).
    public struct Result: Sendable {
        public var scored: [[Int]] = []
        public var values: [Double] = []
        public var ends: [Int?] = []
    }

    /// Best-improvement hill climbing, maximising `score`, from every start at once.
    ///
    /// A climber moves to its best allowed neighbour while that beats its current value; a start that
    /// is not `allowed` (e.g. already evaluated) counts as −∞, so the climber always takes its first
    /// step if any neighbour is allowed. Each point is scored at most once; climbers that arrive at
    /// a point another climber holds stop there (same path from then on). At most `maxSteps` moves.
    /// `score` receives a batch of points and returns one value per point.
    public static func climb(from starts: [[Int]], counts: [Int], ordered: [Bool], steps: [Int] = [1, 2],
                             maxSteps: Int = 100, allowed: ([Int]) -> Bool,
                             score: ([[Int]]) -> [Double]) -> Result {
        var result = Result()
        var index: [[Int]: Int] = [:]
        func record(_ batch: [[Int]]) {
            guard !batch.isEmpty else { return }
            let values = score(batch)
            precondition(values.count == batch.count, "score returned \(values.count) values for \(batch.count) points")
            for (point, value) in zip(batch, values) {
                index[point] = result.scored.count
                result.scored.append(point)
                result.values.append(value)
            }
        }
        // Score the allowed starts first.
        var fresh: [[Int]] = []
        var pending = Set<[Int]>()
        for start in starts where allowed(start) && index[start] == nil && pending.insert(start).inserted { fresh.append(start) }
        record(fresh)

        var current: [[Int]] = starts
        var value: [Double] = starts.map { index[$0].map { result.values[$0] } ?? -.infinity }
        var active = starts.indices.map { _ in true }
        var held = Set<[Int]>()
        for c in starts.indices {   // duplicate starts: only the first climbs
            if !held.insert(starts[c]).inserted { active[c] = false }
        }
        var moves = 0
        while moves < maxSteps && active.contains(true) {
            moves += 1
            var candidates: [[[Int]]] = Array(repeating: [], count: starts.count)
            var batch: [[Int]] = []
            var queued = Set<[Int]>()
            for c in starts.indices where active[c] {
                candidates[c] = neighbours(of: current[c], counts: counts, ordered: ordered, steps: steps).filter(allowed)
                for point in candidates[c] where index[point] == nil && queued.insert(point).inserted { batch.append(point) }
            }
            record(batch)
            for c in starts.indices where active[c] {
                var best: [Int]? = nil, bestValue = value[c]
                for point in candidates[c] {
                    let v = result.values[index[point]!]
                    if v > bestValue { bestValue = v; best = point }
                }
                guard let next = best else { active[c] = false; continue }
                held.remove(current[c])
                current[c] = next
                value[c] = bestValue
                if !held.insert(next).inserted { active[c] = false }   // another climber is already here
            }
        }
        result.ends = current.map { index[$0] }
        return result
    }

    // MARK: Final exploitation (shared by the model-based agents)

    /// Whether `evaluated` points into a run of `budget` fall within its final `share`: the agents'
    /// `exploit` phase (González, Osborne & Lawrence 2016; Lam et al. 2016).
    public static func inFinalShare(evaluated: Int, budget: Int, share: Double) -> Bool {
        let last = Int((share * Double(budget)).rounded())
        return last > 0 && evaluated >= budget - last
    }

    /// Up to `count` one-coordinate neighbours of the best feasible points (finite `scores`, best
    /// first), skipping `excluded` ones: each point's neighbours in the order `rank` gives (it
    /// returns their indices, best first), then the next best point's.
    public static func neighboursOfBest(points: [[Int]], scores: [Double], counts: [Int], ordered: [Bool],
                                        count: Int, excluded: ([Int]) -> Bool,
                                        rank: ([[Int]]) -> [Int]) -> [[Int]] {
        let order = scores.indices.filter { scores[$0].isFinite }.sorted { (scores[$0], $0) < (scores[$1], $1) }
        var chosen: [[Int]] = []
        var taken = Set<[Int]>()
        for index in order where chosen.count < count {
            let fresh = neighbours(of: points[index], counts: counts, ordered: ordered)
                .filter { !excluded($0) && !taken.contains($0) }
            guard !fresh.isEmpty else { continue }
            for j in rank(fresh).prefix(count - chosen.count) {
                taken.insert(fresh[j])
                chosen.append(fresh[j])
            }
        }
        return chosen
    }
}
