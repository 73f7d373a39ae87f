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

    /// Single-quoted for the shell: every character, newlines included, stays literal.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// `\A…\z`, not `^…$`: ICU's `$` also matches before a final newline.
    /// Slurm's time formats: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`, or `UNLIMITED`/`INFINITE`.
    static let timePattern = #"\A([0-9]{1,7}|[0-9]{1,7}:[0-9]{1,2}|[0-9]{1,7}:[0-9]{1,2}:[0-9]{1,2}|[0-9]{1,5}-[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2})?)?|UNLIMITED|INFINITE)\z"#
    /// Partition names (Slurm allows a comma-separated list): letters, digits, `_ . -`, at most 64 characters each.
    static let partitionPattern = #"\A[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64}){0,31}\z"#

    /// Checks every value this job writes into its scripts, before anything is written: the
    /// time limit and partition against Slurm's formats; the paths of `#SBATCH` lines (which sbatch
    /// reads itself, not a shell) for control characters and quotes. The `exec` lines quote
    /// everything for the shell, so any path is safe there.
    public func validate() throws {
        try Self.validate(partition: partition, timeLimit: timeLimit)
        for (field, value) in [("--out", directory), ("working directory", workingDirectory)] where !Self.isDirectiveSafe(value) {
            throw InputError(field: field, "\(Self.shown(value)) cannot go into an #SBATCH line; allowed: a path without control "
                             + "characters (newlines, tabs), quotes or backslashes")
        }
    }

    /// The option checks of `validate`, for the CLI to run before loading the space.
    public static func validate(partition: String?, timeLimit: String?) throws {
        if let timeLimit, timeLimit.range(of: timePattern, options: .regularExpression) == nil {
            throw InputError(field: "--time", "\(shown(timeLimit)) is not a Slurm time limit; allowed: MINUTES, MM:SS, HH:MM:SS, "
                             + "DAYS-HH, DAYS-HH:MM, DAYS-HH:MM:SS (digits only, e.g. 00:30:00 or 1-12:00:00) or UNLIMITED")
        }
        if let partition, partition.range(of: partitionPattern, options: .regularExpression) == nil {
            throw InputError(field: "--partition", "\(shown(partition)) is not a partition name; allowed: letters, digits, "
                             + "'_', '.', '-' (at most 64), several separated by commas")
        }
    }

    /// A value as the user typed it, with control characters visible (`\n`), for error messages.
    static func shown(_ value: String) -> String {
        "'" + value.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined().replacingOccurrences(of: "\\u{a}", with: "\\n") + "'"
    }

    static func isDirectiveSafe(_ value: String) -> Bool {
        !value.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\"" || $0 == "\\" || $0 == "'" }
    }

    /// A path for an `#SBATCH` line (validated by `validate`): double-quoted when it has spaces,
    /// as sbatch's own parser expects.
    static func directivePath(_ value: String) -> String {
        value.contains(where: \.isWhitespace) ? "\"\(value)\"" : value
    }

    /// The job name: the space's name reduced to letters, digits, `_ . -` (others become `_`).
    static func jobName(_ prefix: String, _ name: String) -> String {
        prefix + String(name.unicodeScalars.prefix(64).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
    }

    /// `#SBATCH` lines common to both scripts (values validated by `validate`).
    func commonDirectives(log: String) -> [String] {
        var lines = ["#SBATCH --ntasks=1", "#SBATCH --chdir=\(Self.directivePath(workingDirectory))",
                     "#SBATCH --output=\(Self.directivePath(directory + "/" + log))"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
        return lines
    }

    public func arrayScript(missing: [Int]) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(Self.jobName("arcade-sweep-", plan.space.name))",
                     "#SBATCH --array=\(missing.map(String.init).joined(separator: ","))",
                     "#SBATCH --cpus-per-task=\(jobs)"] + commonDirectives(log: "shard-%a.log")
        let sweep = [arcadeExecutable, "sweep", spaceArgument] + plan.sampling.arguments
            + ["--seed", String(plan.seed), "--out", out, "--jobs", String(jobs)]
        lines += ["# Shard K of \(shards) from the array index; a rerun resumes from the shard's partial file.",
                  "set -euo pipefail",
                  "exec " + sweep.map(Self.quote).joined(separator: " ") + " --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\""]
        return lines.joined(separator: "\n") + "\n"
    }

    public func mergeScript() throws -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(Self.jobName("arcade-merge-", plan.space.name))"]
            + commonDirectives(log: "merge.log")
        let merge = [arcadeExecutable, "merge"] + (try shardPaths()) + ["--out", out]
        lines += ["set -euo pipefail", "exec " + merge.map(Self.quote).joined(separator: " ")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the scripts and, when `submit`, submits them with `sbatch`.
    public func prepare(submit: Bool) throws -> Submission {
        try validate()
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
