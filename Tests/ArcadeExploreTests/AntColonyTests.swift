import ArcadeKernel
import Testing
@testable import ArcadeExplore

@Suite("Ant colony pieces")
struct AntColonyTests {
    /// Knob 0 ordered with 4 values, knob 1 categorical with 3; evaporation ½, deposit 1, spread ½,
    /// so τmax = 2, τmin = 2·½/4 = ¼ on knob 0 and 2·½/3 = ⅓ on knob 1.
    @Test("evaporation, best-ant deposit with ordered spill, MAX–MIN bounds — by hand")
    func pheromoneUpdate() {
        var tau: [[Double]] = [[2, 2, 2, 2], [2, 2, 2]]
        func update(_ best: [Int]?) {
            AntColony.update(&tau, best: best, evaporation: 0.5, deposit: 1, spread: 0.5, minRatio: 0.5,
                             ordered: [true, false])
        }
        update([1, 2]) // halve to 1, then +1 on the choice, +½ on its ordered neighbours
        #expect(tau == [[1.5, 2, 1.5, 1], [1, 1, 2]])
        update([3, 0])
        #expect(tau == [[0.75, 1, 1.25, 1.5], [1.5, 0.5, 1]])
        update(nil) // an all-infeasible colony only evaporates; the floor holds
        #expect(tau[0] == [0.375, 0.5, 0.625, 0.75])
        #expect(tau[1][0] == 0.75 && abs(tau[1][1] - 1.0 / 3) < 1e-15 && tau[1][2] == 0.5)
        update([0, 0]); update([0, 0]); update([0, 0])
        #expect(tau[0][0] <= 2 && tau[1][0] <= 2, "capped at τmax")
    }

    @Test("with greediness 1 every ant follows the strongest trail")
    func greedyAnts() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [4, 3]), budget: 10)
        var agent = try AntColony(problem: problem, hyperparameters: try Hyperparameters(
            specs: AntColony.hyperparameters, overrides: ["greediness": "1"], agent: "aco"), seed: 3)
        agent.pheromone = [[0.5, 0.5, 3, 0.5], [0.5, 2, 0.5]]
        #expect(agent.walk() == [2, 1])
    }

    @Test("a colony's pheromone update happens only after all its ants are observed")
    func colonyBoundary() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [8, 8]), budget: 40)
        var agent = try AntColony(problem: problem, hyperparameters: try Hyperparameters(
            specs: AntColony.hyperparameters, overrides: ["ants": "4"], agent: "aco"), seed: 5)
        let first = agent.propose(count: 10)
        #expect(first.count == 4, "a batch never crosses a colony")
        agent.observe(first.map { Evaluation(point: $0, objectives: [Double($0[0])], feasible: true) })
        let before = agent.pheromone
        _ = agent.propose(count: 1)
        #expect(agent.pheromone != before)
    }
}
