import Testing
import ArcadeCore
import ArcadeWorkloads
@testable import ArcadeHardware

/// End-to-end behaviour of the controller on tiny traces whose cycles are computed by hand.
struct DRAMControllerTests {
    typealias S = DRAMTestSupport
    static let t = DRAMStandard.ddr4_2400.timing

    func run(_ config: DRAMSystemConfig, _ requests: [MemoryRequest]) throws -> DRAMRunResult {
        try DRAMSimulation(config: config).run(requests)
    }

    func total(_ result: DRAMRunResult, _ key: (DRAMChannelStats) -> Int) -> Int { result.channels.reduce(0) { $0 + key($1) } }
    func commands(_ result: DRAMRunResult, _ command: DRAMCommand) -> Int { total(result) { $0.commandCounts[command.rawValue] } }

    @Test("one read to a closed bank: nRCD + nCL + nBL")
    func singleRead() throws {
        let config = try S.config(controller: { $0.refresh = .off })
        let result = try run(config, S.reads([S.address(config, row: 3)]))
        #expect(result.cycles == Int64(Self.t.nRCD + Self.t.nCL + Self.t.nBL))
        #expect(total(result, \.rowMisses) == 1)
        #expect(commands(result, .activate) == 1 && commands(result, .read) == 1)
    }

    @Test("one write to a closed bank: nRCD + nCWL + nBL")
    func singleWrite() throws {
        let config = try S.config(controller: { $0.refresh = .off })
        let result = try run(config, [MemoryRequest(address: S.address(config, row: 3), kind: .write)])
        #expect(result.cycles == Int64(Self.t.nRCDWR + Self.t.nCWL + Self.t.nBL))
    }

    @Test("a row hit follows at nCCD_L; a conflict waits for nRAS, then nRP, then nRCD")
    func hitAndConflict() throws {
        let config = try S.config(controller: { $0.refresh = .off })
        let t = Self.t
        let hit = try run(config, S.reads([S.address(config, row: 3), S.address(config, row: 3, column: 1)]))
        #expect(hit.cycles == Int64(t.nRCD + t.nCCD_L + t.nCL + t.nBL))
        #expect(total(hit, \.rowHits) == 1 && total(hit, \.rowMisses) == 1)

        let conflict = try run(config, S.reads([S.address(config, row: 3), S.address(config, row: 4)]))
        let precharge = max(t.nRAS, t.nRCD + t.nRTP)
        let secondRead = max(precharge + t.nRP, t.nRC) + t.nRCD
        #expect(conflict.cycles == Int64(secondRead + t.nCL + t.nBL))
        #expect(total(conflict, \.rowConflicts) == 1)
        #expect(commands(conflict, .precharge) == 1)
    }

    @Test("FCFS: when the head moves to the activated buffer, the next head is judged at once")
    func fcfsNextHeadWithoutArrivals() throws {
        // Three reads to closed banks in three bank groups: ACTs at 0, nRRD_S, 2·nRRD_S, reads
        // nRCD after each (and nCCD_S apart). The third ACT comes after the last arrival, so no
        // arrival wakes the controller for it: before the fix FCFS waited for the first read.
        let t = Self.t
        let expected = Int64(max(2 * t.nRRD_S + t.nRCD, t.nRCD + 2 * t.nCCD_S) + t.nCL + t.nBL)
        for scheduler in [DRAMControllerConfig.Scheduler.fcfs, .frfcfs] {
            let config = try S.config(controller: { $0.refresh = .off; $0.scheduler = scheduler })
            let requests = S.reads((0..<3).map { S.address(config, bankGroup: $0, row: 1) })
            #expect(try run(config, requests).cycles == expected, "\(scheduler)")
        }
    }

    @Test("FR-FCFS serves a younger row hit before an older conflict; FCFS does not")
    func frfcfsPrefersHits() throws {
        func requests(_ config: DRAMSystemConfig) -> [MemoryRequest] {
            S.reads([S.address(config, row: 1), S.address(config, row: 2), S.address(config, row: 1, column: 5)])
        }
        let frfcfs = try S.config(controller: { $0.refresh = .off })
        let first = try run(frfcfs, requests(frfcfs))
        #expect(total(first, \.rowHits) == 1)
        #expect(total(first, \.rowConflicts) == 1)

        let fcfs = try S.config(controller: { $0.refresh = .off; $0.scheduler = .fcfs })
        let second = try run(fcfs, requests(fcfs))
        #expect(total(second, \.rowHits) == 0)
        #expect(total(second, \.rowConflicts) == 2)
        #expect(second.cycles > first.cycles)
    }

    @Test("closed page precharges after every access (RDA), so a second access to the row activates again")
    func closedPage() throws {
        let config = try S.config(controller: { $0.refresh = .off; $0.rowPolicy = .closed })
        let result = try run(config, S.reads([S.address(config, row: 3), S.address(config, row: 3, column: 1)]))
        #expect(commands(result, .readAutoPrecharge) == 2)
        #expect(commands(result, .activate) == 2)
        #expect(commands(result, .read) == 0 && commands(result, .precharge) == 0)
        #expect(total(result, \.rowHits) == 0)
        let t = Self.t
        // Second ACT: after RDA → ACT (nRTP + nRP) and ACT → ACT (nRC).
        let secondActivate = max(t.nRCD + t.nRTP + t.nRP, t.nRC)
        #expect(result.cycles == Int64(secondActivate + t.nRCD + t.nCL + t.nBL))
    }

