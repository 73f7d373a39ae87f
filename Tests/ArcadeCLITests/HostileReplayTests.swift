import Foundation
import Testing

/// Replays every hostile case committed under `Tests/Fixtures/hostile/<class>/` through the real
/// CLI, as a user would run it: each folder's `README.md` lists its cases one per line as
/// `file | arguments | expected exit` (a markdown table row works too; `-` as file = no input file).
/// Each run must end by itself (no hang: killed after `timeoutSeconds`), with the expected exit code
/// and never a signal; on exit 2 the error names a `file:line` (or, for a bad option, the option)
/// and no file is left behind in the working directory.
///
/// A case is added for every crash fixed (issue 11): drop the reproducer into the folder and add
/// its line.
@Suite struct HostileReplayTests {
    static let hostileRoot = CLIRunner.repositoryRoot + "/Tests/Fixtures/hostile"
    static let timeoutSeconds = 60.0

    struct Case: CustomStringConvertible, Sendable {
        var folder: String
        var file: String
        var arguments: [String]
        var expectedExit: Int32
        var line: Int
        var description: String { "\(folder)/README.md:\(line) \(file)" }
    }

    /// Splits `text` into arguments: whitespace separates, '…' and "…" quote, $'…' expands \n and \t.
    static func splitArguments(_ text: String) -> [String] {
        var arguments: [String] = []
        var current = ""
        var hasCurrent = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            switch character {
            case " ", "\t":
                if hasCurrent { arguments.append(current); current = ""; hasCurrent = false }
            case "$" where characters.first == "'":
                characters.removeFirst()
                hasCurrent = true
                while let next = characters.popFirst(), next != "'" {
                    if next == "\\", let escaped = characters.popFirst() {
                        current.append(escaped == "n" ? "\n" : escaped == "t" ? "\t" : escaped)
                    } else {
                        current.append(next)
                    }
                }
            case "'", "\"":
                hasCurrent = true
                while let next = characters.popFirst(), next != character { current.append(next) }
            default:
                hasCurrent = true
                current.append(character)
            }
        }
        if hasCurrent { arguments.append(current) }
        return arguments
    }

    static var cases: [Case] {
        let manager = FileManager.default
        let folders = ((try? manager.contentsOfDirectory(atPath: hostileRoot)) ?? []).sorted()
        var cases: [Case] = []
        for folder in folders {
            guard let text = try? String(contentsOfFile: "\(hostileRoot)/\(folder)/README.md", encoding: .utf8) else { continue }
            for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("|") { line.removeFirst() }
                if line.hasSuffix("|") { line.removeLast() }
                let fields = line.split(separator: "|", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
                guard fields.count == 3, let exit = Int32(fields[2]) else { continue }
                var arguments = splitArguments(fields[1])
                if arguments.first == "arcade" { arguments.removeFirst() }
                // A bare file name refers to the case's folder.
                arguments = arguments.map { argument in
                    !argument.contains("/") && manager.fileExists(atPath: "\(hostileRoot)/\(folder)/\(argument)")
                        ? "\(hostileRoot)/\(folder)/\(argument)" : argument
                }
                cases.append(Case(folder: folder, file: fields[0], arguments: arguments, expectedExit: exit, line: index + 1))
            }
        }
        return cases
    }

    /// A working directory whose top-level folders link to the repository's, so relative paths in
    /// the cases resolve and anything the run creates shows up as a new entry.
    static func sandbox() throws -> URL {
        let directory = try CLIRunner.temporaryDirectory()
        for name in ["Architectures", "Workloads", "Tests", "fuzz"]
        where FileManager.default.fileExists(atPath: "\(CLIRunner.repositoryRoot)/\(name)") {
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(name).path,
                                                       withDestinationPath: "\(CLIRunner.repositoryRoot)/\(name)")
        }
        return directory
    }

    struct Run {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now() + timeoutSeconds
        let timedOut = ManagedFlag()
        DispatchQueue.global().asyncAfter(deadline: deadline) {
            if process.isRunning { timedOut.set(); kill(process.processIdentifier, SIGKILL) }
        }
        let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                   timedOut: timedOut.value, stderr: String(decoding: errorData, as: UTF8.self))
    }

    final class ManagedFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var flag = false
        func set() { lock.lock(); flag = true; lock.unlock() }
        var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
    }

    @Test("every hostile folder lists cases") func foldersListCases() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.hostileRoot).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(Self.hostileRoot)/\($0)", isDirectory: &isDirectory) && isDirectory.boolValue
        }
        #expect(!folders.isEmpty)
        for folder in folders {
            #expect(Self.cases.contains { $0.folder == folder }, "\(folder)/README.md lists no `file | arguments | exit` line")
        }
    }

    @Test("hostile inputs end with exit 0 or 2, never a signal or a hang", arguments: cases)
    func replay(_ hostile: Case) throws {
        let directory = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        let run = try Self.run(hostile.arguments, in: directory)
        let (timedOut, signalled, status) = (run.timedOut, run.signalled, run.status)
        let message = String(run.stderr.prefix(600))
        #expect(!timedOut, "\(hostile): still running after \(Self.timeoutSeconds) s")
        #expect(!signalled, "\(hostile): killed by signal \(status)\n\(message)")
        #expect(status == hostile.expectedExit, "\(hostile): exit \(status), expected \(hostile.expectedExit)\n\(message)")
        guard run.status == 2 else { return }
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(after == before, "\(hostile): left \(after.subtracting(before).sorted()) behind")
        #expect(run.stderr.contains("error"), "\(hostile): no error message")
        let namesFileLine = run.stderr.range(of: #"[^\s:]+:\d+"#, options: .regularExpression) != nil
        let namesOption = run.stderr.contains("--")
        #expect(namesFileLine || (hostile.file == "-" && namesOption),
                "\(hostile): the error names no file:line\(hostile.file == "-" ? " or option" : "")\n\(run.stderr.suffix(600))")
    }
}
