import Foundation
import Testing
import ArcadeExplore
import ArcadeKernel

// The synthetic proxy the learning agents (bo, tpe, ppo, marl) were tuned on, and the helper their
// "improves over random" tests share. Run the quality table in release with
// `ARCADE_LEARN_QUALITY=1 swift test -c release --filter NumericsSyntheticProxy`.


/// A systolic-array-like latency × area proxy over 6 knobs (16, 16, 3, 4, 4, 4 = 49,152 points):
/// rows and cols 8…128 step 8, SRAM {256, 512, 1024} KB, DRAM channels {1, 2, 4, 8},
/// frequency {500, 1000, 1500, 2000} MHz, dataflow (categorical: ws, os, is, rs). Tile
/// quantisation (ceil) makes it multi-modal; memory-boundness couples the knobs.
struct SystolicProxy: Sendable {
    let counts = [16, 16, 3, 4, 4, 4]
    let ordered = [true, true, true, true, true, false]
    static let layers: [(m: Double, n: Double, k: Double)] = [(3136, 64, 576), (784, 128, 1152), (196, 256, 2304), (49, 512, 4608)]
    init() {}

    func value(_ p: [Int]) -> Double {
        let rows = Double(8 * (p[0] + 1)), cols = Double(8 * (p[1] + 1))
        let sram = [256.0, 512, 1024][p[2]] * 1024
        let channels = [1.0, 2, 4, 8][p[3]]
        let frequency = [500.0, 1000, 1500, 2000][p[4]] * 1e6
        var seconds = 0.0
        for layer in SystolicProxy.layers {
            let (m, n, k) = layer
            let folds: Double, perFold: Double
            switch p[5] {
            case 0: folds = (k / rows).rounded(.up) * (n / cols).rounded(.up); perFold = m + rows + cols
            case 1: folds = (m / rows).rounded(.up) * (n / cols).rounded(.up); perFold = k + rows + cols
            case 2: folds = (k / rows).rounded(.up) * (m / cols).rounded(.up); perFold = n + rows + cols
            default: folds = (m / rows).rounded(.up) * (k / cols).rounded(.up); perFold = n + 2 * rows + cols
            }
            let compute = folds * perFold / frequency
            let footprint = (m * k + k * n + m * n)
            let refetch = max(1, (footprint / sram).squareRoot())
            let memory = footprint * refetch / (channels * 12.8e9)
            seconds += max(compute, memory) + 0.1 * min(compute, memory)
        }
        let f = frequency / 2e9
        let area = rows * cols * 0.01 * (1 + 0.3 * f * f) + sram / 1024 * 0.004 + channels * 0.6
        return seconds * 1e3 * area
    }
}

extension SystolicProxy {
    var space: MultiDiscreteSpace { MultiDiscreteSpace(counts: counts) }

    /// The exact optimum by enumeration (49,152 points).
    var optimum: Double {
        (0..<space.cardinality).reduce(Double.infinity) { min($0, value(space.point(rank: $1))) }
    }

    /// Best value `agent` finds within `budget` distinct evaluations (proposals of one point, as a
    /// sequential harness would ask), and how many propose calls that took.
    func bestFound(agent name: String, seed: UInt64, budget: Int, overrides: [String: String] = [:]) throws -> Double {
        let problem = SearchProblem(space: space, budget: budget, ordered: ordered)
        var agent = try AgentRegistry.make(name, problem: problem, overrides: overrides, seed: seed)
        var seen = Set<[Int]>(), best = Double.infinity, calls = 0
        while seen.count < budget && calls < 4 * budget {
            calls += 1
            let batch = agent.propose(count: 1)
            var evaluations: [Evaluation] = []
            for point in batch {
                #expect(space.contains(point))
                seen.insert(point)
                let v = value(point)
                best = min(best, v)
                evaluations.append(Evaluation(point: point, objectives: [v], feasible: true))
            }
            agent.observe(evaluations)
        }
        return best
    }

    /// Seeds (of 1...5) where `agent` ends at or below random search's best with the same budget.
    func winsOverRandom(agent name: String, budget: Int, overrides: [String: String] = [:]) throws -> Int {
        var wins = 0
        for seed: UInt64 in 1...5 {
            let found = try bestFound(agent: name, seed: seed, budget: budget, overrides: overrides)
            let random = try bestFound(agent: "random", seed: seed, budget: budget)
            if found <= random { wins += 1 }
        }
        return wins
    }
}

@Suite struct NumericsSyntheticProxyTests {
    @Test func proxyIsMultiModalAndEnumerable() {
        let proxy = SystolicProxy()
        #expect(proxy.space.cardinality == 49_152)
        #expect(proxy.optimum > 0 && proxy.optimum.isFinite)
    }

    /// Regret at 200 evaluations over seeds 1–5 per agent (release build; slow in debug).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ARCADE_LEARN_QUALITY"] != nil))
    func qualityTable() throws {
        let proxy = SystolicProxy()
        let optimum = proxy.optimum
        for name in ["random", "tpe", "bo", "ppo", "marl"] {
            let regrets = try (1...5).map { (try proxy.bestFound(agent: name, seed: UInt64($0), budget: 200) - optimum) / optimum }
            print(name, "regret % at 200:", regrets.map { ($0 * 10_000).rounded() / 100 }, "optimum found:", regrets.filter { $0 <= 1e-12 }.count, "/ 5")
        }
    }
}
