import Foundation
import Testing

@Suite struct DRAMCommandTests {
    @Test func traceThenSimulateReportsTheDocumentedTotals() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let trace = directory.appendingPathComponent("stream.trace").path
        let made = try CLIRunner.run(["trace", "--pattern", "stream", "--requests", "2000", "--format", "ramulator2",
                                      "--out", trace])
        #expect(made.status == 0, "\(made.stderr)")
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2000 && lines[0] == "LD 0x0" && lines[1] == "LD 0x40")

        let result = try CLIRunner.run(["simulate", "Architectures/dram/ddr4-2400-peers.yaml", trace, "--json", "--no-out"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        for key in ["cycles", "requests", "reads", "writes", "bandwidth_gb_per_s", "avg_read_latency_cycles", "row_hits",
                    "row_misses", "row_conflicts", "refreshes"] {
            #expect(totals[key] != nil, "missing \(key)")
        }
        #expect(totals["requests"] as? Int == 2000 && totals["reads"] as? Int == 2000)
        // A stream of 64-B lines hits the open row 127 times in 128 (1 KiB row × 8 devices = 8 KiB).
        let hits = try #require(totals["row_hits"] as? Int)
        #expect(hits > 1900)
    }

    @Test func shippedTracesInEveryFormatSimulate() throws {
        for trace in ["stream-2k.ramulator2.trace", "random-2k.ramulator1.trace", "mixed-2k.dramsim3.trace"] {
            let result = try CLIRunner.run(["simulate", "Architectures/dram/ddr4-3200-peers.yaml", "Workloads/dram/\(trace)",
                                            "--json", "--no-out"])
            #expect(result.status == 0, "\(trace): \(result.stderr)")
        }
    }

    @Test func systolicArrayOverDRAMStallsOnMemoryBoundLayers() throws {
        let result = try CLIRunner.run(["simulate", "Architectures/systolic/tpu-like-128x128-ws-hbm2.yaml",
                                        "Workloads/gemm/gemm_set.csv", "--json", "--no-out"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let layers = try #require(object["layers"] as? [[String: Any]])
        let totals = try #require(object["totals"] as? [String: Any])
        #expect((totals["dram_cycles"] as? Int ?? 0) > 0 && (totals["dram_requests"] as? Int ?? 0) > 0)
        #expect((totals["dram_energy_uj"] as? Double ?? 0) > 0)
        // The GEMV streams 16 MiB of weights for 4096·4096 MACs: memory-bound on any memory.
        let gemv = try #require(layers.first { $0["name"] as? String == "GEMV_decode_4096" })
        #expect((gemv["stall_cycles"] as? Int ?? 0) > 0)
        let compat = try CLIRunner.run(["simulate", "Architectures/systolic/tpu-like-128x128-ws-hbm2.yaml",
                                        "Workloads/gemm/gemm_set.csv", "--compat", "scalesim", "--no-out"])
        #expect(compat.status == 2 && compat.stderr.contains("memory"))
    }

    @Test(arguments: [
        (["trace", "--pattern", "zigzag", "--requests", "5", "--format", "ramulator2", "--out", "/tmp/x.trace"], "zigzag"),
        (["trace", "--pattern", "stream", "--requests", "0", "--format", "ramulator2", "--out", "/tmp/x.trace"], "requests"),
        (["trace", "--pattern", "stream", "--requests", "5", "--format", "gem5", "--out", "/tmp/x.trace"], "gem5"),
    ])
    func badTraceArgumentsExitTwo(arguments: [String], fragment: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }
}

@Suite struct DeadlockCommandTests {
    /// A deadlocking chip ends the run with the report and exit code 3, never a hang.
    @Test func deadlockedRingExitsThreeWithTheReport() throws {
        let result = try CLIRunner.run(["bench", "channels", "--ring", "--components", "3", "--depth", "2", "--json"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("deadlock"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let deadlock = try #require(object["deadlock"] as? [String: Any])
        let blocked = try #require(deadlock["blockedComponents"] as? [[String: Any]])
        #expect(blocked.compactMap { $0["name"] as? String } == ["stage0", "stage1", "stage2"])
        let full = try #require(deadlock["fullChannels"] as? [[String: Any]])
        #expect(full.compactMap { $0["name"] as? String } == ["q0", "q1", "q2"])
    }
}
