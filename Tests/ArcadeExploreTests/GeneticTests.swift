import ArcadeKernel
import Testing
@testable import ArcadeExplore

@Suite("Genetic operators")
struct GeneticTests {
    static let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16, 16, 16, 16, 16, 16, 16]),
                                       budget: 100, ordered: [true, true, true, true, true, false, false, false, false, false])

    @Test("uniform crossover takes every gene from one of the parents, and from both over many children")
    func uniformKeepsParentGenes() {
        var generator = SplitMix64(seed: 11)
        let a = Array(0..<10), b = Array(10..<20).map { $0 % 16 }
        var fromB = 0
        for _ in 0..<200 {
            let child = GeneticOperators.uniform(a, b, using: &generator)
            for d in 0..<10 {
                #expect(child[d] == a[d] || child[d] == b[d])
                if child[d] == b[d] { fromB += 1 }
            }
        }
        #expect(fromB > 800 && fromB < 1200, "about half the genes from each parent, got \(fromB) of 2000")
    }

    @Test("one-point crossover: a prefix of one parent, the suffix of the other")
    func onePointIsPrefixSuffix() {
        var generator = SplitMix64(seed: 12)
        let a = [Int](repeating: 1, count: 10), b = [Int](repeating: 2, count: 10)
        for _ in 0..<100 {
            let child = GeneticOperators.onePoint(a, b, using: &generator)
            let cut = child.firstIndex(of: 2)
            #expect(cut != nil && cut! >= 1, "at least one gene of each parent")
            #expect(child[cut!...].allSatisfy { $0 == 2 } && child[..<cut!].allSatisfy { $0 == 1 })
        }
    }

    @Test("mutation: rate 0 changes nothing; rate 1 changes every gene, ordered ones by a move or re-draw")
    func mutation() {
        var generator = SplitMix64(seed: 13)
        let moves = DesignMoves(problem: Self.problem, maxDimensions: 1, maxStep: 2)
        let parent = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
        var copy = parent
        GeneticOperators.mutate(&copy, rate: 0, moves: moves, using: &generator)
        #expect(copy == parent)
        for _ in 0..<50 {
            var child = parent
            GeneticOperators.mutate(&child, rate: 1, moves: moves, using: &generator)
            #expect(zip(child, parent).allSatisfy { $0 != $1 }, "a mutated gene always takes a new value")
            #expect(Self.problem.space.contains(child))
        }
    }

    @Test("elitism: the best point found is always in the population")
    func elitismKeepsBest() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16]), budget: 200)
        var agent = try GeneticAlgorithm(problem: problem, hyperparameters: try Hyperparameters(
            specs: GeneticAlgorithm.hyperparameters, agent: "ga"), seed: 4)
        var best = Double.infinity
        for _ in 0..<200 {
            let batch = agent.propose(count: 5)
            let results = batch.map { ConformanceHarness.separable($0) }
            best = min(best, results.map(\.score).min()!)
            agent.observe(results)
            if !agent.population.isEmpty { #expect(agent.population[0].score == best || agent.book.offspring.contains { $0.score == best }) }
        }
    }
}
