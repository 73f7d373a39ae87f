import ArcadeKernel
import Testing
@testable import ArcadeExplore

@Suite("NSGA-II pieces, checked by hand (Deb et al. 2002)")
struct NSGA2Tests {
    static func point(_ objectives: [Double], _ id: Int, feasible: Bool = true) -> Evaluation {
        Evaluation(point: [id], objectives: feasible ? objectives : [], feasible: feasible)
    }

    /// A(1,5) B(2,3) C(3,1) D(2,4) E(4,4) F infeasible G(3,3).
    static let set = [point([1, 5], 0), point([2, 3], 1), point([3, 1], 2), point([2, 4], 3),
                      point([4, 4], 4), point([], 5, feasible: false), point([3, 3], 6)]

    @Test func constrainedDomination() {
        let feasible = Self.point([9, 9], 0), infeasible = Self.point([], 1, feasible: false)
        #expect(NSGA2.dominates(feasible, infeasible))
        #expect(!NSGA2.dominates(infeasible, feasible))
        #expect(!NSGA2.dominates(infeasible, infeasible))
        #expect(NSGA2.dominates(Self.point([1, 2], 0), Self.point([1, 3], 1)))
        #expect(!NSGA2.dominates(Self.point([1, 2], 0), Self.point([1, 2], 1)), "equal points do not dominate")
        #expect(!NSGA2.dominates(Self.point([1, 4], 0), Self.point([2, 3], 1)))
    }

    @Test func fastNonDominatedSort() {
        // {A,B,C} non-dominated; D is dominated only by B and G by B and C; E by B, C, D, G;
        // the infeasible F by everything feasible.
        #expect(NSGA2.nonDominatedFronts(Self.set) == [[0, 1, 2], [3, 6], [4], [5]])
    }

    @Test func crowdingDistance() {
        // Front A, B, C: f₁ 1,2,3 (range 2) gives B (3−1)/2 = 1; f₂ 1,3,5 (range 4) gives B (5−1)/4 = 1.
        #expect(NSGA2.crowdingDistances([0, 1, 2], in: Self.set) == [.infinity, 2, .infinity])
        // (0,5) (1,2) (3,1) (4,0): f₁ range 4, f₂ range 5.
        // (1,2): (3−0)/4 + (5−1)/5 = 1.55; (3,1): (4−1)/4 + (2−0)/5 = 1.15.
        let front = [Self.point([0, 5], 0), Self.point([1, 2], 1), Self.point([3, 1], 2), Self.point([4, 0], 3)]
        let distance = NSGA2.crowdingDistances([0, 1, 2, 3], in: front)
        #expect(distance[0] == .infinity && distance[3] == .infinity)
        #expect(abs(distance[1] - 1.55) < 1e-12 && abs(distance[2] - 1.15) < 1e-12)
        // An infeasible front has nothing to spread over.
        #expect(NSGA2.crowdingDistances([5], in: Self.set) == [0])
    }

    @Test func environmentalSelection() {
        // Keep 4: the whole first front, then one of {D, G}; both are boundary (∞) points of their
        // front, so the tie goes to the earlier one, D.
        let (kept, ranks, _) = NSGA2.survivors(of: Self.set, keep: 4)
        #expect(kept.map { $0.point[0] } == [0, 1, 2, 3])
        #expect(ranks == [0, 0, 0, 1])
        // Duplicates are kept once.
        let (unique, _, _) = NSGA2.survivors(of: Self.set + Self.set, keep: 20)
        #expect(unique.count == Self.set.count)
    }

    /// Two conflicting objectives on 16⁴: f₁ = Σ xᵢ², f₂ = Σ (15 − xᵢ)²; the exact front has 226 points.
    static func toy(_ p: [Int]) -> Evaluation {
        var a = 0.0, b = 0.0
        for x in p { a += Double(x * x); b += Double((15 - x) * (15 - x)) }
        return Evaluation(point: p, objectives: [a, b], feasible: true)
    }

    /// Area dominated up to `reference`, by a sweep over f₁.
    static func hypervolume(_ points: [Evaluation], reference: Double) -> Double {
        var area = 0.0, lowestF2 = reference
        for p in points.map(\.objectives).sorted(by: { $0[0] < $1[0] }) where p[0] < reference && p[1] < lowestF2 {
            area += (reference - p[0]) * (lowestF2 - p[1])
            lowestF2 = p[1]
        }
        return area
    }

    @Test("on a 2-objective toy problem the front is wide and beats random search's")
    func twoObjectiveFront() throws {
        let problem = SearchProblem(space: MultiDiscreteSpace(counts: [16, 16, 16, 16]), objectiveCount: 2, budget: 300)
        var wide = 0, beatsRandom = 0
        for seed in 1...5 as ClosedRange<UInt64> {
            let run = try ConformanceHarness.run("nsga2", problem: problem, seed: seed, objective: Self.toy)
            let baseline = try ConformanceHarness.run("random", problem: problem, seed: seed, objective: Self.toy)
            let front = NSGA2.nonDominatedFronts(run.evaluated)[0]
            // Measured: nsga2 45–48 non-dominated points of 300, random search 26–34.
            if front.count >= 40 { wide += 1 }
            // Reference point: the worst corner (900, 900) + 10%. Raw-unit hypervolume saturates
            // (random reaches ~0.96 of the exact front), so the test is only "better than random".
            let reference = 990.0
            if Self.hypervolume(run.evaluated, reference: reference) > Self.hypervolume(baseline.evaluated, reference: reference) {
                beatsRandom += 1
            }
        }
        #expect(wide >= 4, "nsga2's front had ≥ 40 points in only \(wide) of 5 seeds")
        #expect(beatsRandom >= 4, "nsga2 beat random's hypervolume in only \(beatsRandom) of 5 seeds")
    }
}
