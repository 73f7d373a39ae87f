import Foundation
import Testing

/// `arcade simulate … --reference systemc`: the dataflow graph as clocked SC_THREADs over sc_fifo
/// (Sources/arcade-systemc-dataflow) in its own process, the same cycle of the last firing as
/// Arcade's on the SDPA graphs, N = 16 … 512, one and four heads, shallow FIFOs that back-pressure,
/// and vector units narrower than D (issue 18).
@Suite struct SystemCReferenceTests {
    struct Case: Sendable, CustomStringConvertible {
        var graph: String
        var workload: String
        var edits: [(String, String)] = []
        var description: String { "\(graph) \(workload) \(edits.map { $0.1 })" }
    }

    static let cases: [Case] = [
        Case(graph: "sdpa-reordered", workload: "sdpa-n64-d16"),
        Case(graph: "sdpa-reordered", workload: "sdpa-n512-d16"),
        Case(graph: "sdpa-reordered", workload: "sdpa-n128-d64-h4"),
        Case(graph: "sdpa-reordered", workload: "sdpa-n64-d16", edits: [("depth: 12}", "depth: 2}")]),
        Case(graph: "sdpa-naive", workload: "sdpa-n16-d4"),
        Case(graph: "sdpa-naive", workload: "sdpa-n64-d16"),
        Case(graph: "sdpa-naive", workload: "sdpa-n512-d16"),
        // Bypass FIFOs just deep enough (62, DataflowSpaceTests) and a depth-2 score FIFO: back-pressure.
        Case(graph: "sdpa-naive", workload: "sdpa-n64-d16",
             edits: [("to: sub.a, depth: N + 1}", "to: sub.a, depth: 62}"), ("to: div.a, depth: N + 1}", "to: div.a, depth: 63}"),
                     ("depth: 2 + log2(D)}", "depth: 2}")]),
        // Dot products and the outer product on 4 and 2 lanes: four and eight cycles a firing.
        Case(graph: "sdpa-naive", workload: "sdpa-n64-d16",
             edits: [("latency: 1 + log2(D), scale: true}", "latency: 1 + log2(D), scale: true, lanes: 4}"),
                     ("pv: {kind: outer_product}", "pv: {kind: outer_product, lanes: 2}")]),
    ]

    @Test(arguments: cases)
    func theSystemCReferenceAgreesCycleForCycle(_ item: Case) throws {
        var architecture = "Architectures/dataflow/\(item.graph).yaml"
        if !item.edits.isEmpty {
            var text = try String(contentsOfFile: CLIRunner.repositoryRoot + "/" + architecture, encoding: .utf8)
            for (from, to) in item.edits {
                #expect(text.contains(from), "\(from) not in \(architecture)")
                text = text.replacingOccurrences(of: from, with: to)
            }
            // Outside Architectures/, where the family conformance suite would pick it up (the SDPA graphs name no other file).
            let edited = try CLIRunner.temporaryDirectory().appendingPathComponent("\(item.graph).yaml").path
            try text.write(toFile: edited, atomically: true, encoding: .utf8)
            architecture = edited
        }
        let run = try CLIRunner.run(["simulate", architecture, "Workloads/attention/\(item.workload).yaml", "--reference", "systemc",
                                     "--json", "--no-out"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        let cycles = try #require(totals["cycles"] as? Int), reference = try #require(totals["reference_cycles"] as? Int)
        #expect(reference == cycles, "\(item): SystemC \(reference), Arcade \(cycles)")
        #expect(totals["reference_agrees"] as? Int == 1)
        #expect((totals["reference_seconds"] as? Double ?? -1) > 0 && (totals["chip_seconds"] as? Double ?? -1) > 0)
    }

    @Test func familiesWithoutOneAndGraphsItCannotModelAreRefused() throws {
        let systolic = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/spaces/tiny_gemm.csv",
                                          "--reference", "systemc", "--no-out"])
        #expect(systolic.status == 2 && systolic.stderr.contains("no SystemC reference (families with one: dram, dataflow)"), "\(systolic.stderr)")
        let dram = try CLIRunner.run(["simulate", "Architectures/dataflow/sdpa-reordered-hbm2.yaml", "Workloads/attention/sdpa-n16-d4.yaml",
                                      "--reference", "systemc", "--no-out"])
        #expect(dram.status == 2 && dram.stderr.contains("no dram_source unit"), "\(dram.stderr)")
        let unknown = try CLIRunner.run(["simulate", "Architectures/dataflow/sdpa-reordered.yaml", "Workloads/attention/sdpa-n16-d4.yaml",
                                         "--reference", "verilator", "--no-out"])
        #expect(unknown.status == 2 && unknown.stderr.contains("allowed: slow, systemc"), "\(unknown.stderr)")
    }

    @Test func aBadNetlistIsExitTwoWithTheLine() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (CLIRunner.binary as NSString).deletingLastPathComponent + "/arcade-systemc-dataflow")
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("fifo 2\nunit a 4 1 1 1 out 7:e\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2 && text.contains("netlist line 2") && text.contains("unknown fifo 7"), "\(text)")
    }
}
