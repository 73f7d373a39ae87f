import Foundation
import Testing
@testable import ArcadeExplore

@Suite("Simulated annealing pieces")
struct SimulatedAnnealingTests {
    @Test func metropolisAcceptance() {
        #expect(SimulatedAnnealing.acceptanceProbability(delta: -3, temperature: 1) == 1)
        #expect(SimulatedAnnealing.acceptanceProbability(delta: 0, temperature: 1) == 1)
        #expect(abs(SimulatedAnnealing.acceptanceProbability(delta: 2, temperature: 4) - exp(-0.5)) < 1e-15)
        #expect(SimulatedAnnealing.acceptanceProbability(delta: .infinity, temperature: 10) == 0, "infeasible never accepted")
        #expect(SimulatedAnnealing.acceptanceProbability(delta: 1, temperature: 0) == 0)
    }

    @Test("the schedule accepts an average worsening with initial_accept at the start, final_accept at the end")
    func exponentialCooling() {
        let mean = 7.0
        let start = SimulatedAnnealing.temperature(progress: 0, meanWorsening: mean, initialAccept: 0.5, finalAccept: 0.001)
        let middle = SimulatedAnnealing.temperature(progress: 0.5, meanWorsening: mean, initialAccept: 0.5, finalAccept: 0.001)
        let end = SimulatedAnnealing.temperature(progress: 1, meanWorsening: mean, initialAccept: 0.5, finalAccept: 0.001)
        #expect(abs(SimulatedAnnealing.acceptanceProbability(delta: mean, temperature: start) - 0.5) < 1e-12)
        #expect(abs(SimulatedAnnealing.acceptanceProbability(delta: mean, temperature: end) - 0.001) < 1e-12)
        #expect(abs(middle - (start * end).squareRoot()) < 1e-9, "geometric: the midpoint is the geometric mean")
    }

    @Test("a worse neighbour from an infeasible start is still taken, so the walk can find feasibility")
    func leavesInfeasibleStart() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [10]), budget: 20)
        var agent = try SimulatedAnnealing(problem: problem, hyperparameters: try Hyperparameters(
            specs: SimulatedAnnealing.hyperparameters, agent: "sa"), seed: 1)
        let first = agent.propose(count: 1)[0]
        agent.observe([Evaluation(point: first, objectives: [], feasible: false)])
        let second = agent.propose(count: 1)[0]
        agent.observe([Evaluation(point: second, objectives: [5], feasible: true)])
        #expect(agent.current == second && agent.currentScore == 5)
    }
}
