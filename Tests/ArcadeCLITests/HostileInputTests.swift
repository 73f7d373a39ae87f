import Foundation
import Testing

/// The issue-11 reproducers under Tests/Fixtures/hostile/inputs/, run exactly as their README
/// lists them: each once crashed or hung Arcade; now each finishes (exit 0) or is refused with
/// exit 2 and `error: file:line: field …` stating what is allowed.
@Suite struct HostileInputTests {
    static let folder = "Tests/Fixtures/hostile/inputs"

    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var arguments: [String]
        var exit: Int32
        var description: String { file }
    }

    /// `file | arcade args | exit` lines of the README.
    static let cases: [Case] = {
        let text = (try? String(contentsOfFile: CLIRunner.repositoryRoot + "/\(folder)/README.md", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, parts[1].hasPrefix("arcade "), let exit = Int32(parts[2]) else { return nil }
            return Case(file: parts[0], arguments: parts[1].split(separator: " ").dropFirst().map(String.init), exit: exit)
        }
    }()

    /// What each refusal must say beyond `file:line:` — the field and the limit it states.
    static let expected: [String: [String]] = [
        "systolic-bandwidth-int64-max.yaml": ["systolic-bandwidth-int64-max.yaml:6: field 'dram_bandwidth_words_per_cycle'",
                                              "1...1048576 (2^20)"],
        "conv-ifmap-height-2e62.csv": ["conv-ifmap-height-2e62.csv:2: field 'IFMAP Height'", "IFMAP Height must be ≤ 2^20"],
        "conv-ifmap-height-2e31.csv": ["conv-ifmap-height-2e31.csv:2: field 'IFMAP Height'", "IFMAP Height must be ≤ 2^20"],
        "gemm-100000-cube.csv": ["gemm-100000-cube.csv:2: layer 'GEMM_100000cube'", "the limit is 2.0e9 steps",
                                 "--allow-huge"],
        "systolic-memory-self.yaml": ["systolic-memory-self.yaml:6: field 'memory'",
                                      "inputs/systolic-memory-self.yaml → Tests/Fixtures/hostile/inputs/systolic-memory-self.yaml"],
        "systolic-memory-cycle-a.yaml": ["systolic-memory-cycle-b.yaml:6: field 'memory'",
                                         "cycle-a.yaml → Tests/Fixtures/hostile/inputs/systolic-memory-cycle-b.yaml → "
                                             + "Tests/Fixtures/hostile/inputs/systolic-memory-cycle-a.yaml"],
        "systolic-memory-cycle-b.yaml": ["systolic-memory-cycle-a.yaml:6: field 'memory'", "makes a cycle"],
        "dram-cycle-int64-max.dramsim3.trace": ["dram-cycle-int64-max.dramsim3.trace:2: field 'cycle'",
                                                "cycles must be ≤ 2^50"],
        "dram-refresh-off.yaml": ["dram-cycle-int64-max.dramsim3.trace:2: field 'cycle'", "cycles must be ≤ 2^50"],
        "dram-cycle-idle-2e50.dramsim3.trace": ["dram-cycle-idle-2e50.dramsim3.trace:2: field 'cycle'",
                                                "far beyond the trace's 2 requests", "--allow-huge"],
        "dram-banks-2e32.yaml": ["dram-banks-2e32.yaml:6: field 'organization.banks_per_group'", "at most 2^20"],
        "dram-channels-2e20.yaml": ["dram-channels-2e20.yaml:5: field 'organization.channels'", "channels must be ≤ 2^10"],
        // Found by the systolic-simulate fuzz target: 3 GB of read-model tables, run without asking.
        "gemm-walk-3gb.csv": ["gemm-walk-3gb.csv:2: layer '.'", "GB for the SRAM read model", "--allow-huge"],
    ]

    @Test(arguments: cases)
    func reproducerFinishesOrIsRefusedWithFileLineAndLimit(_ item: Case) throws {
        let outcome = try CLIRunner.run(item.arguments)
        #expect(outcome.status == item.exit, "\(item.file): \(outcome.stderr)")
        if item.exit == 2 {
            #expect(outcome.stderr.range(of: #"^error: [^ ]+:\d+: "#, options: .regularExpression) != nil, "\(outcome.stderr)")
            let fragments = try #require(Self.expected[item.file], "no expected message for \(item.file)")
            for fragment in fragments { #expect(outcome.stderr.contains(fragment), "\(item.file): \(outcome.stderr)") }
        }
    }

    @Test func everyReproducerIsListedInTheReadme() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLIRunner.repositoryRoot + "/" + Self.folder)
            .filter { $0 != "README.md" }
        let mentioned = Set(Self.cases.flatMap { [$0.file] + $0.arguments.map { URL(fileURLWithPath: $0).lastPathComponent } })
        #expect(files.count >= 14)
        for file in files { #expect(mentioned.contains(file), "\(file) is not run by any README line") }
    }

    @Test func refusedRunWritesNoResultFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("r.h5").path
        let outcome = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.yaml",
                                         "\(Self.folder)/gemm-100000-cube.csv", "--out", out])
        #expect(outcome.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func allowHugeLiftsTheIdleTimeBoundOfATrace() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let trace = directory.appendingPathComponent("idle.dramsim3.trace").path
        // 2^32 + 64 cycles for 2 requests: beyond the 2^32 allowed without --allow-huge, about 4 · 10^5 refreshes.
        try "0x0 READ 0\n0x40 READ 4294967360\n".write(toFile: trace, atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["simulate", "Architectures/dram/ddr4-2400.yaml", trace, "--no-out"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("idle.dramsim3.trace:2: field 'cycle'"))
        let run = try CLIRunner.run(["simulate", "Architectures/dram/ddr4-2400.yaml", trace, "--no-out", "--allow-huge", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"requests\": 2"))
    }

    @Test(arguments: [("288230376151711744", "at most 2^31 − 1 (2147483647)"),
                      ("100000001", "at most 10^8 (100000000) are allowed without --allow-huge")])
    func traceRequestCountIsBoundedBeforeAllocating(_ requests: String, _ message: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("t.trace").path
        let outcome = try CLIRunner.run(["trace", "--pattern", "stream", "--requests", requests, "--format", "ramulator2",
                                         "--out", out])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("field '--requests'"))
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
