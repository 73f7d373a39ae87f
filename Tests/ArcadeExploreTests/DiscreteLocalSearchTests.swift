import Testing
import ArcadeExplore

@Suite struct DiscreteLocalSearchTests {
    @Test func neighboursChangeOneCoordinateInsideTheSpace() {
        // Ordered 0..<5 at 1 → 0, 2, 3 (−2 is outside); categorical 0..<3 at 2 → 0, 1.
        let result = DiscreteLocalSearch.neighbours(of: [1, 2], counts: [5, 3], ordered: [true, false])
        #expect(result == [[0, 2], [2, 2], [3, 2], [1, 0], [1, 1]])
        // A categorical dimension jumps to every other category even when "far" in index.
        let far = DiscreteLocalSearch.neighbours(of: [0], counts: [6], ordered: [false])
        #expect(far == [[1], [2], [3], [4], [5]])
    }

    /// f = −(x − 11)² − 2(y − 3)² + 5·[c = 2] on 16 × 8 × 3 (c categorical): unimodal under
    /// one-coordinate moves, maximum 5 at (11, 3, 2). From the far corner the climb must get there.
    @Test func climbsToTheMaximumOfAUnimodalFunction() throws {
        func f(_ p: [Int]) -> Double {
            -Double((p[0] - 11) * (p[0] - 11)) - 2 * Double((p[1] - 3) * (p[1] - 3)) + (p[2] == 2 ? 5 : 0)
        }
        var calls = 0
        let result = DiscreteLocalSearch.climb(from: [[0, 7, 0]], counts: [16, 8, 3], ordered: [true, true, false],
                                               allowed: { _ in true }) { batch in
            calls += 1
            return batch.map(f)
        }
        let end = try #require(result.ends[0])
        #expect(result.scored[end] == [11, 3, 2])
        #expect(result.values[end] == 5)
        // Every point scored once, in batches (one per step), far fewer than the 384-point space.
        #expect(Set(result.scored).count == result.scored.count)
        #expect(result.scored.count < 150 && calls < result.scored.count)
    }

    /// Points that are not allowed (already evaluated) are never scored nor ended on; a start that
    /// is not allowed still climbs, and best-improvement stops at a local maximum.
    @Test func respectsAllowedAndStopsAtLocalMaxima() {
        // Two peaks on 0..<20: a local one at 3 (value 10) and the global one at 16 (value 20).
        func f(_ p: [Int]) -> Double { max(10 - 2 * Double(abs(p[0] - 3)), 20 - 2 * Double(abs(p[0] - 16))) }
        let forbidden: Set<[Int]> = [[0], [5]]
        let result = DiscreteLocalSearch.climb(from: [[0], [19]], counts: [20], ordered: [true],
                                               allowed: { !forbidden.contains($0) }) { $0.map(f) }
        #expect(!result.scored.contains([0]) && !result.scored.contains([5]))
        #expect(result.ends.map { $0.map { result.scored[$0] } } == [[3], [16]])
    }

    /// The final exploitation phase: neighbours of the best feasible point first (in the agent's
    /// order), then of the next best; excluded and infeasible points are skipped.
    @Test func neighboursOfBestAndFinalShare() {
        let points = [[5], [2], [9]]
        let scores = [1.0, .infinity, 3.0]            // [2] infeasible: never a centre
        let picked = DiscreteLocalSearch.neighboursOfBest(
            points: points, scores: scores, counts: [12], ordered: [true], count: 5,
            excluded: { $0 == [4] }, rank: { fresh in fresh.indices.sorted { fresh[$0][0] > fresh[$1][0] } })
        #expect(picked == [[7], [6], [3], [11], [10]])
        #expect(!DiscreteLocalSearch.inFinalShare(evaluated: 169, budget: 200, share: 0.15))
        #expect(DiscreteLocalSearch.inFinalShare(evaluated: 170, budget: 200, share: 0.15))
        #expect(!DiscreteLocalSearch.inFinalShare(evaluated: 199, budget: 200, share: 0))
    }
}
