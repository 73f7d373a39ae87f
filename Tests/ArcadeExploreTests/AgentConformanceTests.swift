import ArcadeKernel
import Foundation
import Testing
@testable import ArcadeExplore

/// The shared conformance suite: every test loops over EVERY agent in `AgentRegistry.agents`, so an
/// agent added later is checked automatically. A tiny in-test harness stands in for the real one
/// (propose → evaluate a synthetic function → observe; repeats answered from a cache without
/// spending budget; an agent is stopped after 20 × budget proposals, as the harness does).

/// What one run of an agent produced.
struct ConformanceRun {
    var proposals: [[Int]] = []
    /// Distinct evaluated points, in order of first evaluation.
    var evaluated: [Evaluation] = []
    var best: Evaluation? { evaluated.min { $0.score < $1.score } }
}

enum ConformanceHarness {
    static func run(_ name: String, problem: SearchProblem, seed: UInt64, batch: Int = 1,
                    overrides: [String: String] = [:], maxProposals: Int? = nil,
                    objective: ([Int]) -> Evaluation) throws -> ConformanceRun {
        var agent = try AgentRegistry.make(name, problem: problem, overrides: overrides, seed: seed)
        var cache: [[Int]: Evaluation] = [:]
        var run = ConformanceRun()
        let cap = maxProposals ?? 20 * problem.budget
        while run.evaluated.count < problem.budget && run.proposals.count < cap {
            let points = agent.propose(count: batch)
            #expect(!points.isEmpty && points.count <= batch, "\(name): batch of \(points.count) for count \(batch)")
            if points.isEmpty { break }
            run.proposals += points
            let results = points.map { point -> Evaluation in
                if let hit = cache[point] { return hit }
                let evaluation = objective(point)
                if problem.space.contains(point) {
                    cache[point] = evaluation
                    run.evaluated.append(evaluation)
                }
                return evaluation
            }
            agent.observe(results)
        }
        return run
    }

    /// The easy separable function of the quality test: 1 + Σ w_d ((x_d − c_d)/15)², optimum 1 at c.
    static let centre = [3, 11, 7, 13]
    static let weights = [1.0, 2.0, 0.5, 1.5]
    static func separable(_ point: [Int]) -> Evaluation {
        var value = 1.0
        for d in 0..<4 {
            let gap = Double(point[d] - centre[d]) / 15
            value += weights[d] * gap * gap
        }
        return Evaluation(point: point, objectives: [value], feasible: true)
    }

    static let hypercube = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16]), budget: 300)
}

extension ConformanceHarness {
    /// Registry names, the test arguments. `ARCADE_CONFORMANCE_AGENTS=ga,sa` narrows the suite to
    /// some agents while working on them (the GP agent alone takes minutes in a debug build).
    static let agentNames: [String] = {
        let all = AgentRegistry.agents.map { $0.name }
        guard let only = ProcessInfo.processInfo.environment["ARCADE_CONFORMANCE_AGENTS"], !only.isEmpty else { return all }
        let wanted = Set(only.split(separator: ",").map(String.init))
        return all.filter(wanted.contains)
    }()

    /// Runs `trial` on seeds 1...5 until the verdict is known: `true` once 4 seeds pass, `false`
    /// once 2 fail (so slow agents are not run more than needed). Returns the verdict and the values.
    static func fourOfFive(bound: Double, _ trial: (UInt64) throws -> Double) rethrows -> (Bool, [Double]) {
        var values: [Double] = []
        for seed in 1...5 as ClosedRange<UInt64> {
            values.append(try trial(seed))
            let passed = values.filter { $0 <= bound }.count
            if passed >= 4 { return (true, values) }
            if values.count - passed >= 2 { return (false, values) }
        }
        return (false, values)
    }

    /// Agents whose proposals do not depend on the seed.
    static let deterministicAgents: Set<String> = ["grid"]

    /// Hyperparameters used for the quality test where the defaults are not meant for a budget much
    /// smaller than the space: exhaustive grid (stride 1) in rank order never leaves the first ranks,
    /// so the grid is coarsened to fit the budget (stride 0 = auto).
    static let qualityOverrides: [String: [String: String]] = ["grid": ["stride": "0"]]

