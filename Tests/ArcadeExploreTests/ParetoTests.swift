import ArcadeExplore
import Foundation
import Testing

@Suite struct ParetoTests {
    @Test func dominance() {
        #expect(Pareto.dominates([1, 2], [2, 2]))
        #expect(!Pareto.dominates([1, 2], [1, 2]))
        #expect(!Pareto.dominates([1, 3], [2, 2]))
    }

    @Test func nonDominatedKeepsTiesAndDropsDominated() {
        let points: [[Double]] = [[1, 4], [2, 2], [3, 3], [4, 1], [2, 2], [5, 5]]
        #expect(Pareto.nonDominated(points) == [0, 1, 3, 4])
        #expect(Pareto.nonDominated([]) == [])
    }

    /// Staircase [1,4], [2,2], [4,1] under reference [5,5], by strips sorted on the first objective:
    /// (5−1)(5−4) + (5−2)(4−2) + (5−4)(2−1) = 4 + 6 + 1 = 11.
    @Test func hypervolumeOfAHandMadeFront() {
        #expect(Pareto.hypervolume([[1, 4], [2, 2], [4, 1]], reference: [5, 5]) == 11)
        // Dominated points, points outside the reference box and order change nothing.
        #expect(Pareto.hypervolume([[4, 1], [3, 3], [6, 0], [1, 4], [2, 2], [5, 0.5]], reference: [5, 5]) == 11)
        #expect(Pareto.hypervolume([], reference: [5, 5]) == 0)
        #expect(Pareto.hypervolume([[2, 3]], reference: [5, 5]) == 6)
    }

    /// Two boxes [0,2]×[1,2]×[1,2] and [1,2]×[0,2]×[1,2] (volume 2 each) overlap in a unit cube: 3.
    @Test func threeDimensionalHypervolume() {
        #expect(Pareto.hypervolume([[1, 1, 1]], reference: [2, 2, 2]) == 1)
        #expect(Pareto.hypervolume([[0, 1, 1], [1, 0, 1]], reference: [2, 2, 2]) == 3)
        // A flat front in the third objective: the 2-D volume times the height.
        let flat = [[1.0, 4, 0], [2, 2, 0], [4, 1, 0]]
        #expect(Pareto.hypervolume(flat, reference: [5, 5, 2]) == 22)
    }

    @Test func referencePointIsWorstCornerPlusTenPercentOfRange() {
        let reference = Pareto.referencePoint(for: [[1, 10], [3, 4], [5, 2]])
        #expect(abs(reference[0] - 5.4) < 1e-12 && abs(reference[1] - 10.8) < 1e-12)
        let single = Pareto.referencePoint(for: [[2, 3]])
        #expect(abs(single[0] - 2.1) < 1e-12 && abs(single[1] - 3.1) < 1e-12)
    }

    /// In log10 space the front {(1,100), (10,10), (100,1)} is (0,2), (1,1), (2,0) with reference
    /// (2.2, 2.2): volume 2.2·0.2 + 1.2·1 + 0.2·1 = 1.84. Finding only (10,10) covers 1.2·1.2 = 1.44.
    @Test func hypervolumeRatioInLogSpace() throws {
        let front: [[Double]] = [[1, 100], [10, 10], [100, 1]]
        #expect(try #require(Pareto.hypervolumeRatio(found: front, referenceFront: front)) == 1)
        let ratio = try #require(Pareto.hypervolumeRatio(found: [[10, 10], [50, 50]], referenceFront: front))
        #expect(abs(ratio - 1.44 / 1.84) < 1e-12)
        #expect(Pareto.hypervolumeRatio(found: [[200, 200]], referenceFront: front) == 0)
        #expect(Pareto.hypervolumeRatio(found: front, referenceFront: []) == nil)
    }

    @Test func nonPositiveObjectivesStayLinear() {
        let (points, logarithmic) = Pareto.logSpace([[-1, 2], [3, 4]])
        #expect(!logarithmic)
        #expect(points == [[-1, 2], [3, 4]])
        #expect(Pareto.logSpace([[10, 100]]).points == [[1, 2]])
    }
}
