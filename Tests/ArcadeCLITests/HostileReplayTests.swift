import Foundation
import Testing

/// Replays every hostile case committed under `Tests/Fixtures/hostile/<class>/` through the real
/// CLI, as a user would run it. Each folder's `README.md` lists its cases one per line (a markdown
/// table row works too): `file | arguments | expected exit [| error names | …]`.
/// - The run's working directory is a fresh scratch directory `{dir}` whose `Architectures`,
///   `Workloads`, `Tests` and `fuzz` link to the repository's, so paths relative to the repository
///   root work; `{root}` in the arguments is the repository root, `{dir}` the scratch directory.
/// - `A as B` in the file column copies `A` (from the case's folder) to `{dir}/B` first; `-` = no
///   input file; a bare file name in the arguments is the folder's file.
/// - Arguments are shell words: '…', "…", and $'…' with \n and \t.
///
/// Each run must end by itself (killed after `timeoutSeconds`: a hang fails), with the expected exit
/// code and never a signal. On exit 2 the error starts with `error: `, holds no control character
/// but newline and tab (user text is escaped), names where the problem is —
/// a `file:line`, an input file, or an option (`field '--out'`) — and contains the error-names
/// column when there is one, and `{dir}` holds exactly what it held before (no partial, lock,
/// temporary, result or plot file).
///
/// A case is added for every crash fixed (issue 11): drop the reproducer into the folder and add
/// its line.
@Suite struct HostileReplayTests {
    static let hostileRoot = CLIRunner.repositoryRoot + "/Tests/Fixtures/hostile"
    static let timeoutSeconds = 60.0

    struct Case: CustomStringConvertible, Sendable {
        var folder: String
        var file: String
        var arguments: String
        var expectedExit: Int32
        var errorNames: String
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
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: hostileRoot)) ?? []).sorted()
        var cases: [Case] = []
        for folder in folders {
            guard let text = try? String(contentsOfFile: "\(hostileRoot)/\(folder)/README.md", encoding: .utf8) else { continue }
            for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("|") { line.removeFirst() }
                if line.hasSuffix("|") { line.removeLast() }
                let fields = line.components(separatedBy: " | ")
                    .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
                guard fields.count >= 3, let exit = Int32(fields[2]) else { continue }
                cases.append(Case(folder: folder, file: fields[0], arguments: fields[1], expectedExit: exit,
                                  errorNames: fields.count > 3 ? fields[3] : "", line: index + 1))
            }
        }
        return cases
    }

    /// The arguments of `hostile` run in `directory`, after `{root}`/`{dir}` and bare file names.
    static func arguments(of hostile: Case, in directory: URL) -> [String] {
        let text = hostile.arguments.replacingOccurrences(of: "{root}", with: CLIRunner.repositoryRoot)
            .replacingOccurrences(of: "{dir}", with: directory.path)
        var arguments = splitArguments(text)
        if arguments.first == "arcade" { arguments.removeFirst() }
        let folder = "\(hostileRoot)/\(hostile.folder)"
        return arguments.map { argument in
            !argument.isEmpty && !argument.contains("/") && FileManager.default.fileExists(atPath: "\(folder)/\(argument)")
                ? "\(folder)/\(argument)" : argument
        }
    }

    /// Every entry under `directory`, not following the links into the repository.
    static func entries(_ directory: URL) -> Set<String> {
        var found: Set<String> = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? directory.path : "\(directory.path)/\(relative)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                let child = relative.isEmpty ? name : "\(relative)/\(name)"
                found.insert(child)
                let type = (try? FileManager.default.attributesOfItem(atPath: "\(directory.path)/\(child)"))?[.type] as? FileAttributeType
                if type == .typeDirectory { walk(child) }
            }
        }
        walk("")
        return found
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

    @Test func argumentSplitting() {
        #expect(Self.splitArguments("a  'b c' $'x\\ny' --out ''") == ["a", "b c", "x\ny", "--out", ""])
    }

    @Test("hostile inputs end with exit 0 or 2, never a signal or a hang", arguments: cases)
    func replay(_ hostile: Case) throws {
        let directory = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: directory) }
        if let range = hostile.file.range(of: " as ") {
            try FileManager.default.copyItem(atPath: "\(Self.hostileRoot)/\(hostile.folder)/\(hostile.file[..<range.lowerBound])",
                                             toPath: directory.appendingPathComponent(String(hostile.file[range.upperBound...])).path)
        }
        let before = Self.entries(directory)
        let arguments = Self.arguments(of: hostile, in: directory)
        let run = try Self.run(arguments, in: directory)
        let (timedOut, signalled, status) = (run.timedOut, run.signalled, run.status)
        let message = String(run.stderr.prefix(600))
        #expect(!timedOut, "\(hostile): still running after \(Self.timeoutSeconds) s")
        #expect(!signalled, "\(hostile): killed by signal \(status)\n\(message)")
        #expect(status == hostile.expectedExit, "\(hostile): exit \(status), expected \(hostile.expectedExit)\n\(message)")
        guard status == 2 else { return }
        let left = Self.entries(directory).subtracting(before)
        #expect(left.isEmpty, "\(hostile): left \(left.sorted()) behind")
        let controls = run.stderr.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }
        #expect(controls.isEmpty, "\(hostile): the error sends control characters to the terminal")
        #expect(run.stderr.hasPrefix("error: "), "\(hostile): the message does not start with 'error: '\n\(message)")
        #expect(hostile.errorNames.isEmpty || run.stderr.contains(hostile.errorNames), "\(hostile): the error does not contain '\(hostile.errorNames)'\n\(message)")
        let namesFileLine = run.stderr.range(of: #"[^\s:]+:\d+"#, options: .regularExpression) != nil
        let copied = hostile.file.range(of: " as ").map { String(hostile.file[$0.upperBound...]) }
        let namesInput = copied.map { run.stderr.contains($0) } == true || arguments.contains { argument in
            let name = URL(fileURLWithPath: argument).lastPathComponent
            return !name.isEmpty && FileManager.default.fileExists(atPath: argument) && run.stderr.contains(name)
        }
        let namesOption = run.stderr.contains("'--") || run.stderr.contains(" --")
        #expect(namesFileLine || namesInput || namesOption, "\(hostile): the error names no file:line, input file or option\n\(message)")
    }
}