    /// Allowed relative gap to the optimum after 300 evaluations on the 16⁴ separable function, in ≥ 4
    /// of 5 seeds. Random search without replacement is the floor: ~300 of 65,536 points land ~3% above
    /// the optimum (measured 1.6–6.0% over 10 seeds), so 8% is the floor's bound and applies to any
    /// agent not listed. The auto-stride grid ({1,5,9,13}⁴, 256 points) is 6.2% above at best: it
    /// cannot do better than its lattice. Agents that exploit the structure (local moves,
    /// recombination, per-knob pheromone) must get within 1% (measured: 0–0.7%, mostly exactly 0).
    static let qualityBounds: [String: Double] = [
        "random": 0.08, "grid": 0.07,
        "random-walk": 0.01, "ga": 0.01, "nsga2": 0.01, "sa": 0.01, "aco": 0.01,
    ]
    static let floorBound = 0.08

    /// Proposals per new point allowed while spending the budget on 16⁴ (the harness's hard stop is
    /// 20). These agents deduplicate their proposals, so they promise (nearly) no repeats.
    static let repeatBounds: [String: Double] = [
        "random": 1, "grid": 1, "random-walk": 1.1, "ga": 1.1, "nsga2": 1.1, "sa": 1.1, "aco": 1.1,
    ]
}

