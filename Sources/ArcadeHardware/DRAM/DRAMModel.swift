import ArcadeCore
import ArcadeWorkloads
import Foundation

/// The DRAM family: JEDEC presets (DDR4, DDR5, LPDDR5, HBM2, HBM3) behind an event-driven
/// controller (FR-FCFS/FCFS, open/closed row, write drain, refresh, address mapping), run on
/// request traces in the Ramulator 1/2 and DRAMSim3 formats.
public struct DRAMModel: HardwareModel {
    public static let family = "dram"
    public static let summary = "JEDEC DRAM (DDR4/DDR5/LPDDR5/HBM2/HBM3) with an FR-FCFS controller, Ramulator 2 / DRAMsim3 comparable"
    public static let workloadDescription = "a request trace (Ramulator 2 'LD|ST addr', Ramulator 1 'addr R|W', DRAMSim3 'addr READ|WRITE cycle')"

    public var config: DRAMSystemConfig
    public var sourceText: String

    public init(config: DRAMSystemConfig, sourceText: String = "") {
        self.config = config
        self.sourceText = sourceText
    }

    public init(architecture: ConfigSection, sourceText: String) throws {
        self.init(config: try DRAMArchitectureFile.config(from: architecture), sourceText: sourceText)
    }

    public func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport {
        if let compat = options.compatibility {
            throw InputError(field: "--compat", "'\(compat)' is not a compatibility mode of the dram family; it has none "
                             + "(the *-peers.yaml architectures hold the peers' settings)")
        }
        let report = options.progress
        let trace = try MemoryTraceReader.read(path: workloadPath, progress: report.map { report in
            { done, total in report(SimulationProgress(done: done, total: total, item: "read trace", unit: "bytes")) }
        })
        try MemoryTraceLimits.checkIdleTime(trace, file: workloadPath, allowHuge: options.allowHuge)
        let workloadText = Self.describe(trace)
        return try simulate(trace, traceFile: workloadPath, workloadText: workloadText, progress: options.progress,
                            systemCReference: options.systemCReference)
    }

    /// Runs an in-memory trace (tests, benchmarks, other families). With `systemCReference`, also
    /// runs the SystemC model (`DRAMSystemCReference`) and adds its comparison to the totals.
    public func simulate(_ trace: MemoryTrace, traceFile: String? = nil, workloadText: String? = nil,
                         progress: SimulationProgress.Handler? = nil, systemCReference: Bool = false) throws -> SimulationReport {
        // Checked before Arcade's run, so an unsupported system costs nothing.
        if systemCReference { try DRAMSystemCReference.check(config) }
        var simulation = DRAMSimulation(config: config)
        simulation.progress = progress
        simulation.recordCompletions = systemCReference
        let result = try simulation.run(trace.requests, traceName: traceFile ?? trace.name)
        var report = DRAMReport.make(result: result, config: config, traceName: trace.name, architectureText: sourceText,
                                     workloadText: workloadText ?? Self.describe(trace))
        if systemCReference {
            let reference = try DRAMSystemCReference.run(config, requests: trace.requests)
            report.totals += DRAMSystemCReference.comparison(reference, report: report, result: result)
        }
        return report
    }

    /// Traces can be millions of lines: the result stores a description, not the text.
    static func describe(_ trace: MemoryTrace) -> String {
        "\(trace.name): \(trace.requests.count) requests, format \(trace.format.rawValue)"
    }
}