    @Test("write drain starts above the high watermark and stops below the low one")
    func writeWatermarks() throws {
        let config = try S.config()
        var channel = DRAMChannelController(organization: config.organization, timing: config.timing,
                                            config: config.controller, constraints: config.constraints)
        var accepted = channel.accept(bank: 0, row: 0, sequence: 0, isWrite: false, at: 0)
        for index in 1...25 { accepted = accepted && channel.accept(bank: 1, row: 0, sequence: Int32(index), isWrite: true, at: 0) }
        #expect(accepted)
        #expect(channel.desiredWriteMode() == false)   // 25 writes: not above 0.8 · 32 = 25.6
        accepted = channel.accept(bank: 1, row: 0, sequence: 26, isWrite: true, at: 0)
        #expect(accepted)
        #expect(channel.desiredWriteMode() == true)    // 26 > 25.6
        channel.writeMode = true
        func removeWrite() { channel.writeQueue.remove(slot: channel.writeQueue.allSlots[0], openRow: -1) }
        while channel.writeQueue.count > 7 { removeWrite() }
        #expect(channel.desiredWriteMode() == true)    // 7 is not below 0.2 · 32 = 6.4
        removeWrite()
        #expect(channel.desiredWriteMode() == false)   // 6 < 6.4 and a read waits
    }

    @Test("refreshes over a long run = floor(cycles / nREFI) ± 1")
    func refreshCount() throws {
        let config = try S.config()
        let trace = try S.trace(.random, requests: 20_000)
        let result = try DRAMSimulation(config: config).run(trace.requests)
        let expected = Int(result.cycles) / config.timing.nREFI
        let refreshes = total(result, \.refreshes)
        #expect(abs(refreshes - expected) <= 1, "\(refreshes) refreshes in \(result.cycles) cycles")
        #expect(commands(result, .prechargeAll) <= refreshes)
    }

    @Test("per-bank refresh on a standard that has it refreshes every bank in turn")
    func perBankRefresh() throws {
        let config = try S.config(.lpddr5_6400, controller: { $0.refresh = .perBank })
        let trace = try S.trace(.random, requests: 4_000)
        let result = try DRAMSimulation(config: config).run(trace.requests.map {
            MemoryRequest(address: $0.address % UInt64(config.organization.capacityBytes!), kind: $0.kind)
        })
        let expected = Int(result.cycles) / config.timing.nREFIpb
        #expect(abs(commands(result, .refreshPerBank) - expected) <= 1)
        #expect(commands(result, .refreshAllBank) == 0)
    }

    @Test("random DDR4-2400 traffic is nFAW-bound: about nFAW/4 · (1 + nRFC/nREFI) cycles per request")
    func randomIsFAWBound() throws {
        let config = try S.config(timing: { $0.nRFC = 433; $0.nREFI = 9_364 })
        let trace = try S.trace(.random, requests: 20_000)
        let result = try DRAMSimulation(config: config).run(trace.requests)
        let t = config.timing
        let bound = Double(t.nFAW) / 4 * (1 + Double(t.nRFC) / Double(t.nREFI)) * 20_000
        #expect(abs(Double(result.cycles) / bound - 1) < 0.04, "\(result.cycles) cycles vs \(bound)")
    }

    @Test("HBM2 streaming with 8 requests offered per cycle reaches ≥ 90% of peak bandwidth")
    func hbm2StreamBandwidth() throws {
        let config = try S.config(.hbm2_2Gbps, controller: { $0.requestsPerCycle = 8 })
        let model = DRAMModel(config: config)
        let report = try model.simulate(try S.trace(.stream, requests: 40_000))
        let bandwidth = report.total("bandwidth_gb_per_s")!.doubleValue!
        let peak = report.total("peak_bandwidth_gb_per_s")!.doubleValue!
        #expect(abs(peak - 256) < 1e-6)
        #expect(bandwidth >= 0.9 * peak, "\(bandwidth) GB/s of \(peak)")
    }

    @Test("the same trace gives an identical report")
    func determinism() throws {
        let model = DRAMModel(config: try S.config())
        let trace = try S.trace(.mixed, requests: 5_000, seed: 9)
        let first = try model.simulate(trace)
        let second = try model.simulate(trace)
        #expect(first == second)
        #expect(first.total("reads") == .int(Int64(trace.requests.filter { $0.kind == .read }.count)))
        #expect(first.total("requests") == .int(5_000))
    }

    @Test("the report carries the required totals and a sane energy estimate")
    func reportTotals() throws {
        let model = DRAMModel(config: try S.config())
        let report = try model.simulate(try S.trace(.stream, requests: 2_000))
        for key in ["cycles", "requests", "reads", "writes", "bandwidth_gb_per_s", "avg_read_latency_cycles",
                    "p50_read_latency_cycles", "p95_read_latency_cycles", "p99_read_latency_cycles", "row_hits",
                    "row_misses", "row_conflicts", "refreshes", "cmd_act", "cmd_pre", "cmd_rd", "cmd_wr", "cmd_ref",
                    "energy_nj"] {
            #expect(report.total(key) != nil, "missing \(key)")
        }
        let p50 = report.total("p50_read_latency_cycles")!.doubleValue!
        let p99 = report.total("p99_read_latency_cycles")!.doubleValue!
        #expect(p50 <= p99)
        #expect(report.total("energy_nj")!.doubleValue! > 0)
        #expect(report.tables.first?.name == "channels")
    }
}
