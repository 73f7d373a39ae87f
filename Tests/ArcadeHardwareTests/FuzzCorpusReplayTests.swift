import ArcadeCore
import ArcadeExplore
import ArcadeResults
import ArcadeWorkloads
import Foundation
import Testing
@testable import ArcadeHardware

/// Replays the committed fuzz corpus (`fuzz/corpus/<target>/`: the seeds, and the reproducers of
/// findings once fixed) through the same readers the fuzz targets call (fuzz/Sources/FuzzSupport —
/// keep `FuzzCorpus.targets` in step with it), in process: every file must either be accepted or
/// be refused with the project's error naming the file. A crash here is a regression of a fixed
/// finding. Reproducers that still crash live in `fuzz/findings/<target>/` and are not replayed
/// (fuzz/FINDINGS.md lists them).
enum FuzzCorpus {
    static let repositoryRoot = #filePath.components(separatedBy: "/Tests/")[0]
    static let corpus = repositoryRoot + "/fuzz/corpus"

    /// How one fuzz target feeds its input: where it is written in the scratch tree (so relative
    /// references such as `memory: ../dram/ddr4-2400.yaml` resolve as for the shipped files) and
    /// which reader reads it.
    struct Target: Sendable {
        var file: String
        var read: @Sendable (_ path: String) throws -> Void
    }

