import Testing
import ArcadeExplore

@Suite struct TPETests {
    @Test func splitTakesTheBestQuantileInObservationOrder() {
        // ceil(0.4 × 5) = 2 good: scores 1 (index 1) and 2 (index 3).
        let (good, bad) = TPE.split(scores: [5, 1, 4, 2, 3], gamma: 0.4, maxGood: 25)
        #expect(good == [1, 3] && bad == [0, 2, 4])
        // The cap wins over the quantile; ties broken by observation order; +∞ (infeasible) is bad.
        let capped = TPE.split(scores: [1, 1, 1, .infinity], gamma: 0.9, maxGood: 2)
        #expect(capped.good == [0, 1] && capped.bad == [2, 3])
    }

    @Test func choosesTheCandidateWithTheHighestDensityRatio() {
        let counts = [8, 8], ordered = [true, false]
        let good = TPE.Parzen(observations: [[1, 2], [2, 2], [1, 3]], counts: counts, ordered: ordered, prior: 1)
        let bad = TPE.Parzen(observations: [[6, 5], [7, 6], [5, 5], [6, 7]], counts: counts, ordered: ordered, prior: 1)
        #expect(TPE.choose([[6, 5], [1, 2], [4, 4]], good: good, bad: bad) == 1)
        // Densities are proper: each marginal sums to 1.
        for d in 0..<2 { #expect(abs(good.marginals[d].reduce(0, +) - 1) < 1e-12) }
        #expect(good.marginal(0, 1) > good.marginal(0, 6))
    }

    @Test func bandwidthsFollowNeighbourGapsWithMagicClip() {
        // Values 2, 3, 9 on 0..<10 with edges −0.5 and 9.5: gaps 2.5|1, 1|6, 6|0.5 → 2.5, 6, 6;
        // clip to [10 / 4, 10].
        #expect(TPE.Parzen.bandwidths([2, 3, 9], count: 10) == [2.5, 6, 6])
    }

    /// Tolerance: at or below random search's best (same seed, 100 evaluations) in ≥ 4 of 5 seeds.
    @Test func beatsRandomOnTheProxy() throws {
        #expect(try SystolicProxy().winsOverRandom(agent: "tpe", budget: 100) >= 4)
    }
}

@Suite struct TPEConstraintTests {
    /// c-TPE: with equal l/g, the point among feasible observations scores above the one among
    /// infeasible observations, by the log of the Parzen feasibility probability.
    @Test func feasibilityTermPenalisesTheInfeasibleRegion() {
        let counts = [10, 10], ordered = [true, true]
        func parzen(_ points: [[Int]]) -> TPE.Parzen { TPE.Parzen(observations: points, counts: counts, ordered: ordered, prior: 1) }
        let good = parzen([[2, 2], [7, 7]]), bad = parzen([[2, 7], [7, 2]])
        let feasible = parzen([[1, 1], [2, 2], [3, 3]]), infeasible = parzen([[7, 7], [8, 8], [6, 6]])
        let plain = TPE.Model(good: good, bad: bad, feasibility: nil)
        let constrained = TPE.Model(good: good, bad: bad, feasibility: (feasible, infeasible, 0.5))
        #expect(abs(plain.logAcquisition([2, 2]) - plain.logAcquisition([7, 7])) < 1e-9)
        #expect(constrained.logAcquisition([2, 2]) > constrained.logAcquisition([7, 7]) + 1)
        #expect(constrained.logAcquisition([2, 2]) <= plain.logAcquisition([2, 2]))   // a probability ≤ 1
    }
}
