import Foundation
import Testing

/// Arcade's DRAM as a TLM-2.0 target in a SystemC platform (issue 18): `arcade-tlm replay` replays a
/// shipped trace from a TLM initiator into the wrapped DRAM, and every request's completion cycle
/// must equal Arcade's own run of that trace — the fused loop `arcade simulate` runs, whose total
/// cycles must equal `arcade simulate`'s too. Approximately timed (BEGIN_REQ/END_REQ back-pressure,
/// BEGIN_RESP) on the trace as it is; loosely timed (b_transport) on its serialized form, each
/// request starting when the previous one completed.
@Suite struct TLMPlatformTests {
    static let architectures = ["ddr4-2400", "hbm2"]
    static let traces = ["mixed-2k.ramulator2.trace", "stream-2k.ramulator2.trace", "random-2k.ramulator1.trace",
                         "mixed-2k.dramsim3.trace"]
    static let cases: [(String, String)] = architectures.flatMap { a in traces.map { (a, $0) } }

    /// Runs a binary built beside `arcade` (arcade-tlm, arcade-tlm-platform).
    static func run(_ tool: String, _ arguments: [String]) throws -> CLIRunner.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (CLIRunner.binary as NSString).deletingLastPathComponent + "/" + tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CLIRunner.repositoryRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["SYSTEMC_DISABLE_COPYRIGHT_MESSAGE"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `key=value` pairs of the summary line.
    static func summary(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }

    /// Replays in `mode` and returns (summary, completion cycles in trace order).
    static func replay(_ mode: String, _ architecture: String, _ trace: String,
                       extra: [String] = []) throws -> ([String: String], [Int64]) {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("completions.csv").path
        let outcome = try run("arcade-tlm", ["replay", "--mode", mode, architecture, trace, "--completions", file] + extra)
        #expect(outcome.status == 0, "\(mode) \(architecture) \(trace): \(outcome.stderr)")
        let rows = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst()
        let cycles = rows.map { Int64($0.split(separator: ",")[1])! }
        return (summary(outcome.stdout), cycles)
    }

    static func cliCycles(_ architecture: String, _ trace: String) throws -> Int {
        let run = try CLIRunner.run(["simulate", architecture, trace, "--json", "--no-out"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        return try #require(totals["cycles"] as? Int)
    }

    @Test("AT replay = Arcade's own run, request by request", arguments: cases)
    func approximatelyTimedReplayEqualsArcade(_ item: (String, String)) throws {
        let architecture = "Architectures/dram/\(item.0).yaml", trace = "Workloads/dram/\(item.1)"
        let (alone, reference) = try Self.replay("alone", architecture, trace)
        let (tlm, completions) = try Self.replay("at", architecture, trace)
        #expect(reference.count == 2000 && !reference.contains(-1))
        let firstDifference = zip(completions, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1
        #expect(completions == reference, "\(item): first difference at request \(firstDifference)")
        let cli = try Self.cliCycles(architecture, trace)
        #expect(alone["cycles"] == String(cli) && tlm["cycles"] == String(cli), "\(item): CLI \(cli), \(alone), \(tlm)")
    }

    @Test("LT replay = Arcade's own run of the serialized trace", arguments: cases)
    func looselyTimedReplayEqualsArcade(_ item: (String, String)) throws {
        try looselyTimed(item)
    }

    func looselyTimed(_ item: (String, String)) throws {
        let architecture = "Architectures/dram/\(item.0).yaml", trace = "Workloads/dram/\(item.1)"
        let serialized = try CLIRunner.temporaryDirectory().appendingPathComponent("serialized.trace").path
        let (tlm, completions) = try Self.replay("lt", architecture, trace, extra: ["--serialized-trace", serialized])
        let (_, reference) = try Self.replay("alone", architecture, serialized)
        #expect(completions == reference && reference.count == 2000, "\(item)")
        // Serialized: every request starts after the previous one completed.
        let starts = try String(contentsOfFile: serialized, encoding: .utf8).split(separator: "\n")
            .map { Int64($0.split(separator: " ")[2])! }
        for index in 1..<starts.count { #expect(starts[index] >= completions[index - 1]) }
        #expect(tlm["cycles"] == String(try Self.cliCycles(architecture, serialized)))
    }

    /// The DDR4 stream trace fills the bank queues: END_REQ must come late (back-pressure) for the
    /// equality above to mean anything; the example platform reports how many offers were refused.
    @Test func theExamplePlatformRunsAndBackPressures() throws {
        let run = try Self.run("arcade-tlm-platform", ["Architectures/dram/ddr4-2400.yaml",
                                                       "Workloads/dram/stream-2k.ramulator2.trace"])
        #expect(run.status == 0, "\(run.stderr)")
        let fields = Self.summary(run.stdout)
        #expect(fields["completed"] == "2000" && fields["reads"] == "32", "\(run.stdout)")
        #expect(Int(fields["refused"] ?? "0")! > 0, "no back-pressure: \(run.stdout)")
        // The reader's second pass over the same lines hits in the cache: faster than the first.
        let first = Int(fields["first_pass_mean_latency_ps"] ?? "0")!, second = Int(fields["second_pass_mean_latency_ps"] ?? "0")!
        #expect(second > 0 && second < first, "\(run.stdout)")
        #expect(fields["cycles"] == String(try Self.cliCycles("Architectures/dram/ddr4-2400.yaml",
                                                              "Workloads/dram/stream-2k.ramulator2.trace")))
    }

    /// The example's Makefile against the shared library SwiftPM built beside the tests.
    @Test func theExampleMakefileBuildsAgainstTheSharedLibrary() throws {
        let buildDirectory = (CLIRunner.binary as NSString).deletingLastPathComponent
        let library = buildDirectory + "/libArcadeMemory.so"
        try #require(FileManager.default.fileExists(atPath: library), "\(library) missing: build the ArcadeMemory product")
        let output = try CLIRunner.temporaryDirectory().path
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "-C", CLIRunner.repositoryRoot + "/examples/systemc-platform",
                          "ARCADE_BUILD=\(buildDirectory)", "OUT=\(output)"]
        let errors = Pipe()
        make.standardError = errors
        make.standardOutput = Pipe()
        try make.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        make.waitUntilExit()
        #expect(make.terminationStatus == 0, "\(message)")
        let platform = Process()
        platform.executableURL = URL(fileURLWithPath: output + "/platform")
        platform.arguments = ["Architectures/dram/hbm2.yaml", "Workloads/dram/mixed-2k.ramulator2.trace"]
        platform.currentDirectoryURL = URL(fileURLWithPath: CLIRunner.repositoryRoot)
        let out = Pipe()
        platform.standardOutput = out
        try platform.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        platform.waitUntilExit()
        #expect(platform.terminationStatus == 0 && Self.summary(text)["completed"] == "2000", "\(text)")
    }

    /// The cache hierarchy as a TLM target: an address trace offered at time 0 (AT) into Arcade's
    /// core, each access's completion (Arcade's time, CompletionTime extension) equal to Arcade's own
    /// run, and the total equal to `arcade simulate`'s — a fixed-latency memory and a DDR4 behind.
    @Test("cache via TLM = Arcade's own cache run", arguments: [("tiny-3level", "matmul"), ("zen3-5800x3d", "bfs")])
    func cacheReplayEqualsArcade(_ item: (String, String)) throws {
        let architecture = "Architectures/cache/\(item.0).yaml", trace = "Workloads/traces/\(item.1).lackey.gz"
        let (alone, reference) = try Self.replay("alone", architecture, trace)
        let (tlm, completions) = try Self.replay("at", architecture, trace)
        #expect(reference.count > 200_000 && completions == reference, "\(item)")
        let cli = try Self.cliCycles(architecture, trace)
        #expect(alone["cycles"] == String(cli) && tlm["cycles"] == String(cli), "\(item): CLI \(cli), \(alone), \(tlm)")
        // Some responses come late (the core learns them after Arcade's kernel passed them); a DRAM's never do.
        #expect(Int(tlm["late_responses"] ?? "-1")! > 0)
        let (dram, _) = try Self.replay("at", "Architectures/dram/ddr4-2400.yaml", "Workloads/dram/stream-2k.ramulator2.trace")
        #expect(dram["late_responses"] == "0")
    }

    /// A malformed trace crosses the C ABI as the CLI's own message (file, line, what is allowed)
    /// and exit code 2 — in every mode, and for an architecture the ABI cannot serve.
    @Test func badInputIsTheCLIsErrorAndExitTwo() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let bad = directory.appendingPathComponent("bad.trace").path
        try "LD 0x40\nLD 0x80\nMOVE 0x40\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let architecture = "Architectures/dram/ddr4-2400.yaml"
        let cli = try CLIRunner.run(["simulate", architecture, bad, "--no-out"])
        #expect(cli.status == 2 && cli.stderr.contains("bad.trace:3"), "\(cli.stderr)")
        for mode in ["at", "lt", "alone"] {
            let tlm = try Self.run("arcade-tlm", ["replay", "--mode", mode, architecture, bad])
            #expect(tlm.status == 2 && tlm.stderr == cli.stderr, "\(mode): \(tlm.stderr) vs \(cli.stderr)")
        }
        let platform = try Self.run("arcade-tlm-platform", [architecture, bad])
        #expect(platform.status == 2 && platform.stderr == cli.stderr, "\(platform.stderr)")
        // An address beyond the capacity: the DRAM's own check, through the ABI.
        try "LD 0x40\nLD 0xffffffffffff\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let far = try CLIRunner.run(["simulate", architecture, bad, "--no-out"])
        let farTLM = try Self.run("arcade-tlm", ["replay", "--mode", "at", architecture, bad])
        #expect(far.status == 2 && farTLM.status == 2 && farTLM.stderr == far.stderr && far.stderr.contains("capacity"),
                "\(farTLM.stderr) vs \(far.stderr)")
        let systolic = try Self.run("arcade-tlm", ["replay", "--mode", "at", "Architectures/systolic/scalesim-32x32-os.yaml", bad])
        #expect(systolic.status == 2 && systolic.stderr.contains("expected family: dram or cache"), "\(systolic.stderr)")
        // A malformed address trace into a cache target: the cache family's reader's message.
        let badAccesses = directory.appendingPathComponent("bad.lackey").path
        try " L 1fff000d60,8\n L 1fff000d68,eight\n".write(toFile: badAccesses, atomically: true, encoding: .utf8)
        let cacheCLI = try CLIRunner.run(["simulate", "Architectures/cache/tiny-3level.yaml", badAccesses, "--no-out"])
        let cacheTLM = try Self.run("arcade-tlm", ["replay", "--mode", "at", "Architectures/cache/tiny-3level.yaml", badAccesses])
        #expect(cacheCLI.status == 2 && cacheTLM.status == 2 && cacheTLM.stderr == cacheCLI.stderr
                && cacheCLI.stderr.contains("bad.lackey:2"), "\(cacheTLM.stderr) vs \(cacheCLI.stderr)")
        let missing = try Self.run("arcade-tlm", ["replay", "--mode", "at", architecture, directory.path + "/none.trace"])
        #expect(missing.status == 2 && missing.stderr.hasPrefix("error: ") && missing.stderr.contains("none.trace"))
    }
}
