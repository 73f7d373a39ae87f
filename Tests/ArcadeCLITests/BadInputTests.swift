import Foundation
import Testing

/// Every bad input exits with code 2, names the file (and line and field where there is one),
/// and leaves no result file behind.
@Suite struct BadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var label: String
        var architecture: String?   // file contents; nil = use the shipped architecture
        var architectureExtension = "yaml"
        var workload: String?       // file contents; nil = use the shipped ResNet-18
        var extra: [String] = []
        var expected: [String]      // fragments the error message must contain
        var description: String { label }
    }

    static let goodArchitecture = "family: systolic\nrows: 8\ncolumns: 8\ndataflow: os\n"

    static let cases: [Case] = [
        Case(label: "malformed YAML", architecture: "family: systolic\nrows: [8\n", expected: ["arch.yaml:", "malformed YAML"]),
        Case(label: "unknown dataflow", architecture: "family: systolic\nrows: 8\ncolumns: 8\ndataflow: rs\n",
             expected: ["arch.yaml:4", "dataflow", "allowed: os, ws, is"]),
        Case(label: "zero rows", architecture: "family: systolic\nrows: 0\ncolumns: 8\ndataflow: os\n",
             expected: ["arch.yaml:2", "rows", "out of range"]),
        Case(label: "negative SRAM", architecture: goodArchitecture + "ifmap_sram_kib: -4\n",
             expected: ["arch.yaml:5", "ifmap_sram_kib"]),
        Case(label: "unknown key", architecture: goodArchitecture + "colums: 8\n", expected: ["arch.yaml:5", "colums", "unknown key"]),
        Case(label: "unknown family", architecture: "family: quantum\n", expected: ["arch.yaml:1", "family", "systolic"]),
        Case(label: "bad bandwidth", architecture: goodArchitecture + "dram_bandwidth_words_per_cycle: fast\n",
             expected: ["arch.yaml:5", "dram_bandwidth_words_per_cycle", "unlimited"]),
        Case(label: "malformed cfg", architecture: "[architecture_presets]\nArrayHeight 32\n", architectureExtension: "cfg",
             expected: ["arch.cfg:2", "key = value"]),
        Case(label: "cfg bad dataflow", architecture: "[architecture_presets]\nArrayHeight: 8\nArrayWidth: 8\n"
                + "IfmapSramSzkB: 8\nFilterSramSzkB: 8\nOfmapSramSzkB: 8\nIfmapOffset: 0\nFilterOffset: 100\n"
                + "OfmapOffset: 200\nDataflow: xx\n", architectureExtension: "cfg",
             expected: ["arch.cfg:10", "Dataflow", "os, ws, is"]),
        Case(label: "unknown architecture format", architecture: "{}", architectureExtension: "json", expected: ["arch.json", ".json"]),
        Case(label: "bad CSV value", workload: "Layer Name, M, N, K,\nA, 4, -3, 4,\n", expected: ["work.csv:2", "N", "≥ 1"]),
        Case(label: "bad CSV header", workload: "a,b,c\n1,2,3\n", expected: ["work.csv:1", "header"]),
        Case(label: "unknown compat", extra: ["--compat", "gem5"], expected: ["--compat", "scalesim"]),
    ]

    @Test(arguments: cases)
    func badInputExitsTwoWithAClearMessageAndNoFile(_ item: Case) throws {
        let directory = try CLIRunner.temporaryDirectory()
        var architecture = CLIRunner.repositoryRoot + "/Architectures/systolic/scalesim-32x32-os.yaml"
        if let text = item.architecture {
            architecture = directory.appendingPathComponent("arch.\(item.architectureExtension)").path
            try text.write(toFile: architecture, atomically: true, encoding: .utf8)
        }
        var workload = CLIRunner.repositoryRoot + "/Workloads/conv/resnet18.csv"
        if let text = item.workload {
            workload = directory.appendingPathComponent("work.csv").path
            try text.write(toFile: workload, atomically: true, encoding: .utf8)
        }
        let out = directory.appendingPathComponent("out.h5").path
        let result = try CLIRunner.run(["simulate", architecture, workload, "--out", out] + item.extra)
        #expect(result.status == 2, "\(item.label): \(result.stderr)")
        for fragment in item.expected {
            #expect(result.stderr.contains(fragment), "\(item.label): '\(fragment)' not in: \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "\(item.label) left a result file")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".h5") || $0.contains("partial") }
        #expect(leftovers.isEmpty)
    }

    @Test func missingFilesAreNamed() throws {
        let missingArch = try CLIRunner.run(["simulate", "nope.yaml", "Workloads/conv/resnet18.csv", "--no-out"])
        #expect(missingArch.status == 2 && missingArch.stderr.contains("nope.yaml") && missingArch.stderr.contains("not found"))
        let missingWork = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "nope.csv", "--no-out"])
        #expect(missingWork.status == 2 && missingWork.stderr.contains("nope.csv"))
        let unwritable = try CLIRunner.run(["simulate", "Architectures/systolic/tpu-like-128x128-ws.yaml",
                                            "Workloads/gemm/gemm_set.csv", "--out", "/proc/arcade/x.h5"])
        #expect(unwritable.status == 2 && unwritable.stderr.contains("/proc/arcade/x.h5"))
        let missingArgument = try CLIRunner.run(["simulate"])
        #expect(missingArgument.status == 2)
    }
}
