import Testing
import ArcadeExplore
import ArcadeKernel

@Suite struct MARLTests {
    @Test func partitionsDimensionsIntoAgents() {
        #expect(MARL.partition(dimensions: 4, groups: 0) == [[0], [1], [2], [3]])
        #expect(MARL.partition(dimensions: 6, groups: 2) == [[0, 1, 2], [3, 4, 5]])
        #expect(MARL.partition(dimensions: 5, groups: 3) == [[0], [1, 2], [3, 4]])
        #expect(MARL.partition(dimensions: 3, groups: 9) == [[0], [1], [2]])
    }

    @Test func oneAgentPerGroupAndDeterministic() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [4, 5, 6]), budget: 40)
        let hyper = try Hyperparameters(specs: MARL.hyperparameters, overrides: ["groups": "2"], agent: "marl")
        var a = try MARL(problem: problem, hyperparameters: hyper, seed: 3)
        var b = try MARL(problem: problem, hyperparameters: hyper, seed: 3)
        #expect(a.groups == [[0], [1, 2]])
        for _ in 0..<5 {
            let pa = a.propose(count: 8), pb = b.propose(count: 8)
            #expect(pa == pb)
            let evaluations = pa.map { Evaluation(point: $0, objectives: [Double($0.reduce(0, +))], feasible: true) }
            a.observe(evaluations)
            b.observe(evaluations)
        }
    }

    /// Tolerance: at or below random search's best (same seed, 200 evaluations) in ≥ 4 of 5 seeds.
    @Test func beatsRandomOnTheProxy() throws {
        #expect(try SystolicProxy().winsOverRandom(agent: "marl", budget: 200) >= 4)
    }
}
