import ArcadeCore
import ArcadeExplore
import ArcadeHardware
import ArcadeResults
import ArcadeWorkloads
import Foundation

/// What every fuzz target shares: a scratch tree that mirrors the repository's `Architectures/`
/// and `Workloads/` (so `memory: ../dram/ddr4-2400.yaml` and a space's `architecture:` and
/// `workload:` resolve as they do for the shipped files), and one call per reader, made exactly as
/// the CLI makes it. Thrown errors are the expected outcome for bad input and are ignored; a trap,
/// a crash or a hang is a finding.
public enum Fuzz {
    /// The repository root, from this file's path (fuzz/Sources/FuzzSupport/FuzzSupport.swift).
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Per process: `$TMPDIR/arcade-fuzz-<pid>/` with real folders `Architectures/<family>/` and
    /// `Workloads/<kind>/` whose shipped files are symlinks, so inputs written there never touch the
    /// repository.
    public static let scratch: String = {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("arcade-fuzz-\(getpid())")
        try? fm.removeItem(at: root)
        for top in ["Architectures", "Workloads"] {
            let source = repository.appendingPathComponent(top)
            let folders = (try? fm.contentsOfDirectory(atPath: source.path)) ?? []
            for folder in folders {
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: source.appendingPathComponent(folder).path, isDirectory: &isDirectory),
                      isDirectory.boolValue else { continue }
                let target = root.appendingPathComponent(top).appendingPathComponent(folder)
                try? fm.createDirectory(at: target, withIntermediateDirectories: true)
                for file in (try? fm.contentsOfDirectory(atPath: source.appendingPathComponent(folder).path)) ?? [] {
                    try? fm.createSymbolicLink(at: target.appendingPathComponent(file),
                                               withDestinationURL: source.appendingPathComponent(folder).appendingPathComponent(file))
                }
            }
        }
        try? fm.createDirectory(at: root.appendingPathComponent("sweep"), withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Fuzz.scratch) }
        return root.path
    }()

    /// Writes the input to `scratch/<relative>` and returns the path.
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int, to relative: String) -> String {
        let path = scratch + "/" + relative
        // Plain open/write: FileManager.createFile writes atomically (a temporary file and a
        // rename), several times slower per input.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot write \(path)")
        var written = 0
        while written < size {
            let n = Foundation.write(fd, data + written, size - written)
            precondition(n > 0, "cannot write \(path)")
            written += n
        }
        close(fd)
        return path
    }

    /// The input as text, or nil when it is not UTF-8 (readers that take a `String` never see such bytes:
    /// the CLI's file readers reject them first).
    public static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String? {
        String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    // MARK: - Readers

    /// An architecture file, read as `arcade simulate ARCH …` reads it (`HardwareRegistry.loadArchitecture`),
    /// written under `Architectures/<folder>/` so relative references resolve like the shipped files'.
    public static func architecture(_ data: UnsafePointer<UInt8>, _ size: Int, folder: String, fileExtension: String) {
        let path = write(data, size, to: "Architectures/\(folder)/fuzz-input.\(fileExtension)")
        _ = try? HardwareRegistry.loadArchitecture(path: path)
    }

    /// A SCALE-Sim topology CSV, read as the systolic family reads a workload.
    public static func topology(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/conv/fuzz-input.csv")
        _ = try? TopologyReader.read(path: path)
    }

    /// A DRAM request trace (any of the three formats), read as the DRAM family reads a workload.
    public static func trace(_ data: UnsafePointer<UInt8>, _ size: Int, fileExtension: String) {
        let path = write(data, size, to: "Workloads/dram/fuzz-input.\(fileExtension)")
        _ = try? MemoryTraceReader.read(path: path)
    }

    /// `arcade simulate Architectures/systolic/scalesim-32x32-os.yaml <input CSV>`: the topology
    /// reader plus the systolic family's work on what it accepted (sizes, folds, traffic).
    public static func systolicSimulation(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/conv/fuzz-input.csv")
        _ = try? systolicModel.simulate(workloadPath: path, options: SimulationOptions())
    }
    static let systolicModel = try! HardwareRegistry.loadArchitecture(path: scratch + "/Architectures/systolic/scalesim-32x32-os.yaml")

    /// `arcade simulate Architectures/dram/ddr4-2400.yaml <input trace>`: the trace reader plus the
    /// DRAM family's cycle-level run of what it accepted.
    public static func dramSimulation(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/dram/fuzz-input.trace")
        _ = try? dramModel.simulate(workloadPath: path, options: SimulationOptions())
    }
    static let dramModel = try! HardwareRegistry.loadArchitecture(path: scratch + "/Architectures/dram/ddr4-2400.yaml")

    /// An attention workload (`Workloads/attention/*.yaml`), read as `arcade simulate` reads it.
    public static func attentionWorkload(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/attention/fuzz-input.yaml")
        _ = try? AttentionWorkload.load(path: path)
    }

    /// `arcade simulate Architectures/dataflow/sdpa-reordered.yaml <input workload>`: the workload
    /// reader plus the dataflow family's run of what it accepted (within the default work limit).
    public static func dataflowSimulation(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/attention/fuzz-input.yaml")
        _ = try? dataflowModel.simulate(workloadPath: path, options: SimulationOptions())
    }
    static let dataflowModel = try! HardwareRegistry.loadArchitecture(path: scratch + "/Architectures/dataflow/sdpa-reordered.yaml")

    /// A program address trace (valgrind lackey or plain `R|W addr size`, gzip'd or not), read as
    /// `arcade simulate` reads a cache family's workload.
    public static func addressTrace(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/traces/fuzz-input.trace")
        _ = try? AddressTraceReader.read(path: path)
    }

    /// `arcade simulate Architectures/cache/tiny-3level.yaml <input trace>`: the trace reader plus the
    /// cache family's run (levels, stacked layers, memory) of what it accepted.
    public static func cacheSimulation(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/traces/fuzz-input.trace")
        _ = try? cacheModel.simulate(workloadPath: path, options: SimulationOptions())
    }
    static let cacheModel = try! HardwareRegistry.loadArchitecture(path: scratch + "/Architectures/cache/tiny-3level.yaml")

    /// A PIM workload (`Workloads/pim/*.yaml`, `Workloads/llm/*.yaml`), parsed as `arcade simulate` parses it.
    public static func pimWorkload(_ data: UnsafePointer<UInt8>, _ size: Int) {
        guard let text = text(data, size) else { return }
        _ = try? PIMWorkload.parse(text: text, file: scratch + "/Workloads/pim/fuzz-input.yaml")
    }

    /// `arcade simulate ARCH WORKLOAD` for the pim family, both from the one input: a `family: pim`
    /// architecture, a line `---`, then a PIM workload (`PIMFuzzInput.split`). The architecture goes
    /// through `HardwareRegistry.loadArchitecture` (written under `Architectures/pim/`), the workload
    /// through `PIMWorkload.parse`; runs too large for the fuzzer are skipped (`PIMFuzzInput.isSmall`).
    public static func pimSimulation(_ data: UnsafePointer<UInt8>, _ size: Int) {
        guard let text = text(data, size), let (architectureText, workloadText) = PIMFuzzInput.split(text) else { return }
        let architecturePath = write(architectureText, to: "Architectures/pim/fuzz-input.yaml")
        let workloadPath = scratch + "/Workloads/pim/fuzz-input.yaml"
        guard let model = (try? HardwareRegistry.loadArchitecture(path: architecturePath)) as? PIMModel,
              let workload = try? PIMWorkload.parse(text: workloadText, file: workloadPath),
              PIMFuzzInput.isSmall(workload, architecture: architectureText, file: architecturePath) else { return }
        _ = try? model.simulate(workload, workloadName: workloadPath, workloadText: workloadText)
    }

    /// An FPGA transformer workload (`Workloads/fpga/*.yaml`), read as `arcade simulate` reads it
    /// (a `routing_trace:` it names is read too, relative to it).
    public static func fpgaWorkload(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/fpga/fuzz-input.yaml")
        _ = try? FPGAWorkload.load(path: path)
    }

    /// A MoE routing trace (CSV `layer,token,expert`), read through the workload that names it: a
    /// fixed 8-token, 2-layer (one MoE layer), 4-expert top-2 workload (fuzz/fpga-routing-workload.yaml).
    public static func fpgaRoutingTrace(_ data: UnsafePointer<UInt8>, _ size: Int) {
        _ = write(data, size, to: "Workloads/fpga/fuzz-routes.csv")
        _ = try? FPGAWorkload.load(path: fpgaRoutingWorkloadPath)
    }

    /// The workload the routing-trace target reads its input through: fuzz/fpga-routing-workload.yaml,
    /// copied beside the input (the replay test reads the same file).
    static let fpgaRoutingWorkloadPath: String = {
        let text = (try? String(contentsOf: repository.appendingPathComponent("fuzz/fpga-routing-workload.yaml"), encoding: .utf8)) ?? ""
        return write(text, to: "Workloads/fpga/fuzz-routing.yaml")
    }()

    /// `arcade serve` requests: each line of the input is one request to a server over
    /// systolic-tiny (every answer is a JSON line; nothing may trap). Lines past 64 are dropped, so a
    /// long input is not a long run of simulations.
    public static func serveRequests(_ data: UnsafePointer<UInt8>, _ size: Int) {
        guard let text = text(data, size) else { return }
        var server = EnvironmentServer(evaluator: serveEvaluator)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(64) {
            _ = server.respond(to: String(line))
            if server.closed { break }
        }
    }
    static let serveEvaluator = try! DesignSpaceEvaluator(path: scratch + "/Workloads/spaces/systolic-tiny.yaml", parallelism: 1)

    /// Writes `text` to `scratch/<relative>` and returns the path.
    static func write(_ text: String, to relative: String) -> String {
        let bytes = Array(text.utf8) + [0]  // never empty, so there is a base address
        return bytes.withUnsafeBufferPointer { write($0.baseAddress!, bytes.count - 1, to: relative) }
    }

    /// A design-space file, loaded as `arcade sweep|explore|compare SPACE` load it.
    public static func designSpace(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "Workloads/spaces/fuzz-input.yaml")
        _ = try? DesignSpaceFile.load(path: path)
    }

    /// A constraint expression over the parameters of `Workloads/spaces/systolic-tiny.yaml` (plus a
    /// dotted DRAM one), parsed as a space file's `constraints:` entries are.
    public static func constraint(_ data: UnsafePointer<UInt8>, _ size: Int) {
        guard let text = text(data, size) else { return }
        _ = try? DesignSpaceExpression(text, parameters: ["rows", "columns", "dataflow", "ifmap_sram_kib", "controller.read_queue"],
                                       numeric: [true, true, false, true, true])
    }

    /// A sweep result file (complete, partial or shard), read as resume and `arcade merge` read it.
    public static func sweepFile(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "sweep/fuzz.shard-1-of-1.h5")
        let storage = HDF5SweepStorage()
        _ = try? storage.read(path: path)
        let out = scratch + "/sweep/fuzz-merged.h5"
        _ = try? SweepMerge.merge(paths: [path], out: out, storage: storage)
        try? FileManager.default.removeItem(atPath: out)
    }

    /// `arcade report`: any HDF5 file, checksummed or not, read and rendered as a page.
    public static func resultFile(_ data: UnsafePointer<UInt8>, _ size: Int) {
        let path = write(data, size, to: "sweep/result.h5")
        guard let report = try? ResultFileReader.readVerified(path: path) else { return }
        _ = ResultReportPage.html(report, path: path, formatVersion: 2, softwareVersion: "fuzz")
    }
}

// MARK: - Entry point

/// libFuzzer's driver (in the toolchain's libclang_rt.fuzzer).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

extension Fuzz {
    /// Runs libFuzzer on `callback`. SwiftPM links executables with `main` aliased to
    /// `<module>_main` (for testable executables), and `-parse-as-library` means the module has no
    /// entry point, so each target defines `<module>_main` and calls this — libFuzzer's own `main`
    /// is then never pulled from its archive.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
