import ArcadeKernel
import Testing
@testable import ArcadeExplore

@Suite("Random walk and its neighbour moves")
struct RandomWalkTests {
    static let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 6, 1]), budget: 100,
                                       ordered: [true, true, false, true])

    @Test("a neighbour changes 1...max_dims knobs, ordered ones by at most max_step, never a 1-value knob")
    func neighbours() {
        var generator = SplitMix64(seed: 21)
        let moves = DesignMoves(problem: Self.problem, maxDimensions: 2, maxStep: 3)
        let origin = [0, 8, 2, 0]
        for _ in 0..<500 {
            let next = moves.neighbour(of: origin, using: &generator)
            #expect(Self.problem.space.contains(next))
            #expect(abs(next[0] - origin[0]) <= 6 && abs(next[1] - origin[1]) <= 6) // two moves of ≤ 3
            #expect(next[3] == 0)
        }
    }

    @Test("a categorical move re-draws a different category, each equally likely")
    func categoricalMove() {
        var generator = SplitMix64(seed: 22)
        let moves = DesignMoves(problem: Self.problem, maxDimensions: 1, maxStep: 1)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<5_000 {
            var point = [0, 0, 2, 0]
            moves.move(&point, dimension: 2, using: &generator)
            counts[point[2]] += 1
        }
        #expect(counts[2] == 0)
        #expect(counts.enumerated().filter { $0.offset != 2 }.allSatisfy { $0.element > 850 && $0.element < 1150 })
    }

    @Test("an ordered move at the end of the range reflects back inside")
    func reflection() {
        var generator = SplitMix64(seed: 23)
        let moves = DesignMoves(problem: Self.problem, maxDimensions: 1, maxStep: 2)
        for _ in 0..<200 {
            var point = [15, 0, 0, 0]
            moves.move(&point, dimension: 0, using: &generator)
            #expect(point[0] == 14 || point[0] == 13)
        }
    }

    @Test("the walk steps to neighbours of its current point; restart 1 samples fresh points")
    func walking() throws {
        func agent(_ overrides: [String: String]) throws -> RandomWalk {
            try RandomWalk(problem: Self.problem, hyperparameters: try Hyperparameters(
                specs: RandomWalk.hyperparameters, overrides: overrides, agent: "random-walk"), seed: 8)
        }
        var walk = try agent(["restart": "0", "max_step": "1"])
        let start = walk.propose(count: 1)[0]
        walk.observe([Evaluation(point: start, objectives: [10], feasible: true)])
        for _ in 0..<20 {
            let step = walk.propose(count: 1)[0]
            let current = walk.current!
            let changed = zip(step, current).filter { $0 != $1 }.count
            #expect(changed == 1, "one knob per step by default")
            walk.observe([Evaluation(point: step, objectives: [5], feasible: true)]) // better: always moves
            #expect(walk.current == step)
        }
    }
}