    static let targets: [String: Target] = [
        "systolic-architecture": architecture(folder: "systolic", fileExtension: "yaml"),
        "scalesim-cfg": architecture(folder: "systolic", fileExtension: "cfg"),
        "dram-architecture": architecture(folder: "dram", fileExtension: "yaml"),
        "dataflow-architecture": architecture(folder: "dataflow", fileExtension: "yaml"),
        "attention-workload": Target(file: "Workloads/attention/fuzz-input.yaml") { _ = try AttentionWorkload.load(path: $0) },
        "topology-csv": Target(file: "Workloads/conv/fuzz-input.csv") { _ = try TopologyReader.read(path: $0) },
        "ramulator2-trace": trace(fileExtension: "ramulator2.trace"),
        "ramulator1-trace": trace(fileExtension: "ramulator1.trace"),
        "dramsim3-trace": trace(fileExtension: "dramsim3.trace"),
        "design-space": Target(file: "Workloads/spaces/fuzz-input.yaml") { _ = try DesignSpaceFile.load(path: $0) },
        "constraint-expression": Target(file: "constraint.txt") { path in
            // Bytes that are not UTF-8 never reach the expression parser (the space file is text).
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(bytes: data, encoding: .utf8) else { return }
            do {
                _ = try DesignSpaceExpression(text, parameters: ["rows", "columns", "dataflow", "ifmap_sram_kib", "controller.read_queue"],
                                              numeric: [true, true, false, true, true])
            } catch let error as DesignSpaceExpression.SyntaxError {
                // The space-file loader turns this into an InputError at file:line, column.
                #expect(error.column >= 1 && error.column <= text.count + 1 && !error.message.isEmpty,
                        "\(path): syntax error without a column in the text: \(error)")
            }
        },
        "sweep-file": Target(file: "sweep/fuzz.shard-1-of-1.h5") { path in
            let storage = HDF5SweepStorage()
            _ = try storage.read(path: path)
            let out = (path as NSString).deletingLastPathComponent + "/fuzz-merged.h5"
            defer { try? FileManager.default.removeItem(atPath: out) }
            do {
                _ = try SweepMerge.merge(paths: [path], out: out, storage: storage)
            } catch let error as InputError where error.file == nil && error.message.contains("shard") {
                // About the set of shards given (e.g. "missing 1 of 2 shard(s): …"), not this file's content.
            }
        },
        "result-file": Target(file: "sweep/result.h5") { path in
            // As `arcade report` does: a file HDF5 cannot read is the user's input error.
            let report: SimulationReport
            do { report = try ResultFileReader.readVerified(path: path) } catch let error as ResultFileError {
                throw InputError(file: path, error.message)
            }
            _ = ResultReportPage.html(report, path: path, formatVersion: 2, softwareVersion: "replay")
        },
        "systolic-simulate": simulation(architecture: "Architectures/systolic/scalesim-32x32-os.yaml",
                                        file: "Workloads/conv/fuzz-input.csv"),
        "dram-simulate": simulation(architecture: "Architectures/dram/ddr4-2400.yaml", file: "Workloads/dram/fuzz-input.trace"),
        "dataflow-simulate": simulation(architecture: "Architectures/dataflow/sdpa-reordered.yaml",
                                        file: "Workloads/attention/fuzz-input.yaml"),
        "cache-architecture": architecture(folder: "cache", fileExtension: "yaml"),
        "address-trace": Target(file: "Workloads/traces/fuzz-input.trace") { _ = try AddressTraceReader.read(path: $0) },
        "cache-simulate": simulation(architecture: "Architectures/cache/tiny-3level.yaml", file: "Workloads/traces/fuzz-input.trace"),
        "pim-architecture": architecture(folder: "pim", fileExtension: "yaml"),
        "pim-workload": Target(file: "Workloads/pim/fuzz-input.yaml") { path in
            // As the target: bytes that are not UTF-8 never reach the parser (`PIMWorkload.load` refuses them).
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(bytes: data, encoding: .utf8) else { return }
            _ = try PIMWorkload.parse(text: text, file: path)
        },
        "pim-simulate": pimSimulation(),
        "fpga-architecture": architecture(folder: "fpga", fileExtension: "yaml"),
        "fpga-workload": Target(file: "Workloads/fpga/fuzz-input.yaml") { _ = try FPGAWorkload.load(path: $0) },
        // One request per line to a server over systolic-tiny, as fuzz/Sources/FuzzSupport's `serveRequests`.
        "serve-requests": Target(file: "Workloads/spaces/fuzz-requests.jsonl") { path in
            guard let data = FileManager.default.contents(atPath: path), let text = String(bytes: data, encoding: .utf8) else { return }
            let root = path.components(separatedBy: "/Workloads/")[0]
            var server = EnvironmentServer(evaluator: try DesignSpaceEvaluator(path: root + "/Workloads/spaces/systolic-tiny.yaml",
                                                                               parallelism: 1))
            for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(64) {
                let answer = server.respond(to: String(line))
                let object = try? JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
                #expect(object?["ok"] is Bool, "\(path): an answer that is not a JSON object with ok: \(answer)")
                if server.closed { break }
            }
        },
        // Through the workload that names it, fuzz/fpga-routing-workload.yaml, as the fuzz target reads it.
        "fpga-routing-trace": Target(file: "Workloads/fpga/fuzz-routes.csv") { path in
            let workload = (path as NSString).deletingLastPathComponent + "/fuzz-routing.yaml"
            try String(contentsOfFile: repositoryRoot + "/fuzz/fpga-routing-workload.yaml", encoding: .utf8)
                .write(toFile: workload, atomically: false, encoding: .utf8)
            _ = try FPGAWorkload.load(path: workload)
        },
    ]

    static func architecture(folder: String, fileExtension: String) -> Target {
        Target(file: "Architectures/\(folder)/fuzz-input.\(fileExtension)") { _ = try HardwareRegistry.loadArchitecture(path: $0) }
    }

    static func trace(fileExtension: String) -> Target {
        Target(file: "Workloads/dram/fuzz-input.\(fileExtension)") { _ = try MemoryTraceReader.read(path: $0) }
    }

    static func simulation(architecture: String, file: String) -> Target {
        Target(file: file) { path in
            let root = path.components(separatedBy: "/Workloads/")[0]
            let model = try HardwareRegistry.loadArchitecture(path: root + "/" + architecture)
            _ = try model.simulate(workloadPath: path, options: SimulationOptions())
        }
    }

    /// pim-simulate (fuzz/Sources/FuzzSupport/PIMFuzzInput.swift, keep in step): the input is a
    /// `family: pim` architecture, a line `---`, then a PIM workload; an input without the line, with
    /// another family, or whose run would be large (more than 8 channels or 64 banks, GEMV weights ×
    /// batch or elements over 2^20, a decode over 8 layer-tokens, d_model 256, d_ff 1024, vocab 4096,
    /// context 256 or batch 2, or over 2^14 unit steps) is skipped, as the target skips it.
    static func pimSimulation() -> Target {
        Target(file: "Workloads/pim/fuzz-input.yaml") { path in
            guard let data = FileManager.default.contents(atPath: path), let text = String(bytes: data, encoding: .utf8),
                  let separator = text.range(of: "\n---\n") else { return }
            let root = path.components(separatedBy: "/Workloads/")[0]
            let architecturePath = root + "/Architectures/pim/fuzz-input.yaml"
            try (String(text[..<separator.lowerBound]) + "\n").write(toFile: architecturePath, atomically: false, encoding: .utf8)
            let workloadText = String(text[separator.upperBound...])
            guard let model = try HardwareRegistry.loadArchitecture(path: architecturePath) as? PIMModel else { return }
            let workload = try PIMWorkload.parse(text: workloadText, file: path)
            let organization = model.architecture.memory.organization
            guard organization.channels <= 8, organization.banksPerChannel <= 64 else { return }
            switch workload {
            case .gemv(let outputs, let inputs, let batch, _):
                let (weights, overflow) = outputs.multipliedReportingOverflow(by: inputs)
                guard !overflow, weights <= 1 << 20, weights * batch <= 1 << 20 else { return }
            case .elementwise(_, let elements, _):
                guard elements <= 1 << 20 else { return }
            case .decode(let decode):
                let m = decode.model
                guard m.layers * decode.generatedTokens <= 8, m.dModel <= 256, m.dFF <= 1_024, m.vocab <= 4_096,
                      decode.promptTokens + decode.generatedTokens <= 256, decode.batch <= 2 else { return }
            }
            // About how many steps the busiest unit runs: GEMV rows spread over the units, inputs over the lanes.
            let units = model.architecture.channels * model.architecture.units.unitsPerChannel(organization)
            let lanes = model.architecture.units.lanes
            func up(_ a: Int, _ b: Int) -> Int { (a + b - 1) / max(1, b) }
            func gemv(_ outputs: Int, _ inputs: Int) -> Int { up(outputs, units) * up(inputs, lanes) }
            var steps = 0
            switch workload {
            case .gemv(let outputs, let inputs, let batch, _): steps = gemv(outputs, inputs) * batch
            case .elementwise(_, let elements, _): steps = up(elements, units * lanes)
            case .decode(let decode):
                let m = decode.model, d = m.dModel
                for token in 0..<decode.generatedTokens {
                    let context = decode.promptTokens + token + 1
                    let layer = gemv(3 * d, d) + gemv(d, d) + gemv(m.dFF, d) + gemv(d, m.dFF)
                        + gemv(m.heads * context, m.headDim) + gemv(d, context)
                    steps += (m.layers * layer + gemv(m.vocab, d)) * decode.batch
                }
            }
            guard steps <= 1 << 14 else { return }
            _ = try model.simulate(workload, workloadName: path, workloadText: workloadText)
        }
    }

    /// The committed files of one corpus folder, sorted (empty when the folder is missing).
    static func files(_ target: String) -> [String] {
        let folder = corpus + "/" + target
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    /// Fuzz targets named in fuzz/Package.swift's `fuzzTargets`.
    static var packageTargets: [String] {
        guard let manifest = try? String(contentsOfFile: repositoryRoot + "/fuzz/Package.swift", encoding: .utf8),
              let start = manifest.range(of: "let fuzzTargets = [") else { return [] }
        let list = manifest[start.upperBound...].prefix { $0 != "]" }
        return list.split(separator: "\n").compactMap { line in
            let code = line.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            let parts = code.split(separator: "\"")
            return parts.count >= 2 ? String(parts[1]) : nil
        }
    }

    /// A temporary mirror of `Architectures/` and `Workloads/`: real folders whose shipped files
    /// are symlinks, as fuzz/Sources/FuzzSupport builds it.
    static func scratch() throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("arcade-replay-\(UUID().uuidString)")
        for top in ["Architectures", "Workloads"] {
            let source = URL(fileURLWithPath: repositoryRoot).appendingPathComponent(top)
            for folder in try fm.contentsOfDirectory(atPath: source.path) {
                var isDirectory: ObjCBool = false
                let from = source.appendingPathComponent(folder)
                guard fm.fileExists(atPath: from.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let to = root.appendingPathComponent(top).appendingPathComponent(folder)
                try fm.createDirectory(at: to, withIntermediateDirectories: true)
                for file in try fm.contentsOfDirectory(atPath: from.path) {
                    try fm.createSymbolicLink(at: to.appendingPathComponent(file), withDestinationURL: from.appendingPathComponent(file))
                }
            }
        }
        try fm.createDirectory(at: root.appendingPathComponent("sweep"), withIntermediateDirectories: true)
        return root.path
    }

    /// Feeds every file of `corpus/<target>/` (or of `files`) to the target's reader; returns how
    /// many were accepted and how many refused. Records an issue for any other outcome.
    @discardableResult
    static func replay(_ name: String, files: [String]? = nil, as given: Target? = nil) throws -> (accepted: Int, refused: Int) {
        let target = try #require(given ?? targets[name], "no replay entry for fuzz target \(name)")
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var accepted = 0, refused = 0
        for file in files ?? Self.files(name) {
            let path = root + "/" + target.file
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: file, toPath: path)
            let input = "fuzz/corpus/\(name)/\((file as NSString).lastPathComponent)"
            do {
                try target.read(path)
                accepted += 1
            } catch let error as InputError {
                refused += 1
                // The error names the input (or a file it references, e.g. `memory:`), with its line when known.
                #expect(error.file != nil, "\(input): InputError without a file: \(error)")
                #expect(error.description.hasPrefix(error.file ?? "?"), "\(input): \(error)")
                if let line = error.line { #expect(line >= 1, "\(input): line \(line) in \(error)") }
            } catch let error as ResultFileError {
                refused += 1
                #expect(!error.path.isEmpty && error.description.hasPrefix(error.path), "\(input): \(error)")
            } catch {
                Issue.record("\(input): not the project's input error: \(type(of: error)) \(error)")
            }
        }
        return (accepted, refused)
    }
}

