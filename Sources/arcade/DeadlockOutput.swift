import ArcadeKernel
import Foundation

/// How a deadlocked run ends: the report on stdout as JSON (`{"deadlock": {…}}`) with `--json`,
/// and the error thrown to `Arcade.main`, which prints it and exits with `exitCode`.
enum DeadlockOutput {
    /// The exit code of a deadlocked simulation (2 is bad input, 1 any other failure).
    static let exitCode: Int32 = 3

    /// `{"deadlock": {…}, "channels": [{"name": …, "depth": …, "peak_occupancy": …, …}]}`: the
    /// blocked components and channels, and every channel's statistics up to the deadlock (the
    /// same fields as a finished run's `channels` table).
    static func json(_ deadlock: DeadlockReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let report = String(decoding: try encoder.encode(deadlock), as: UTF8.self)
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let channels = String(decoding: try encoder.encode(deadlock.channels), as: UTF8.self)
        return "{\n\"deadlock\": " + report + ",\n\"channels\": " + channels + "\n}"
    }

    static func emit(_ deadlock: DeadlockReport, json: Bool) throws -> Never {
        if json { print(try self.json(deadlock)) }
        throw deadlock
    }
}
