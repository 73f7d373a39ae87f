import Foundation
import Testing

/// The SystemC reference of the reordered SDPA graph (Sources/arcade-systemc-sdpa: clocked
/// SC_THREADs over sc_fifo) against `arcade simulate` on the same N, D and FIFO depth: the same
/// cycle of the last firing, N = 64 … 512 (issue 18).
@Suite struct SystemCReferenceTests {
    static var reference: String { (CLIRunner.binary as NSString).deletingLastPathComponent + "/arcade-systemc-sdpa" }

    static func referenceCycles(n: Int, d: Int) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: reference)
        process.arguments = [String(n), String(d)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        let field = try #require(text.split(separator: " ").first { $0.hasPrefix("cycles=") }, "\(text)")
        return try #require(Int(field.dropFirst("cycles=".count)))
    }

    @Test(arguments: [(64, 16), (128, 16), (256, 16), (512, 16), (64, 4), (100, 8)])
    func reorderedSDPAAgreesCycleForCycle(n: Int, d: Int) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let workload = directory.appendingPathComponent("sdpa.yaml").path
        try "sequence_length: \(n)\nhead_dim: \(d)\nheads: 1\nseed: 1\n".write(toFile: workload, atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["simulate", "Architectures/dataflow/sdpa-reordered.yaml", workload, "--json", "--no-out"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let arcade = try #require((object["totals"] as? [String: Any])?["cycles"] as? Int)
        #expect(try Self.referenceCycles(n: n, d: d) == arcade, "N = \(n), D = \(d)")
        // DAM's closed form for this graph: N² scores at one per cycle, plus the pipeline's fill.
        let log2d = Int(log2(Double(d)).rounded())
        #expect(arcade == n * n + 5 + log2d)
    }

    @Test func badArgumentsAreExitTwoWithAMessage() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.reference)
        process.arguments = ["64", "12"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2 && text.contains("power of two"), "\(text)")
    }
}
