import Foundation
import Testing

/// `arcade simulate <dram architecture> <trace> --reference systemc`: Arcade's event-driven DRAM
/// controller against the SystemC reference (Sources/arcade-systemc-dram: one clocked SC_THREAD per
/// channel stepping every cycle, Ramulator 2's DDR4 timing table), in its own process (issue 18).
/// "Agree" is `reference_agrees`: the same cycles, last accept cycle, reads, writes, row hits / misses
/// / conflicts and command counts, and the same completion cycle for every single request.
@Suite struct SystemCDRAMReferenceTests {
    static let shippedTraces = ["stream-2k.ramulator2", "random-2k.ramulator1", "mixed-2k.ramulator2", "mixed-2k.dramsim3"]

    /// A controller or organisation unlike the preset's: text replaced in, or appended to, ddr4-2400.yaml.
    struct Variant: Sendable, CustomStringConvertible {
        var name: String
        var base = "ddr4-2400"
        var edits: [(String, String)] = []
        var appended = ""
        var description: String { name }
    }

    static let variants: [Variant] = [
        Variant(name: "ddr4-3200", base: "ddr4-3200"),
        Variant(name: "ddr4-2400-peers (Ramulator 2's nRFC and nREFI)", base: "ddr4-2400-peers"),
        Variant(name: "closed page", edits: [("row_policy: open", "row_policy: closed")]),
        Variant(name: "fcfs", edits: [("scheduler: frfcfs", "scheduler: fcfs")]),
        Variant(name: "queues of 4 and 6 (back-pressure)", edits: [("read_queue: 32", "read_queue: 4"), ("write_queue: 32", "write_queue: 6")]),
        Variant(name: "no refresh", edits: [("refresh: all-bank", "refresh: off")]),
        Variant(name: "refresh every 500 cycles", appended: "timing:\n  nREFI: 500\n  nRFC: 120\n"),
        Variant(name: "write watermarks 0.5 / 0", edits: [("write_high_watermark: 0.8", "write_high_watermark: 0.5"),
                                                         ("write_low_watermark: 0.2", "write_low_watermark: 0")]),
        Variant(name: "3 requests per cycle", edits: [("requests_per_cycle: 1", "requests_per_cycle: 3")]),
        Variant(name: "2 channels of 2 ranks (rank switching)", appended: "organization:\n  channels: 2\n  ranks: 2\n"),
        Variant(name: "4 ranks, RoCoBaRaCh", edits: [("address_mapping: RoBaRaCoCh", "address_mapping: RoCoBaRaCh")],
                appended: "organization:\n  ranks: 4\n"),
    ]

    /// Runs with `--reference systemc --json` and returns the totals (the run must succeed).
    static func totals(_ architecture: String, _ trace: String, environment: [String: String] = [:]) throws -> [String: Any] {
        let run = try CLIRunner.run(["simulate", architecture, trace, "--reference", "systemc", "--json", "--no-out"],
                                    environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try #require(object["totals"] as? [String: Any])
    }

    static func expectAgreement(_ totals: [String: Any], _ what: String) {
        #expect(totals["reference_cycles"] as? Int == totals["cycles"] as? Int,
                "\(what): SystemC \(totals["reference_cycles"] ?? "-"), Arcade \(totals["cycles"] ?? "-")")
        let differences = "\(what): \(totals["reference_counter_mismatches"] ?? "-") totals and "
            + "\(totals["reference_request_mismatches"] ?? "-") requests differ, the first request \(totals["reference_first_mismatch_request"] ?? "-")"
        #expect(totals["reference_agrees"] as? Int == 1, "\(differences)")
        #expect(totals["reference_request_mismatches"] as? Int == 0 && totals["reference_first_mismatch_request"] as? Int == 0)
        #expect((totals["reference_seconds"] as? Double ?? -1) > 0 && (totals["chip_seconds"] as? Double ?? -1) > 0)
    }

    /// A trace in DRAMsim3 syntax whose requests arrive at their own cycles: bursts, short and long
    /// gaps, reads and writes, streaming and random rows (SplitMix64, so the same on every run).
    static func timedTrace(requests: Int) throws -> String {
        var state: UInt64 = 0x5eed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let gaps: [UInt64] = [0, 0, 0, 1, 2, 5, 30, 200]
        var cycle: UInt64 = 0, lines: [String] = []
        for index in 0..<requests {
            cycle += gaps[Int(next() % UInt64(gaps.count))]
            let address = next() % 10 < 6 ? (next() % (1 << 30)) & ~63 : UInt64(index) * 64
            lines.append("0x\(String(address, radix: 16)) \(next() % 100 < 35 ? "WRITE" : "READ") \(cycle)")
        }
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("timed.dramsim3.trace").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: shippedTraces)
    func everyShippedTraceAgreesOnDDR4_2400(_ trace: String) throws {
        Self.expectAgreement(try Self.totals("Architectures/dram/ddr4-2400.yaml", "Workloads/dram/\(trace).trace"), trace)
    }