@Suite struct FuzzCorpusReplayTests {
    /// Every fuzz target has a replay entry and a non-empty seed folder, and every corpus folder
    /// belongs to a target, so a target added to fuzz/Package.swift cannot be left out of the replay.
    @Test func everyFuzzTargetIsReplayed() {
        let declared = FuzzCorpus.packageTargets
        #expect(declared.count >= 10, "fuzz/Package.swift's fuzzTargets not found: \(declared)")
        for target in declared {
            #expect(FuzzCorpus.targets[target] != nil, "fuzz target \(target) has no replay entry in FuzzCorpus.targets")
            #expect(!FuzzCorpus.files(target).isEmpty, "fuzz target \(target) has no seeds in fuzz/corpus/\(target)/")
        }
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: FuzzCorpus.corpus)) ?? []
        for folder in folders where !folder.hasPrefix(".") {
            #expect(declared.contains(folder), "fuzz/corpus/\(folder)/ belongs to no fuzz target")
        }
    }

    @Test(arguments: FuzzCorpus.targets.keys.sorted())
    func corpusIsAcceptedOrRefusedCleanly(_ target: String) throws {
        let files = FuzzCorpus.files(target)
        #expect(!files.isEmpty, "fuzz/corpus/\(target)/ is empty")
        try FuzzCorpus.replay(target)
    }

    /// The shipped seeds themselves are valid inputs (a reader that starts refusing them has regressed;
    /// seeds are the files whose names do not start with crash-, timeout- or oom-).
    @Test(arguments: ["systolic-architecture", "scalesim-cfg", "dram-architecture", "topology-csv", "ramulator2-trace",
                      "ramulator1-trace", "dramsim3-trace", "design-space", "dataflow-architecture", "attention-workload",
                      "dataflow-simulate", "cache-architecture", "address-trace", "cache-simulate"])
    func seedsAreAccepted(_ target: String) throws {
        let seeds = FuzzCorpus.files(target).filter {
            let name = ($0 as NSString).lastPathComponent
            return !["crash-", "timeout-", "oom-", "leak-"].contains { name.hasPrefix($0) }
        }
        let outcome = try FuzzCorpus.replay(target, files: seeds)
        #expect(outcome.accepted == seeds.count, "\(target): \(outcome.refused) seed(s) refused")
    }
}
