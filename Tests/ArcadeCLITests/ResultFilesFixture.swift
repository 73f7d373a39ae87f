import Foundation
import Testing

/// One result file of every kind, made once per test process through the CLI as a user would:
/// a simulation run, a sweep, an exploration and an exhaustive comparison, all on small inputs.
enum ResultFilesFixture {
    struct Files: Sendable {
        var run: String, sweep: String, exploration: String, comparison: String
        var all: [(kind: String, path: String)] {
            [("run", run), ("sweep", sweep), ("exploration", exploration), ("comparison", comparison)]
        }
    }

    static let files: Result<Files, any Error> = Result {
        let directory = try CLIRunner.temporaryDirectory().path
        let files = Files(run: directory + "/run.h5", sweep: directory + "/sweep.h5",
                          exploration: directory + "/explore.h5", comparison: directory + "/compare.h5")
        let space = "Workloads/spaces/systolic-tiny.yaml"
        for arguments in [
            ["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/gemm/gemm_set.csv", "--out", files.run],
            ["sweep", space, "--out", files.sweep, "--jobs", "2"],
            ["explore", space, "--agent", "ga", "--budget", "25", "--seed", "1", "--out", files.exploration],
            ["compare", space, "--agents", "random,sa", "--budget", "20", "--seeds", "2", "--exhaustive", "--out", files.comparison],
        ] {
            let outcome = try CLIRunner.run(arguments)
            guard outcome.status == 0 else { throw FixtureError(message: "\(arguments.joined(separator: " ")): \(outcome.stderr)") }
        }
        return files
    }

    struct FixtureError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// ARCADE_PYTHON, else the venv `.ci/setup.sh --tests` makes, else `python3`; nil unless it has h5py and pandas.
    static let python: String? = {
        let candidates = [ProcessInfo.processInfo.environment["ARCADE_PYTHON"], CLIRunner.repositoryRoot + "/.build-venv/bin/python",
                          "python3"].compactMap { $0 }
        return candidates.first { candidate in
            guard let outcome = try? run("/usr/bin/env", [candidate, "-c", "import h5py, pandas"]) else { return false }
            return outcome.status == 0
        }
    }()

    /// Runs a program, returning its status and both outputs.
    static func run(_ executable: String, _ arguments: [String]) throws -> CLIRunner.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
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

    /// In CI (`CI=true`) a missing tool fails the test instead of skipping it: CI installs it.
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}