    /// 100k requests: about 2 s each in a debug build (both models); the bench script runs 1M.
    @Test(arguments: ["stream", "random", "mixed"])
    func seeded100kTracesAgree(_ pattern: String) throws {
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("\(pattern)-100k.trace").path
        let made = try CLIRunner.run(["trace", "--pattern", pattern, "--requests", "100000", "--seed", "18", "--format", "ramulator2",
                                      "--out", path])
        #expect(made.status == 0, "\(made.stderr)")
        let totals = try Self.totals("Architectures/dram/ddr4-2400.yaml", path)
        #expect(totals["requests"] as? Int == 100_000)
        Self.expectAgreement(totals, "\(pattern) 100k")
    }

    @Test(arguments: variants)
    func controllerAndOrganisationVariantsAgree(_ variant: Variant) throws {
        var text = try String(contentsOfFile: CLIRunner.repositoryRoot + "/Architectures/dram/\(variant.base).yaml", encoding: .utf8)
        for (from, to) in variant.edits {
            #expect(text.contains(from), "\(from) not in \(variant.base).yaml")
            text = text.replacingOccurrences(of: from, with: to)
        }
        text += variant.appended
        // Outside Architectures/, where the family conformance suite would pick it up.
        let architecture = try CLIRunner.temporaryDirectory().appendingPathComponent("variant.yaml").path
        try text.write(toFile: architecture, atomically: true, encoding: .utf8)
        Self.expectAgreement(try Self.totals(architecture, "Workloads/dram/mixed-2k.ramulator2.trace"), "\(variant) mixed-2k")
        Self.expectAgreement(try Self.totals(architecture, try Self.timedTrace(requests: 5_000)), "\(variant) timed 5k")
    }

    /// A reference fed one timing a cycle longer (nRRD_L 6 → 7, through a wrapper on its stdin) must
    /// disagree, request by request: the comparison is not vacuous.
    @Test func aReferenceWithAlteredTimingDisagrees() throws {
        let folder = try CLIRunner.temporaryDirectory()
        let wrapper = folder.appendingPathComponent("altered-reference").path
        let real = (CLIRunner.binary as NSString).deletingLastPathComponent + "/arcade-systemc-dram"
        try "#!/bin/sh\nsed 's/ nRRD_L 6 / nRRD_L 7 /' | exec '\(real)'\n".write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        let totals = try Self.totals("Architectures/dram/ddr4-2400.yaml", "Workloads/dram/mixed-2k.ramulator2.trace",
                                     environment: ["ARCADE_SYSTEMC_DRAM": wrapper])
        #expect(totals["reference_agrees"] as? Int == 0)
        #expect((totals["reference_request_mismatches"] as? Int ?? 0) > 0 && (totals["reference_first_mismatch_request"] as? Int ?? 0) > 0)
        #expect((totals["reference_cycles"] as? Int ?? 0) > (totals["cycles"] as? Int ?? 0), "a longer timing cannot finish sooner")
    }

    @Test func aBadInputIsExitTwoWithTheLine() throws {
        func run(_ text: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: (CLIRunner.binary as NSString).deletingLastPathComponent + "/arcade-systemc-dram")
            let input = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, message)
        }
        let header = "arcade-systemc-dram 1\nstandard DDR4-2400\n"
        let missing = try run(header + "organization channels 1 ranks 1 bank_groups 4 banks_per_group 4 rows 65536\n")
        #expect(missing.0 == 2 && missing.1.contains("input line 3") && missing.1.contains("missing 'columns'"), "\(missing.1)")
        let standard = try run("arcade-systemc-dram 1\nstandard DDR5-4800\n")
        #expect(standard.0 == 2 && standard.1.contains("input line 2") && standard.1.contains("only DDR4"), "\(standard.1)")
        let early = try run(header + "requests 1\n")
        #expect(early.0 == 2 && early.1.contains("input line 3") && early.1.contains("must follow"), "\(early.1)")
    }

    @Test func systemsTheReferenceDoesNotModelAreRefused() throws {
        let ddr5 = try CLIRunner.run(["simulate", "Architectures/dram/ddr5-4800.yaml", "Workloads/dram/mixed-2k.ramulator2.trace",
                                      "--reference", "systemc", "--no-out"])
        #expect(ddr5.status == 2 && ddr5.stderr.contains("models DDR4 only") && ddr5.stderr.contains("DDR5-4800"), "\(ddr5.stderr)")
        var text = try String(contentsOfFile: CLIRunner.repositoryRoot + "/Architectures/dram/ddr4-2400.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "refresh: all-bank", with: "refresh: per-bank") + "timing:\n  nRFCpb: 100\n  nREFIpb: 1000\n"
        let perBank = try CLIRunner.temporaryDirectory().appendingPathComponent("per-bank.yaml").path
        try text.write(toFile: perBank, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["simulate", perBank, "Workloads/dram/mixed-2k.ramulator2.trace", "--reference", "systemc", "--no-out"])
        #expect(refused.status == 2 && refused.stderr.contains("all-bank refresh or none"), "\(refused.stderr)")
        let missing = try CLIRunner.run(["simulate", "Architectures/dram/ddr4-2400.yaml", "Workloads/dram/mixed-2k.ramulator2.trace",
                                         "--reference", "systemc", "--no-out"], environment: ["ARCADE_SYSTEMC_DRAM": "/nonexistent/reference"])
        #expect(missing.status == 2 && missing.stderr.contains("no SystemC reference at /nonexistent/reference"), "\(missing.stderr)")
    }
}
