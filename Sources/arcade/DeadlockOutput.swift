import ArcadeKernel
import Foundation

/// How a deadlocked run ends: the report on stdout as JSON (`{"deadlock": {…}}`) with `--json`,
/// and the error thrown to `Arcade.main`, which prints it and exits with `exitCode`.
enum DeadlockOutput {
    /// The exit code of a deadlocked simulation (2 is bad input, 1 any other failure).
    static let exitCode: Int32 = 3

    static func json(_ deadlock: DeadlockReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(["deadlock": deadlock]), as: UTF8.self)
    }

    static func emit(_ deadlock: DeadlockReport, json: Bool) throws -> Never {
        if json { print(try self.json(deadlock)) }
        throw deadlock
    }
}
