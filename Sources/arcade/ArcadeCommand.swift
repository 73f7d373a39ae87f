import ArcadeCore
import ArcadeKernel
import ArcadeResults
import ArgumentParser
import Foundation

@main
struct Arcade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arcade",
        abstract: "Arcade: a cycle-level accelerator simulator and design-space explorer.",
        discussion: """
            Simulate a workload on a hypothetical chip described by an architecture file, \
            search design spaces with search agents, and store every result in HDF5 \
            (readable with h5py or pandas).

            Examples (from the repository root):
            \(Simulate.examples)
              arcade explore Workloads/spaces/systolic-tiny.yaml --agent tpe --budget 50
              arcade compare Workloads/spaces/systolic-tiny.yaml --agents random,ga,tpe \\
                  --budget 50 --seeds 3 --exhaustive --plot results/tiny.svg
              arcade list

            Exit codes: 0 success; 2 bad input (a malformed file, an unknown field, an \
            out-of-range value), with no result file written; 3 the simulated chip deadlocked \
            (every component blocked, nothing scheduled): the report names the blocked \
            components and the full and empty channels, and no result file is written.
            """,
        version: ArcadeVersion.current,
        subcommands: [Simulate.self, Explore.self, Compare.self, Sweep.self, Serve.self, Merge.self, Report.self, Trace.self, ListFamilies.self, Bench.self]
    )

    /// Runs the command line, mapping user-input errors to exit code 2 with a one-line message.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            FileHandle.standardError.write(Data("error: \(TerminalText.escapingControls(error.description))\n".utf8))
            Foundation.exit(2)
        } catch let deadlock as DeadlockReport {
            FileHandle.standardError.write(Data("error: \(deadlock)\n".utf8))
            Foundation.exit(DeadlockOutput.exitCode)
        } catch let error as ResultFileError {
            // The result path is the user's input too (--out): unwritable is their error to fix.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
