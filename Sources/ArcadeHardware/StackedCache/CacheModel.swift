import ArcadeCore
import ArcadeWorkloads
import Foundation

/// The cache-hierarchy family: set-associative levels (LRU, FIFO, random, SRRIP, DRRIP;
/// write-back or write-through, write-allocate or not; non-inclusive, inclusive or exclusive; MSHRs)
/// whose last level may be SRAM stacked in layers on the logic die (AMD 3D V-Cache; LARC, Domke et
/// al., TACO 2023), driven by program traces (valgrind lackey, plain `R|W addr size`), with the last
/// level's misses going through a memory port to the DRAM component or a fixed-latency memory.
/// `--compat pycachesim` reports pycachesim 0.3.1's own counters exactly.
public struct CacheModel: HardwareModel {
    public static let family = "cache"
    public static let summary = "cache hierarchies with stacked SRAM layers on program traces, pycachesim-exact, misses to DRAM"
    public static let workloadDescription = "an address trace: valgrind lackey log ('I  addr,size', ' L addr,size', ' S', ' M') "
        + "or plain 'R|W 0xADDR [size]' lines, gzip'd or not"
    public static let compatibilityModes = ["pycachesim"]

    let architecture: CacheArchitecture
    let file: String
    public let sourceText: String

    public init(architecture document: ConfigSection, sourceText: String) throws {
        architecture = try CacheArchitecture.parse(document)
        file = document.file
        self.sourceText = sourceText
    }

    /// The DRAM's access size when the last level's misses go to a DRAM file (nil: a fixed-latency memory).
    var dramAccessBytes: Int? {
        if case .dram(let model, _) = architecture.memory { return model.config.organization.accessBytes }
        return nil
    }

    /// Accesses above which a run needs `--allow-huge`: about a minute at the measured speed
    /// (`arcade bench cache`).
    public static let accessLimit = 1_000_000_000

    public func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport {
        let compat: Bool
        switch options.compatibility?.lowercased() {
        case nil: compat = false
        case "pycachesim":
            try architecture.checkPycachesimCompatible(file: file)
            compat = true
        case let other?:
            throw InputError(field: "--compat", "'\(other)' is not a compatibility mode of the cache family; allowed: pycachesim")
        }
        let report = options.progress
        let trace = try AddressTraceReader.read(path: workloadPath) { done, total in
            report?(SimulationProgress(done: done, total: total, item: "read trace", unit: "bytes"))
        }
        return try simulate(trace, compat: compat, workloadName: workloadPath, allowHuge: options.allowHuge,
                            progress: options.progress)
    }

    /// Runs an in-memory trace (tests, benchmarks).
    public func simulate(_ trace: AddressTrace, compat: Bool = false, workloadName: String = "in-memory",
                         allowHuge: Bool = false, progress: SimulationProgress.Handler? = nil,
                         fastPaths: Bool = true) throws -> SimulationReport {
        if !allowHuge && trace.accesses.count > Self.accessLimit {
            throw InputError(file: workloadName, "the trace has \(trace.accesses.count) accesses, more than the limit "
                                 + "\(Self.accessLimit) (about a minute); pass --allow-huge to run it anyway")
        }
        let run = try CacheRun.run(architecture, trace: trace, compat: compat, progress: progress, fastPaths: fastPaths)
        let workloadText = "trace: \(workloadName)\nformat: \(trace.format.rawValue)\naccesses: \(trace.accesses.count)\n"
        return CacheReport.make(run: run, architecture: architecture, compat: compat, traceName: workloadName,
                                architectureText: sourceText, workloadText: workloadText, instructions: trace.instructions)
    }
}