@Suite("Agent conformance (every registered agent)")
struct AgentConformanceTests {
    @Test("proposals stay inside the space (mixed ordered/categorical, batches of 1 and 7, 2 objectives)",
          arguments: ConformanceHarness.agentNames)
    func proposalsInsideSpace(name: String) throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [9, 1, 5, 12]), objectiveCount: 2, budget: 80,
                                    ordered: [true, true, false, true])
        for batch in [1, 7] {
            let run = try ConformanceHarness.run(name, problem: problem, seed: 3, batch: batch) { point in
                let a = Double(point[0] + point[2]), b = Double(point[3] * 2 - point[0])
                return Evaluation(point: point, objectives: [a, b], feasible: point[3] != 5)
            }
            for point in run.proposals {
                #expect(problem.space.contains(point), "\(name) proposed \(point) outside \(problem.space.counts)")
            }
        }
    }

    @Test("same seed, same proposals", arguments: ConformanceHarness.agentNames)
    func determinism(name: String) throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16]), budget: 120)
        let first = try ConformanceHarness.run(name, problem: problem, seed: 42, batch: 3,
                                               objective: ConformanceHarness.separable)
        let second = try ConformanceHarness.run(name, problem: problem, seed: 42, batch: 3,
                                                objective: ConformanceHarness.separable)
        #expect(first.proposals == second.proposals, "\(name) is not deterministic under a seed")
    }

    @Test("different seeds, different proposals (stochastic agents)", arguments: ConformanceHarness.agentNames)
    func seedsDiffer(name: String) throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16]), budget: 60)
        let runs = try [1, 2].map {
            try ConformanceHarness.run(name, problem: problem, seed: $0, objective: ConformanceHarness.separable)
        }
        if ConformanceHarness.deterministicAgents.contains(name) {
            #expect(runs[0].proposals == runs[1].proposals)
        } else {
            #expect(runs[0].proposals != runs[1].proposals, "\(name) ignores its seed")
        }
    }

    @Test("spends the budget on new points well within 20 × budget proposals", arguments: ConformanceHarness.agentNames)
    func spendsBudget(name: String) throws {
        let problem = ConformanceHarness.hypercube
        let run = try ConformanceHarness.run(name, problem: problem, seed: 5, objective: ConformanceHarness.separable)
        #expect(run.evaluated.count == problem.budget, "\(name) evaluated only \(run.evaluated.count) new points")
        #expect(run.proposals.count < 20 * problem.budget)
        // Repeats are free but wasted effort: agents listed in `repeatBounds` promise fewer.
        let ratio = Double(run.proposals.count) / Double(problem.budget)
        print("proposals per new point \(name): \(ratio)")
        #expect(ratio <= ConformanceHarness.repeatBounds[name] ?? 20, "\(name): \(run.proposals.count) proposals for \(problem.budget) points")
    }

    @Test("covers a tiny space completely before the harness stops it", arguments: ConformanceHarness.agentNames)
    func exhaustsTinySpace(name: String) throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [3, 2]), budget: 50, ordered: [true, false])
        let run = try ConformanceHarness.run(name, problem: problem, seed: 9) { point in
            Evaluation(point: point, objectives: [Double(point[0] * 2 + point[1])], feasible: true)
        }
        #expect(run.evaluated.count == 6, "\(name) saw \(run.evaluated.count) of 6 points")
        #expect(run.proposals.count <= 20 * problem.budget)
    }

    @Test("reaches near the optimum of an easy separable 16⁴ function in ≥ 4 of 5 seeds", arguments: ConformanceHarness.agentNames)
    func quality(name: String) throws {
        let bound = ConformanceHarness.qualityBounds[name] ?? ConformanceHarness.floorBound
        let (ok, gaps) = try ConformanceHarness.fourOfFive(bound: bound) { seed in
            let run = try ConformanceHarness.run(name, problem: ConformanceHarness.hypercube, seed: seed * 7919,
                                                 overrides: ConformanceHarness.qualityOverrides[name] ?? [:],
                                                 objective: ConformanceHarness.separable)
            return (run.best?.score ?? .infinity) - 1
        }
        print("quality \(name): relative gaps \(gaps.map { ($0 * 10_000).rounded() / 100 }) % (bound \(bound * 100) %)")
        #expect(ok, "\(name): gaps \(gaps) vs bound \(bound)")
    }

    @Test("infeasible points are treated as worse than any feasible one", arguments: ConformanceHarness.agentNames)
    func infeasibleRegion(name: String) throws {
        // The unconstrained optimum (3, 11, 7, 13) is infeasible: x₀ + x₁ ≤ 12 is the constraint,
        // so the best feasible point is (2, 10, 7, 13): 1 + 3/225.
        let problem = ConformanceHarness.hypercube
        let bound = (ConformanceHarness.qualityBounds[name] ?? ConformanceHarness.floorBound) + 0.02
        let (ok, gaps) = try ConformanceHarness.fourOfFive(bound: bound) { seed in
            let run = try ConformanceHarness.run(name, problem: problem, seed: seed,
                                                 overrides: ConformanceHarness.qualityOverrides[name] ?? [:]) { point in
                point[0] + point[1] > 12 ? Evaluation(point: point, objectives: [], feasible: false)
                                        : ConformanceHarness.separable(point)
            }
            let best = try #require(run.best)
            #expect(best.feasible, "\(name) reports an infeasible best")
            return best.score - (1 + 3.0 / 225)
        }
        print("infeasible \(name): relative gaps \(gaps.map { ($0 * 10_000).rounded() / 100 }) %")
        #expect(ok, "\(name): constrained gaps \(gaps)")
    }

    @Test("categorical knobs: a move re-draws the category; quality on a mixed space", arguments: ConformanceHarness.agentNames)
    func categoricalQuality(name: String) throws {
        // Two ordered knobs (quadratic) and two 8-way categorical knobs with unordered costs.
        let table = [0.30, 0.05, 0.22, 0.0, 0.41, 0.12, 0.36, 0.18]
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 8, 8]), budget: 300,
                                    ordered: [true, true, false, false])
        let bound = ConformanceHarness.qualityBounds[name] ?? ConformanceHarness.floorBound
        let (ok, gaps) = try ConformanceHarness.fourOfFive(bound: bound) { seed in
            let run = try ConformanceHarness.run(name, problem: problem, seed: seed,
                                                 overrides: ConformanceHarness.qualityOverrides[name] ?? [:]) { p in
                let a = Double(p[0] - 4) / 15, b = Double(p[1] - 12) / 15
                return Evaluation(point: p, objectives: [1 + a * a + b * b + table[p[2]] + table[(p[3] + 3) % 8]], feasible: true)
            }
            return (run.best?.score ?? .infinity) - 1
        }
        print("categorical \(name): relative gaps \(gaps.map { ($0 * 10_000).rounded() / 100 }) %")
        #expect(ok, "\(name): categorical gaps \(gaps)")
    }
}
