import ArcadeExplore
import ArcadeResults
import Foundation
import Testing
@testable import arcade

@Suite struct SweepCommandTests {
    let tiny = "Workloads/spaces/systolic-tiny.yaml"
    let bench = "Workloads/spaces/sweep-bench.yaml"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The rows of a sweep file (NaN-aware equality) and its attributes without `arcade_version`.
    static func content(_ path: String) throws -> (records: [SweepRecord], attributes: [String]) {
        let file = try #require(try HDF5SweepStorage().read(path: path))
        let format = try SweepTableFormat(attributes: file.attributes, file: path)
        return (try format.records(file.table, file: path), file.attributes.map { "\($0.key)=\($0.value)" })
    }

    @Test func sweepPrintsASummaryAndWritesEveryPoint() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("r.h5").path
        let result = try CLIRunner.run(["sweep", tiny, "--random", "220", "--jobs", "2", "--out", out, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(object["points"] as? Int == 220)
        let failures = try #require(object["failures"] as? Int)
        #expect(failures >= 4)  // 9 of the 225 points violate the constraint: 220 distinct ones hit at least 4
        let best = try #require(object["best"] as? [[String: Any]])
        #expect(best.first?["objective"] as? String == "cycles")
        let content = try Self.content(out)
        #expect(content.records.count == 220 && content.records.filter { !$0.feasible }.count == failures)
        #expect(content.records.map(\.rank) == content.records.map(\.rank).sorted())
        #expect(content.attributes.contains { $0.hasPrefix("sweep_hash=") })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".r.h5.partial").path))
        // Text summary, and a rerun finds the file complete.
        let again = try CLIRunner.run(["sweep", tiny, "--random", "220", "--out", out])
        #expect(again.status == 0 && again.stdout.contains("already complete") && again.stdout.contains("best cycles"))
    }

    @Test func changedDefinitionIsRefused() throws {
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("r.h5").path
        #expect(try CLIRunner.run(["sweep", tiny, "--random", "10", "--out", out]).status == 0)
        let changed = try CLIRunner.run(["sweep", tiny, "--random", "10", "--seed", "5", "--out", out])
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("different sweep definition"))
    }

    @Test func resumeAfterKillEqualsAnUninterruptedRun() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("k.h5").path
        let partial = SweepFiles.partialPath(for: out)
        let arguments = ["sweep", bench, "--jobs", "1", "--batch", "10", "--out", out, "--json"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CLIRunner.repositoryRoot)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once some batches are flushed.
        let deadline = Date().addingTimeInterval(60)
        var seen = 0
        while Date() < deadline && process.isRunning {
            if let rows = try? HDF5SweepStorage().read(path: partial)?.table.rowCount, rows >= 30 { seen = rows; break }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(seen >= 30, "the sweep finished or stalled before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: out))
        let flushed = try #require(try HDF5SweepStorage().read(path: partial)).table.rowCount
        #expect(flushed >= seen && flushed < 1440)

        let resumed = try CLIRunner.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let object = try json(resumed.stdout)
        let before = try #require(object["resumed"] as? Int)
        #expect(before >= seen && before <= flushed)
        #expect(object["evaluated"] as? Int == 1440 - before)
        #expect(object["points"] as? Int == 1440)

        let reference = directory.appendingPathComponent("full.h5").path
        #expect(try CLIRunner.run(["sweep", bench, "--jobs", "2", "--out", reference]).status == 0)
        let a = try Self.content(out), b = try Self.content(reference)
        #expect(a.records.count == 1440 && Set(a.records.map(\.rank)).count == 1440)
        #expect(a.records == b.records)
        #expect(a.attributes == b.attributes)
    }

    @Test func threeShardsMergeToTheUnshardedFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let whole = directory.appendingPathComponent("whole.h5").path
        let out = directory.appendingPathComponent("s.h5").path
        let sampling = ["--lhs", "70", "--seed", "11"]
        #expect(try CLIRunner.run(["sweep", tiny] + sampling + ["--out", whole]).status == 0)
        for k in 1...3 {
            let shard = try CLIRunner.run(["sweep", tiny] + sampling + ["--out", out, "--shard", "\(k)/3"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let shards = (1...3).map { directory.appendingPathComponent("s.shard-\($0)-of-3.h5").path }
        let merged = directory.appendingPathComponent("merged.h5").path

        let missing = try CLIRunner.run(["merge", shards[0], shards[2], "--out", merged])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("s.shard-2-of-3.h5"))
        #expect(missing.stderr.contains("arcade sweep \(tiny) --lhs 70 --seed 11 --out \(out) --shard 2/3"))
        #expect(!FileManager.default.fileExists(atPath: merged))

        let other = directory.appendingPathComponent("o.h5").path
        #expect(try CLIRunner.run(["sweep", tiny, "--lhs", "70", "--out", other, "--shard", "2/3"]).status == 0)
        let mixed = try CLIRunner.run(["merge", shards[0], directory.appendingPathComponent("o.shard-2-of-3.h5").path,
                                       shards[2], "--out", merged])
        #expect(mixed.status == 2 && mixed.stderr.contains("different sweep"))

        let result = try CLIRunner.run(["merge"] + shards + ["--out", merged])
        #expect(result.status == 0, "\(result.stderr)")
        let a = try Self.content(merged), b = try Self.content(whole)
        #expect(a.records == b.records)
        #expect(a.attributes == b.attributes)
    }

    @Test func slurmDryRunWritesTheArrayAndMergeScripts() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("d.h5").path
        // Shard 2 already complete: the array leaves it out.
        #expect(try CLIRunner.run(["sweep", tiny, "--random", "30", "--out", out, "--shard", "2/3"]).status == 0)
        let result = try CLIRunner.run(["sweep", tiny, "--random", "30", "--out", out, "--slurm", "--shards", "3",
                                        "--partition", "debug", "--time", "00:05:00", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        let scripts = directory.appendingPathComponent("d.slurm").path
        let array = try String(contentsOfFile: scripts + "/sweep.sbatch", encoding: .utf8)
        #expect(array.contains("#SBATCH --array=1,3"))
        #expect(array.contains("#SBATCH --partition=debug") && array.contains("#SBATCH --time=00:05:00"))
        #expect(array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\""))
        let merge = try String(contentsOfFile: scripts + "/merge.sbatch", encoding: .utf8)
        #expect(merge.contains("merge") && merge.contains("d.shard-3-of-3.h5"))
        #expect(result.stdout.contains("--dependency=afterok"))
    }
}
