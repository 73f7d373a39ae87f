import Testing
import ArcadeWorkloads
@testable import ArcadeHardware

/// The bank-grouped queue scan (`scanQueue`, `scanQueueFCFS`) must pick the same request and command
/// and compute the same wake-up information as the request-by-request reference scan
/// (`referenceScan`, the controller's scan before bank grouping) at every step — the invariant that
/// keeps the fast scheduler's results bit-identical.
struct DRAMSchedulerDifferentialTests {
    typealias S = DRAMTestSupport

    /// Settings that exercise every path: FR-FCFS and FCFS, open and closed page, all-bank and
    /// per-bank refresh, several ranks (sibling-rank constraints), pseudo-channels, small queues
    /// (a full activated buffer), several requests per cycle, write drain.
    static func configs() throws -> [(String, DRAMSystemConfig)] {
        var twoRanks = DRAMStandard.ddr4_3200
        twoRanks.organization.ranks = 2
        return [
            ("ddr4 frfcfs", try S.config(timing: { $0.nREFI = 1_500 })),
            ("ddr4 fcfs", try S.config(timing: { $0.nREFI = 1_500 }, controller: { $0.scheduler = .fcfs })),
            ("ddr4 closed", try S.config(controller: { $0.rowPolicy = .closed })),
            ("ddr4 small queues", try S.config(controller: {
                $0.readQueueSize = 4; $0.writeQueueSize = 6; $0.requestsPerCycle = 3
            })),
            ("lpddr5 per-bank refresh", try S.config(.lpddr5_6400, controller: { $0.refresh = .perBank })),
            ("hbm3 per-bank refresh", try S.config(.hbm3_6400, controller: { $0.refresh = .perBank; $0.requestsPerCycle = 4 })),
            ("ddr5", try S.config(.ddr5_4800, controller: { $0.requestsPerCycle = 2 })),
            ("ddr4 two ranks", try DRAMSystemConfig(standard: twoRanks, timing: twoRanks.timing,
                                                    controller: DRAMControllerConfig())),
        ]
    }

    func run(_ config: DRAMSystemConfig, _ trace: MemoryTrace, verify: Bool) throws -> DRAMRunResult {
        var simulation = DRAMSimulation(config: config)
        simulation.verifyScans = verify
        let capacity = UInt64(config.organization.capacityBytes!)
        return try simulation.run(trace.requests.map { MemoryRequest(address: $0.address % capacity, kind: $0.kind) })
    }

    @Test("bank-grouped scan = reference scan at every step, on random small traces")
    func groupedScanMatchesReference() throws {
        for (name, config) in try Self.configs() {
            for pattern in [MemoryTraceGenerator.Pattern.random, .mixed, .stream] {
                for seed: UInt64 in [1, 7] {
                    let trace = try MemoryTraceGenerator.generate(pattern: pattern, requests: 1_500, seed: seed,
                                                                   spanBytes: 1 << 22)
                    let checked = try run(config, trace, verify: true)
                    let mismatches = checked.channels.reduce(0) { $0 + $1.scanMismatches }
                    #expect(mismatches == 0, "\(name) \(pattern) seed \(seed): \(mismatches) steps differ")
                    let plain = try run(config, trace, verify: false)
                    #expect(plain.cycles == checked.cycles, "\(name) \(pattern) seed \(seed)")
                }
            }
        }
    }

    /// The controller sleeps until a lower bound on the next cycle anything can be legal (after an
    /// arrival, after each command, class by class). A bound that is ever too late changes when a
    /// command issues; stepping at every cycle has no bounds to get wrong, so both must agree on
    /// every counter of every channel.
    @Test("wake-up bounds = stepping at every cycle, every counter, on random small traces")
    func wakeUpBoundsMatchSteppingEveryCycle() throws {
        for (name, config) in try Self.configs() {
            for pattern in [MemoryTraceGenerator.Pattern.random, .mixed, .stream] {
                for seed: UInt64 in [1, 7] {
                    let trace = try MemoryTraceGenerator.generate(pattern: pattern, requests: 1_500, seed: seed,
                                                                   spanBytes: 1 << 22)
                    let capacity = UInt64(config.organization.capacityBytes!)
                    let requests = trace.requests.map { MemoryRequest(address: $0.address % capacity, kind: $0.kind) }
                    var everyCycle = DRAMSimulation(config: config)
                    everyCycle.stepEveryCycle = true
                    let reference = try everyCycle.run(requests)
                    let bounded = try DRAMSimulation(config: config).run(requests)
                    #expect(bounded.cycles == reference.cycles, "\(name) \(pattern) seed \(seed)")
                    // (Compared first, so that a failure names the run instead of dumping two histograms.)
                    let sameCounters = bounded.channels == reference.channels
                    #expect(sameCounters, "\(name) \(pattern) seed \(seed): counters differ")
                }
            }
        }
    }
}
