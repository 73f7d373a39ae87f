import ArcadeCore
import ArcadeExplore
import Foundation
import Testing
@testable import arcade

/// Sweeps under kills, corrupted files, concurrent writers, bad outputs and hostile Slurm options
/// (issue 11). Every failure must be exit 2 with the file named, never a signal, and leave no file.
@Suite struct SweepFaultTests {
    let tiny = CLIRunner.repositoryRoot + "/Workloads/spaces/systolic-tiny.yaml"
    let bench = CLIRunner.repositoryRoot + "/Workloads/spaces/sweep-bench.yaml"

    /// Starts the CLI (not waiting), output discarded except stderr.
    static func start(_ arguments: [String], in directory: String = CLIRunner.repositoryRoot) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        return (process, err)
    }

    /// Polls (every 0.2 ms) until `condition` holds or the process exits; false when it exited first.
    static func wait(for process: Process, seconds: Double = 60, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            usleep(200)
        }
        return false
    }

    static func killNine(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func rows(_ partial: String) -> Int { (try? SweepJournal.read(path: partial).table.rowCount) ?? 0 }

    /// kill -9 three times — at once, the moment the partial file appears, and mid-way — resuming
    /// each time: the final file has every point exactly once and equals an uninterrupted run.
    @Test func killedThreeTimesThenResumedEqualsAnUninterruptedRun() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        let out = directory + "/k.h5", partial = SweepFiles.partialPath(for: out)
        let arguments = ["sweep", bench, "--jobs", "1", "--batch", "8", "--out", out]
        var moments: [String] = []
        // 1: immediately after the process starts.
        var (process, _) = try Self.start(arguments)
        Self.killNine(process)
        moments.append("at once: \(FileManager.default.fileExists(atPath: partial) ? Self.rows(partial) : -1) rows")
        // 2: the moment the partial file exists (it must already be a whole, resumable journal).
        (process, _) = try Self.start(arguments)
        let appeared = Self.wait(for: process) { FileManager.default.fileExists(atPath: partial) }
        Self.killNine(process)
        #expect(appeared, "the partial file never appeared")
        #expect(process.terminationReason == .uncaughtSignal, "the sweep finished before the kill")
        #expect(throws: Never.self) { try SweepJournal.read(path: partial) }
        moments.append("on appearance: \(Self.rows(partial)) rows")
        // 3: mid-way, with some hundreds of points in.
        let before = Self.rows(partial)
        (process, _) = try Self.start(arguments)
        let midway = Self.wait(for: process) { Self.rows(partial) >= before + 400 }
        Self.killNine(process)
        #expect(midway && process.terminationReason == .uncaughtSignal, "the sweep finished before the kill")
        #expect(!FileManager.default.fileExists(atPath: out))
        let flushed = try SweepJournal.read(path: partial)
        #expect(flushed.table.rowCount >= before + 400 && flushed.table.rowCount < 1440)
        moments.append("mid-way: \(flushed.table.rowCount) rows")

        let resumed = try CLIRunner.run(arguments + ["--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        #expect(summary["resumed"] as? Int == flushed.table.rowCount, "\(moments)")
        #expect(summary["points"] as? Int == 1440)
        #expect(Self.entries(directory) == ["k.h5"], "partial, lock or temporary files left: \(Self.entries(directory))")

        let reference = directory + "/full.h5"
        #expect(try CLIRunner.run(["sweep", bench, "--jobs", "2", "--out", reference]).status == 0)
        let a = try SweepCommandTests.content(out), b = try SweepCommandTests.content(reference)
        #expect(a.records.count == 1440 && Set(a.records.map(\.rank)).count == 1440)
        #expect(a.records == b.records)
        #expect(a.attributes == b.attributes)
    }

    /// Issue 11: killed the moment its partial appeared, a sweep could not be resumed (20 of 20).
    @Test func killedWhenThePartialAppearsResumesEveryTime() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        let out = directory + "/a.h5", partial = SweepFiles.partialPath(for: out)
        for attempt in 0..<5 {
            let (process, _) = try Self.start(["sweep", tiny, "--jobs", "1", "--batch", "1", "--out", out])
            _ = Self.wait(for: process) { FileManager.default.fileExists(atPath: partial) }
            Self.killNine(process)
            if FileManager.default.fileExists(atPath: partial) {
                #expect(throws: Never.self, "attempt \(attempt)") { try SweepJournal.read(path: partial) }
            }
        }
        let resumed = try CLIRunner.run(["sweep", tiny, "--jobs", "1", "--out", out])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try SweepCommandTests.content(out).records.count == 216)
        #expect(Self.entries(directory) == ["a.h5"])
    }

    /// Flips 64 bytes at `fraction` of the file.
    static func garble(_ path: String, at fraction: Double) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let start = min(Int(Double(data.count) * fraction), data.count - 64)
        for offset in start..<(start + 64) { data[offset] = ~data[offset] }
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func corruptedFilesAreRefusedWithExit2() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        let out = directory + "/c.h5", partial = SweepFiles.partialPath(for: out)
        let arguments = ["sweep", tiny, "--jobs", "1", "--batch", "4", "--out", out]
        // A partial with 64 garbled bytes inside (was SIGSEGV on resume).
        let (process, _) = try Self.start(arguments)
        _ = Self.wait(for: process) { Self.rows(partial) >= 100 }
        Self.killNine(process)
        try #require(FileManager.default.fileExists(atPath: partial), "the sweep finished before the kill")
        try Self.garble(partial, at: 0.5)
        let resume = try CLIRunner.run(arguments)
        #expect(resume.status == 2)
        #expect(resume.stderr.contains("\(partial): is corrupted"), "\(resume.stderr)")
        #expect(Self.entries(directory) == [".c.h5.partial"])
        try FileManager.default.removeItem(atPath: partial)

        // A complete file garbled at 90% or truncated (was accepted as "already complete").
        #expect(try CLIRunner.run(arguments).status == 0)
        let pristine = try Data(contentsOf: URL(fileURLWithPath: out))
        try Self.garble(out, at: 0.9)
        let garbled = try CLIRunner.run(arguments)
        #expect(garbled.status == 2)
        #expect(garbled.stderr.contains("\(out): is corrupted"), "\(garbled.stderr)")
        try pristine.prefix(pristine.count * 3 / 4).write(to: URL(fileURLWithPath: out))
        let truncated = try CLIRunner.run(arguments)
        #expect(truncated.status == 2 && truncated.stderr.contains("truncated"), "\(truncated.stderr)")
        #expect(Self.entries(directory) == ["c.h5"])

        // A shard garbled at 80% (was merged with exit 0 and wrong points).
        let shardOut = directory + "/s.h5"
        for k in 1...3 { #expect(try CLIRunner.run(["sweep", tiny, "--random", "40", "--out", shardOut, "--shard", "\(k)/3"]).status == 0) }
        let shards = (1...3).map { directory + "/s.shard-\($0)-of-3.h5" }
        try Self.garble(shards[1], at: 0.8)
        let merged = directory + "/m.h5"
        let merge = try CLIRunner.run(["merge"] + shards + ["--out", merged])
        #expect(merge.status == 2)
        #expect(merge.stderr.contains("\(shards[1]): is corrupted"), "\(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: merged))
    }

    @Test func aSecondSweepOnTheSameOutIsRefusedNamingTheFirst() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        let out = directory + "/r.h5", lock = SweepLock.lockPath(for: out)
        let arguments = ["sweep", bench, "--jobs", "1", "--batch", "8", "--out", out]
        let (first, _) = try Self.start(arguments)
        let locked = Self.wait(for: first) { Self.rows(SweepFiles.partialPath(for: out)) > 0 }
        let second = try CLIRunner.run(arguments)
        let stillRunning = first.isRunning
        first.waitUntilExit()
        try #require(locked && stillRunning, "the first sweep finished before the second started")
        #expect(second.status == 2)
        #expect(second.stderr.contains("is being written by another sweep (pid \(first.processIdentifier)"), "\(second.stderr)")
        #expect(first.terminationStatus == 0)
        #expect(try SweepCommandTests.content(out).records.count == 1440)
        #expect(!FileManager.default.fileExists(atPath: lock))
        // A lock left by a killed sweep does not block the next one.
        let other = directory + "/s.h5", otherArguments = ["sweep", tiny, "--jobs", "1", "--batch", "1", "--out", other]
        let (killed, _) = try Self.start(otherArguments)
        _ = Self.wait(for: killed) { FileManager.default.fileExists(atPath: SweepLock.lockPath(for: other)) }
        Self.killNine(killed)
        let after = try CLIRunner.run(otherArguments)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(!FileManager.default.fileExists(atPath: SweepLock.lockPath(for: other)))
    }

    @Test func badOutputsLeaveNoFileBehind() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        try FileManager.default.createDirectory(atPath: directory + "/folder", withIntermediateDirectories: true)
        let cases: [(arguments: [String], message: String)] = [
            (["sweep", tiny, "--out", ""], "field '--out': is empty"),
            (["sweep", tiny, "--out", "folder"], "'folder' is a folder"),
            (["sweep", tiny, "--out", "new/"], "names a folder"),
            (["merge", "a.shard-1-of-1.h5", "--out", "folder"], "'folder' is a folder"),
            (["compare", tiny, "--agents", "random", "--budget", "3", "--plot", "p.svg", "--out", "folder"], "'folder' is a folder"),
            (["compare", tiny, "--agents", "random", "--budget", "3", "--plot", "p.svg", "--out", "p.svg"], "would overwrite"),
            (["explore", tiny, "--agent", "random", "--budget", "3", "--out", "folder"], "'folder' is a folder"),
            (["sweep", CLIRunner.repositoryRoot + "/Tests/Fixtures/hostile/spaces/duplicate-objective.yaml", "--out", "s.h5"],
             "repeats objectives[0]"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(Self.entries(directory) == ["folder"], "\(arguments) left \(Self.entries(directory))")
            #expect(Self.entries(directory + "/folder").isEmpty)
        }
    }

    /// Issue 11: `--time $'00:10:00\necho INJECTED'` added a line to the job script.
    @Test func slurmOptionsCannotInjectIntoTheScript() throws {
        let directory = try CLIRunner.temporaryDirectory().path
        let base = ["sweep", tiny, "--random", "10", "--out", "s.h5", "--slurm", "--shards", "2", "--dry-run"]
        for (option, value) in [("--time", "00:10:00\necho INJECTED"), ("--time", "00:10:00\n"), ("--time", "10:00;id"),
                                ("--partition", "gpu\necho INJECTED"), ("--partition", "gpu\n"), ("--partition", "a b")] {
            let result = try CLIRunner.run(base + [option, value], in: directory)
            #expect(result.status == 2, "\(option) \(value.debugDescription): \(result.stderr)")
            #expect(result.stderr.contains("field '\(option)'"), "\(result.stderr)")
            #expect(Self.entries(directory).isEmpty, "\(Self.entries(directory))")
        }
        // Valid values are written as given; names are shell-quoted, newlines in names stay inside quotes.
        let weird = directory + "/it's\na space.yaml"
        let text = try String(contentsOfFile: tiny, encoding: .utf8)
            .replacingOccurrences(of: "name: systolic-tiny", with: "name: \"tiny\\necho INJECTED\"")
            .replacingOccurrences(of: "../../", with: CLIRunner.repositoryRoot + "/")
            .replacingOccurrences(of: "tiny_gemm.csv", with: CLIRunner.repositoryRoot + "/Workloads/spaces/tiny_gemm.csv")
        try text.write(toFile: weird, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["sweep", weird, "--random", "10", "--out", "s.h5", "--slurm", "--shards", "2", "--dry-run",
                                        "--time", "1-00:30:00", "--partition", "gpu,debug"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let script = try String(contentsOfFile: directory + "/s.slurm/sweep.sbatch", encoding: .utf8)
        #expect(script.contains("#SBATCH --time=1-00:30:00\n#") || script.contains("#SBATCH --time=1-00:30:00\n"))
        #expect(script.contains("#SBATCH --partition=gpu,debug\n"))
        #expect(script.contains("#SBATCH --job-name=arcade-sweep-tiny_echo_INJECTED\n"))
        #expect(script.contains("'\(directory)/it'\\''s\na space.yaml'"))
        // Outside quotes, no line but the script's own: every line is a comment, set, or the exec.
        var quoted = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if !quoted && !line.isEmpty {
                #expect(line.hasPrefix("#") || line.hasPrefix("set -euo") || line.hasPrefix("exec "), "\(line)")
            }
            if line.filter({ $0 == "'" }).count % 2 == 1 { quoted.toggle() }
        }
    }
}
