import ArcadeCore
import Foundation

/// A sweep as a Slurm job array (one shard per task, the shard index from SLURM_ARRAY_TASK_ID)
/// plus one merge job that runs when every task succeeded (`--dependency=afterok`).
///
/// Scripts go to `<out dir>/<out stem>.slurm/` (`sweep.sbatch`, `merge.sbatch`, task logs). Shards
/// whose file is already complete are left out of the array, so resubmitting after a failure only
/// runs what is missing; each task itself resumes from its partial file.
public struct SweepSlurmJob: Sendable {
    public let plan: SweepPlan
    public let spaceArgument: String
    public let out: String
    public let shards: Int
    public let jobs: Int
    public let partition: String?
    public let timeLimit: String?
    public let arcadeExecutable: String
    public let workingDirectory: String
    public let storage: any SweepStorage

    public init(plan: SweepPlan, spaceArgument: String, out: String, shards: Int, jobs: Int, partition: String?, timeLimit: String?,
                arcadeExecutable: String, workingDirectory: String, storage: any SweepStorage) {
        self.plan = plan
        self.spaceArgument = spaceArgument
        self.out = out
        self.shards = shards
        self.jobs = jobs
        self.partition = partition
        self.timeLimit = timeLimit
        self.arcadeExecutable = arcadeExecutable
        self.workingDirectory = workingDirectory
        self.storage = storage
    }

    public struct Submission: Sendable {
        public var directory: String
        public var missingShards: [Int]
        public var arrayJobID: String?
        public var mergeJobID: String?
        public var text: String
    }

    /// `<out dir>/<stem>.slurm`, absolute.
    public var directory: String {
        let url = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: workingDirectory + "/"))
        return url.deletingPathExtension().path + ".slurm"
    }

    public func shardPaths() throws -> [String] {
        try (1...shards).map { SweepFiles.shardPath(out: out, shard: try SweepShard(index: $0, count: shards)) }
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    public func arrayScript(missing: [Int]) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=arcade-sweep-\(plan.space.name)",
                     "#SBATCH --array=\(missing.map(String.init).joined(separator: ","))",
                     "#SBATCH --cpus-per-task=\(jobs)", "#SBATCH --ntasks=1",
                     "#SBATCH --chdir=\(workingDirectory)", "#SBATCH --output=\(directory)/shard-%a.log"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
        let sweep = [arcadeExecutable, "sweep", spaceArgument] + plan.sampling.arguments
            + ["--seed", String(plan.seed), "--out", out, "--jobs", String(jobs)]
        lines += ["# Shard K of \(shards) from the array index; a rerun resumes from the shard's partial file.",
                  "set -euo pipefail",
                  "exec " + sweep.map(Self.quote).joined(separator: " ") + " --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\""]
        return lines.joined(separator: "\n") + "\n"
    }

    public func mergeScript() throws -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=arcade-merge-\(plan.space.name)", "#SBATCH --ntasks=1",
                     "#SBATCH --chdir=\(workingDirectory)", "#SBATCH --output=\(directory)/merge.log"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
        let merge = [arcadeExecutable, "merge"] + (try shardPaths()) + ["--out", out]
        lines += ["set -euo pipefail", "exec " + merge.map(Self.quote).joined(separator: " ")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the scripts and, when `submit`, submits them with `sbatch`.
    public func prepare(submit: Bool) throws -> Submission {
        var missing: [Int] = []
        for index in 1...shards {
            let runner = SweepRunner(plan: plan, shard: try SweepShard(index: index, count: shards), out: out, jobs: jobs,
                                     storage: storage, spaceArgument: spaceArgument)
            if try !runner.isComplete() { missing.append(index) }
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let arrayPath = directory + "/sweep.sbatch", mergePath = directory + "/merge.sbatch"
        if !missing.isEmpty {
            try arrayScript(missing: missing).write(toFile: arrayPath, atomically: true, encoding: .utf8)
        }
        try mergeScript().write(toFile: mergePath, atomically: true, encoding: .utf8)
        var text = missing.isEmpty
            ? "all \(shards) shards are complete; only the merge is needed\n"
            : "shards to run: \(missing.count) of \(shards) (\(missing.map(String.init).joined(separator: ","))); script \(arrayPath)\n"
        text += "merge script \(mergePath) → \(out)\n"
        guard submit else {
            text += "dry run: submit with\n"
            if !missing.isEmpty { text += "  id=$(sbatch --parsable \(arrayPath))\n  sbatch --dependency=afterok:$id \(mergePath)\n" }
            else { text += "  sbatch \(mergePath)\n" }
            return Submission(directory: directory, missingShards: missing, arrayJobID: nil, mergeJobID: nil, text: text)
        }
        var arrayID: String?
        if !missing.isEmpty { arrayID = try Self.sbatch([arrayPath]) }
        let mergeID = try Self.sbatch((arrayID.map { ["--dependency=afterok:\($0)"] } ?? []) + [mergePath])
        text += "submitted array job \(arrayID ?? "(none)") and merge job \(mergeID)"
            + (arrayID != nil ? " (runs after every array task succeeded)" : "") + "\n"
        let ids = [arrayID, mergeID].compactMap { $0 }.joined(separator: ",")
        text += "watch: squeue -j \(ids)    (afterwards: sacct -j \(ids)); logs in \(directory)/\n"
        return Submission(directory: directory, missingShards: missing, arrayJobID: arrayID, mergeJobID: mergeID, text: text)
    }

    /// Runs `sbatch --parsable ARGS` and returns the job id.
    static func sbatch(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch", "--parsable"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw InputError(field: "--slurm", "cannot run sbatch: \(error)") }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let id = output.split(separator: "\n").last?.split(separator: ";").first.map(String.init), !id.isEmpty else {
            throw InputError(field: "--slurm", "sbatch \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)): "
                             + errors.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return id.trimmingCharacters(in: .whitespaces)
    }
}
