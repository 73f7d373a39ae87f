import Foundation

/// Pareto fronts and hypervolume for minimised objectives.
///
/// Hypervolume convention (../shared/notes/search-and-models.md): objectives are compared in
/// log10 space, because raw units let even random search score ~0.96 (one huge objective range
/// swamps everything); the reference point is the *reference front's* worst corner plus 10% of its
/// range in each objective, fixed per comparison so every agent is scored against the same box.
/// A front with zero range in an objective gets a margin of 0.1 (a tenth of a decade in log space).
///
/// ```swift
/// let front = Pareto.nonDominated([[1, 4], [2, 2], [3, 3], [4, 1]])      // [0, 1, 3]
/// let volume = Pareto.hypervolume([[1, 4], [2, 2], [4, 1]], reference: [5, 5])  // 11
/// ```
public enum Pareto {
    /// True when `a` is no worse than `b` in every objective and better in at least one.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var strictlyBetter = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// Indices of the points no other point dominates, in input order. Identical points are all kept
    /// (different designs with the same objectives are all on the front).
    ///
    /// - Complexity: O(n log n + n·f) for n points and a front of f points: after a lexicographic
    ///   sort no point can be dominated by a later one, so each point is checked against the front so far.
    public static func nonDominated(_ points: [[Double]]) -> [Int] {
        let order = points.indices.sorted { points[$0].lexicographicallyPrecedes(points[$1]) || (points[$0] == points[$1] && $0 < $1) }
        var front: [Int] = []
        for index in order where !front.contains(where: { dominates(points[$0], points[index]) }) {
            front.append(index)
        }
        return front.sorted()
    }

    /// The documented reference point for `front` (already in the space hypervolume is computed in):
    /// worst value + 10% of the range per objective, or + 0.1 when the range is zero.
    public static func referencePoint(for front: [[Double]]) -> [Double] {
        guard let dimensions = front.first?.count else { return [] }
        return (0..<dimensions).map { objective in
            let values = front.map { $0[objective] }
            let worst = values.max()!, range = worst - values.min()!
            return worst + (range > 0 ? 0.1 * range : 0.1)
        }
    }

    /// Hypervolume dominated by `points` and bounded by `reference` (minimisation). Points not
    /// strictly better than the reference in every objective contribute nothing.
    ///
    /// - Complexity: 2-D O(n log n) by a sweep; k-D by slicing along the last objective
    ///   (O(n^(k-1) log n)), which is exact and fast enough for fronts of a few hundred points.
    public static func hypervolume(_ points: [[Double]], reference: [Double]) -> Double {
        let inside = points.filter { zip($0, reference).allSatisfy { $0 < $1 } }
        guard !inside.isEmpty else { return 0 }
        switch reference.count {
        case 0: return 0
        case 1: return reference[0] - inside.map { $0[0] }.min()!
        case 2: return hypervolume2D(inside, reference: reference)
        default:
            // Slice along the last objective: between consecutive levels the dominated region's
            // cross-section is the (k-1)-D hypervolume of the points at or below that level.
            let last = reference.count - 1
            let sorted = inside.sorted { $0[last] < $1[last] }
            var volume = 0.0
            for (position, point) in sorted.enumerated() {
                let upper = position + 1 < sorted.count ? sorted[position + 1][last] : reference[last]
                let height = upper - point[last]
                guard height > 0 else { continue }
                let slice = sorted[0...position].map { Array($0.dropLast()) }
                volume += height * hypervolume(slice, reference: Array(reference.dropLast()))
            }
            return volume
        }
    }

    /// Sweep over the first objective: each point adds the strip between its second objective and
    /// the lowest second objective seen so far.
    static func hypervolume2D(_ points: [[Double]], reference: [Double]) -> Double {
        let sorted = points.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        var volume = 0.0
        var ceiling = reference[1]
        for point in sorted where point[1] < ceiling {
            volume += (reference[0] - point[0]) * (ceiling - point[1])
            ceiling = point[1]
        }
        return volume
    }

    /// log10 of every coordinate when all are positive, else the points unchanged (a space whose
    /// objectives can be zero or negative, e.g. negated rewards, is scored in its own units).
    public static func logSpace(_ points: [[Double]]) -> (points: [[Double]], logarithmic: Bool) {
        let positive = points.allSatisfy { $0.allSatisfy { $0 > 0 && $0.isFinite } }
        return positive ? (points.map { $0.map(log10) }, true) : (points, false)
    }

    /// Hypervolume of `found` relative to `reference front` under the convention above: both mapped
    /// to log space (when both are positive), reference point from the reference front, ratio of
    /// volumes. 1 means the front was recovered; more than 1 cannot happen when the reference front
    /// is exact, and can when it is only the best known union.
    public static func hypervolumeRatio(found: [[Double]], referenceFront: [[Double]]) -> Double? {
        guard !referenceFront.isEmpty else { return nil }
        let both = logSpace(referenceFront + found)
        let front = Array(both.points[..<referenceFront.count])
        let mine = Array(both.points[referenceFront.count...])
        let reference = referencePoint(for: front)
        let total = hypervolume(front, reference: reference)
        guard total > 0 else { return nil }
        return hypervolume(mine, reference: reference) / total
    }
}
