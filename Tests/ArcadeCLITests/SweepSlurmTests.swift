import ArcadeExplore
import Foundation
import Testing
@testable import arcade

/// A sweep through a real, private single-node Slurm cluster (Tests/slurm/cluster.sh): the merged
/// file must equal the local sweep point for point. Cancelled with a visible message only where
/// Slurm is not installed or cannot start.
@Suite(.serialized) struct SweepSlurmTests {
    let tiny = "Workloads/spaces/systolic-tiny.yaml"

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CLIRunner.repositoryRoot)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    static func waitFor(_ path: String, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(100_000)
        }
        return false
    }

    @Test func slurmArrayPlusMergeEqualsTheLocalSweep() throws {
        let script = CLIRunner.repositoryRoot + "/Tests/slurm/cluster.sh"
        let directory = try CLIRunner.temporaryDirectory()
        let clusterDirectory = directory.appendingPathComponent("cluster").path
        let port = String(20_000 + Int(getpid() % 10_000) * 2)
        let clusterEnvironment = ["ARCADE_SLURM_PORT": port]
        let started = try Self.run("/bin/bash", [script, "start", clusterDirectory], environment: clusterEnvironment)
        defer { _ = try? Self.run("/bin/bash", [script, "stop", clusterDirectory], environment: clusterEnvironment) }
        if started.status != 0 {
            let reason = started.status == 3
                ? "SKIPPED: Slurm is not installed (apt-get install -y --no-install-recommends slurm-wlm munge): \(started.stderr)"
                : "SKIPPED: the private Slurm cluster did not start: \(started.stderr)"
            FileHandle.standardError.write(Data("SweepSlurmTests: \(reason)\n".utf8))
            try Test.cancel(Comment(rawValue: reason))
        }
        let environment = ["SLURM_CONF": clusterDirectory + "/slurm.conf"]

        let out = directory.appendingPathComponent("s.h5").path
        let sweep = ["sweep", tiny, "--random", "60", "--out", out, "--slurm", "--shards", "3", "--jobs", "1"]
        let submitted = try Self.run(CLIRunner.binary, sweep, environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("submitted array job") && submitted.stdout.contains("squeue -j"))
        let logs = directory.appendingPathComponent("s.slurm").path
        func logText() -> String {
            ((try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []).filter { $0.hasSuffix(".log") }.map {
                "\($0): " + ((try? String(contentsOfFile: logs + "/" + $0, encoding: .utf8)) ?? "")
            }.joined(separator: "\n")
        }
        try #require(Self.waitFor(out, seconds: 90), "no merged file; logs:\n\(logText())")

        let local = directory.appendingPathComponent("local.h5").path
        #expect(try CLIRunner.run(["sweep", tiny, "--random", "60", "--out", local]).status == 0)
        let merged = try SweepCommandTests.content(out), reference = try SweepCommandTests.content(local)
        #expect(merged.records.count == 60)
        #expect(merged.records == reference.records)
        #expect(merged.attributes == reference.attributes)

        // Resubmitting runs only the missing shard.
        try FileManager.default.removeItem(atPath: directory.appendingPathComponent("s.shard-2-of-3.h5").path)
        try FileManager.default.removeItem(atPath: out)
        let again = try Self.run(CLIRunner.binary, sweep, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("shards to run: 1 of 3 (2)"))
        try #require(Self.waitFor(out, seconds: 90), "no merged file after resubmitting; logs:\n\(logText())")
        #expect(try SweepCommandTests.content(out).records == reference.records)
    }
}
