import ArcadeKernel

/// Optimiser overhead per suggestion: the time an agent spends in `propose` and `observe`, with the
/// objective itself excluded, on the synthetic 6-knob space of the peer-library comparison
/// (../shared/notes/search-and-models.md): array rows and columns 8–128 (powers of two), SRAM
/// 64–2048 KB (powers of two), DRAM channels 1–8, frequency 500–2000 MHz in 100 MHz steps, and a
/// categorical dataflow (OS/WS/IS) — 57,600 points. The objective is a latency × area model cheap
/// enough not to matter, so the number is the agent's own cost (issue 4's targets: ≤ 0.05 ms for
/// random/GA/SA/ACO, ≤ 1 ms for TPE, ≤ 20 ms for GP-BO at 200 observations).
public enum AgentOverheadBenchmark {
    /// The benchmark space: 5 × 5 × 6 × 8 × 16 × 3 = 57,600 points; the last knob is categorical.
    /// One objective, latency × area, as in the note's peer measurements.
    public static let problemCounts = [5, 5, 6, 8, 16, 3]

    public static func problem(budget: Int) -> SearchProblem {
        SearchProblem(space: MultiDiscreteSpace(counts: problemCounts), objectiveCount: 1, budget: budget,
                      ordered: [true, true, true, true, true, false])
    }

    /// Latency and area of a design in arbitrary units: a roofline-ish latency (compute vs DRAM
    /// bound, SRAM reuse, a dataflow factor) and an area growing with PEs and SRAM.
    public static func objectives(_ point: [Int]) -> [Double] {
        let rows = Double(8 << point[0]), columns = Double(8 << point[1])
        let sram = Double(64 << point[2]), channels = Double(point[3] + 1)
        let megahertz = 500 + 100 * Double(point[4])
        let dataflow = [1.0, 0.85, 1.1][point[5]]
        let compute = 1.0e7 / (rows * columns * megahertz) * dataflow
        let memory = 4.0e3 / (channels * (1 + sram / 512))
        let latency = max(compute, memory) + 0.1 * min(compute, memory)
        let area = rows * columns * 0.01 + sram * 0.02 + channels * 1.5 + megahertz * 0.002
        return [latency, area]
    }

    /// Milliseconds of agent time (propose + observe) per suggested point, averaged over a run of
    /// `observations` evaluations in batches of one; the median of `repetitions` runs (seeds
    /// `seed`, `seed`+1, …), because on a shared machine a single run can catch a descheduling.
    /// Repeats are answered from a cache (as the harness does) and stop a run at 20 × `observations`.
    public static func run(agent name: String, observations: Int, overrides: [String: String] = [:],
                           seed: UInt64 = 1, repetitions: Int = 3) throws -> Double {
        let times = try (0..<max(1, repetitions)).map {
            try once(agent: name, observations: observations, overrides: overrides, seed: seed &+ UInt64($0))
        }
        return times.sorted()[times.count / 2]
    }

    static func once(agent name: String, observations: Int, overrides: [String: String], seed: UInt64) throws -> Double {
        let problem = problem(budget: observations)
        var agent = try AgentRegistry.make(name, problem: problem, overrides: overrides, seed: seed)
        var cache: [Int: Evaluation] = [:]
        var agentTime = Duration.zero
        var suggestions = 0
        let clock = ContinuousClock()
        while cache.count < observations && suggestions < 20 * observations {
            let start = clock.now
            let batch = agent.propose(count: 1)
            agentTime += clock.now - start
            suggestions += batch.count
            let evaluations = batch.map { point -> Evaluation in
                let key = problem.space.rank(of: point)
                if let hit = cache[key] { return hit }
                let objectives = objectives(point)
                let evaluation = Evaluation(point: point, objectives: [objectives[0] * objectives[1]], feasible: true)
                cache[key] = evaluation
                return evaluation
            }
            let observeStart = clock.now
            agent.observe(evaluations)
            agentTime += clock.now - observeStart
        }
        let seconds = Double(agentTime.components.seconds) + Double(agentTime.components.attoseconds) * 1e-18
        return seconds * 1000 / Double(max(1, suggestions))
    }
}
