import ArcadeCore
import ArcadeKernel
import Foundation

/// How a sweep chooses its points.
public enum SweepSampling: Equatable, Sendable, CustomStringConvertible {
    /// Every feasible point, in rank order.
    case grid
    /// `count` distinct points drawn uniformly from the encoding (seeded).
    case random(Int)
    /// Latin hypercube: `count` points, each dimension split into `count` strata (seeded);
    /// duplicates (possible when a dimension has fewer values than `count`) are dropped.
    case lhs(Int)

    public var description: String {
        switch self {
        case .grid: return "grid"
        case .random(let count): return "random \(count)"
        case .lhs(let count): return "lhs \(count)"
        }
    }

    /// The command-line flags that select this sampling, e.g. `["--random", "100"]`.
    public var arguments: [String] {
        switch self {
        case .grid: return ["--grid"]
        case .random(let count): return ["--random", String(count)]
        case .lhs(let count): return ["--lhs", String(count)]
        }
    }
}

/// Shard `index` (1-based) of `count`: the points whose position in the plan is ≡ index−1 (mod count).
public struct SweepShard: Equatable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Most shards of one sweep (each is a file, a process, an array task; Slurm's own array limit is lower).
    public static let maximumCount = 100_000

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else {
            throw InputError(field: "--shard", "needs K/N with 1 ≤ K ≤ N, got \(index)/\(count)")
        }
        guard count <= Self.maximumCount else {
            throw InputError(field: "--shard", "\(index)/\(count) has too many shards; allowed: N ≤ \(Self.maximumCount)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw InputError(field: "--shard", "expected K/N (e.g. 2/8), got '\(text)'")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }
}

/// The deterministic list of points of a sweep: the same space, sampling and seed give the same
/// ranks in the same order on every machine, so every shard of a sweep sees the same list.
public struct SweepPlan: Sendable {
    /// Seed used when none is given (any fixed value; part of the sweep hash).
    public static let defaultSeed: UInt64 = 0x5EED_5EE9

    public let space: DesignSpace
    public let sampling: SweepSampling
    public let seed: UInt64
    /// At most this many points per sweep (grid, random or LHS): the plan, the workers' queue and
    /// the file's rows are held in memory.
    public static let maximumPoints = 50_000_000

    /// Point ranks (`space.encoding.rank(of:)`), distinct, in evaluation order. In a space of more
    /// than `Int.max` points ranks do not fit 64 bits; there (`ranksArePositions`) a point's key is
    /// its position in this plan, 0, 1, 2, …, which is as deterministic as the plan itself.
    public let ranks: [Int]
    /// True when `ranks` are positions in the plan rather than mixed-radix ranks (spaces of more than `Int.max` points).
    public let ranksArePositions: Bool
    /// The points of a positions plan, by position (empty otherwise).
    let positionPoints: [[Int]]
    /// FNV-1a of the space hash (space, architecture and workload text), the sampling and the seed:
    /// equal hashes mean the same point list evaluated on the same inputs.
    public let hash: String

    public init(space: DesignSpace, sampling: SweepSampling, seed: UInt64 = SweepPlan.defaultSeed) throws {
        self.space = space
        self.sampling = sampling
        self.seed = seed
        let huge = space.encoding.cardinalityExceedsInt
        ranksArePositions = huge
        if huge {
            positionPoints = try Self.keys(space: space, sampling: sampling, seed: seed) { $0 }
            ranks = Array(positionPoints.indices)
        } else {
            positionPoints = []
            let encoding = space.encoding
            ranks = try Self.keys(space: space, sampling: sampling, seed: seed) { encoding.rank(of: $0) }
        }
        hash = DesignSpaceHash.fnv1a(["arcade-sweep-1", space.hash, sampling.description, String(seed)])
    }

    /// The ranks shard `shard` evaluates (all of them when nil), in plan order.
    public func ranks(shard: SweepShard?) -> [Int] {
        guard let shard, shard.count > 1 else { return ranks }
        return ranks.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
    }

    /// The point of `rank` (a key of `ranks`).
    public func point(rank: Int) -> [Int] {
        ranksArePositions ? positionPoints[rank] : space.encoding.point(rank: rank)
    }

    /// The plan's points in evaluation order, distinct, each as `key(point)`: its rank where ranks
    /// fit an Int (one integer per point in memory), else the point itself.
    static func keys<Key: Hashable>(space: DesignSpace, sampling: SweepSampling, seed: UInt64,
                                    key: ([Int]) -> Key) throws -> [Key] {
        let encoding = space.encoding
        let size = encoding.cardinalityExceedsInt ? "more than \(Int.max)" : String(encoding.cardinality)
        switch sampling {
        case .grid:
            guard !encoding.cardinalityExceedsInt, encoding.cardinality <= maximumPoints else {
                throw InputError(file: space.file, "has \(size) points, too many for --grid (allowed: at most \(maximumPoints)); "
                                 + "use --random N or --lhs N")
            }
            return (0..<encoding.cardinality).compactMap { rank in
                let point = encoding.point(rank: rank)
                return space.isFeasible(point) ? key(point) : nil
            }
        case .random(let count):
            guard count >= 1 else { throw InputError(field: "--random", "needs a positive count, got \(count)") }
            if !encoding.cardinalityExceedsInt && count >= encoding.cardinality && encoding.cardinality <= maximumPoints {
                return (0..<encoding.cardinality).map { key(encoding.point(rank: $0)) }
            }
            guard count <= maximumPoints else {
                throw InputError(field: "--random", "\(count) points is too many; allowed: 1 to \(maximumPoints) points per sweep")
            }
            var generator = SplitMix64(seed: seed)
            var seen = Set<Key>()
            var result: [Key] = []
            result.reserveCapacity(count)
            while result.count < count {
                let point = key(encoding.sample(using: &generator))
                if seen.insert(point).inserted { result.append(point) }
            }
            return result
        case .lhs(let count):
            guard count >= 1 else { throw InputError(field: "--lhs", "needs a positive count, got \(count)") }
            guard count <= maximumPoints else {
                throw InputError(field: "--lhs", "\(count) points is too many; allowed: 1 to \(maximumPoints) points per sweep")
            }
            var generator = SplitMix64(seed: seed)
            // One shuffled stratum order per dimension; point i takes stratum perm[d][i] of dimension d,
            // and a uniform offset inside it.
            var columns: [[Int]] = []
            for values in encoding.counts {
                var strata = Array(0..<count)
                for i in stride(from: count - 1, to: 0, by: -1) {
                    let j = Int(generator.next(below: UInt64(i + 1)))
                    strata.swapAt(i, j)
                }
                columns.append(strata.map { stratum in
                    let u = Double(generator.next() >> 11) / Double(1 << 53)
                    return min(values - 1, Int((Double(stratum) + u) / Double(count) * Double(values)))
                })
            }
            var seen = Set<Key>()
            var result: [Key] = []
            for i in 0..<count {
                let point = key(columns.map { $0[i] })
                if seen.insert(point).inserted { result.append(point) }
            }
            return result
        }
    }
}
