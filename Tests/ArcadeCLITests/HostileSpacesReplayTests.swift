import Foundation
import Testing

/// Replays every case of Tests/Fixtures/hostile/spaces/README.md through the CLI: the expected exit
/// code, never a signal, the location in the error, and no file left behind on exit 2.
@Suite struct HostileSpacesReplayTests {
    static let folder = CLIRunner.repositoryRoot + "/Tests/Fixtures/hostile/spaces"

    struct Case: CustomStringConvertible {
        var file: String
        var arguments: String
        var exit: Int32
        var location: String
        var description: String { "\(file) | \(arguments)" }
    }

    /// The rows of the README's table.
    static func cases() throws -> [Case] {
        let text = try String(contentsOfFile: folder + "/README.md", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Case? in
            guard line.hasPrefix("| "), !line.hasPrefix("| file"), !line.hasPrefix("|---") else { return nil }
            let cells = line.dropFirst(2).components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, let exit = Int32(cells[2]) else { return nil }
            func unquote(_ cell: String) -> String { cell.hasPrefix("`") && cell.hasSuffix("`") ? String(cell.dropFirst().dropLast()) : cell }
            return Case(file: cells[0], arguments: unquote(cells[1]), exit: exit, location: unquote(cells[3]))
        }
    }

    /// POSIX-shell word splitting for the table's arguments: spaces, '…', "…", and $'…' with \n, \t, \\, \'.
    static func words(_ text: String) -> [String] {
        var words: [String] = [], current = "", inWord = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            switch character {
            case " ":
                if inWord { words.append(current); current = ""; inWord = false }
            case "$" where characters.first == "'":
                characters.removeFirst()
                inWord = true
                while let next = characters.popFirst(), next != "'" {
                    if next == "\\", let escaped = characters.popFirst() {
                        current.append(["n": "\n", "t": "\t"][escaped] ?? escaped)
                    } else {
                        current.append(next)
                    }
                }
            case "'", "\"":
                inWord = true
                while let next = characters.popFirst(), next != character { current.append(next) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    @Test func wordSplitting() {
        #expect(Self.words("a  'b c' $'x\\ny' --out ''") == ["a", "b c", "x\ny", "--out", ""])
    }

    @Test func everyCaseEndsAsExpected() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 20)
        for testCase in cases {
            let directory = try CLIRunner.temporaryDirectory().path
            if testCase.file.contains(" as ") {
                let parts = testCase.file.components(separatedBy: " as ")
                try FileManager.default.copyItem(atPath: Self.folder + "/" + parts[0], toPath: directory + "/" + parts[1])
            }
            let before = SweepFaultTests.entries(directory)
            let arguments = Self.words(testCase.arguments.replacingOccurrences(of: "{root}", with: CLIRunner.repositoryRoot)
                .replacingOccurrences(of: "{dir}", with: directory))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            process.standardError = err
            try process.run()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "\(testCase): signal \(process.terminationStatus)")
            #expect(process.terminationStatus == testCase.exit, "\(testCase): \(stderr)")
            if testCase.exit == 2 {
                #expect(stderr.hasPrefix("error: "), "\(testCase): \(stderr)")
                #expect(stderr.contains(testCase.location), "\(testCase): \(stderr)")
                #expect(SweepFaultTests.entries(directory) == before, "\(testCase) left \(SweepFaultTests.entries(directory))")
            }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
