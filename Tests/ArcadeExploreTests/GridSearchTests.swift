import Testing
@testable import ArcadeExplore

@Suite("Grid search")
struct GridSearchTests {
    static func make(_ counts: [Int], ordered: [Bool]? = nil, budget: Int = 100, stride: String = "1") throws -> GridSearch {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: counts), budget: budget, ordered: ordered)
        return try GridSearch(problem: problem, hyperparameters: try Hyperparameters(
            specs: GridSearch.hyperparameters, overrides: ["stride": stride], agent: "grid"), seed: 0)
    }

    @Test("stride 1 enumerates every point in rank order, then proposes no new point")
    func exhaustiveInRankOrder() throws {
        var grid = try Self.make([3, 2, 4])
        let space = MultiDiscreteSpace(counts: [3, 2, 4])
        var seen: [[Int]] = []
        while seen.count < 24 { seen += grid.propose(count: 5) }
        #expect(seen == (0..<24).map { space.point(rank: $0) })
        grid.observe([Evaluation(point: [1, 1, 1], objectives: [0], feasible: true)])
        #expect(grid.propose(count: 4) == [[1, 1, 1]], "after exhausting: the best point again, nothing new")
    }

    @Test("stride k takes every k-th value of ordered knobs, centred; categorical knobs keep every value")
    func stride() throws {
        #expect(GridSearch.axis(count: 16, stride: 5) == (offset: 0, spacing: 5, count: 4))  // 0 5 10 15
        #expect(GridSearch.axis(count: 16, stride: 4) == (offset: 1, spacing: 4, count: 4))  // 1 5 9 13
        #expect(GridSearch.axis(count: 3, stride: 10) == (offset: 1, spacing: 3, count: 1))  // the middle
        var grid = try Self.make([16, 4], ordered: [true, false], stride: "5")
        let points = grid.propose(count: 100)
        #expect(points.count == 16)
        #expect(Set(points.map { $0[0] }) == [0, 5, 10, 15] && Set(points.map { $0[1] }) == [0, 1, 2, 3])
    }

    @Test("stride 0 picks the finest grid that fits the budget")
    func autoStride() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16]), budget: 300)
        #expect(GridSearch.strideFitting(budget: 300, problem: problem) == 4) // 4⁴ = 256 ≤ 300 < 6⁴ (stride 3)
        let grid = try Self.make([16, 16, 16, 16], budget: 300, stride: "0")
        #expect(grid.gridSize == 256)
    }
}
