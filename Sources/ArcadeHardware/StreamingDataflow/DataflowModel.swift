import ArcadeCore
import Foundation

/// The streaming dataflow family: units (map, reduce, running max/sum/output, dot and outer
/// products, forks, scratchpads, sources and sinks) joined by bounded FIFOs with DAM's latency and
/// back-pressure semantics, on the kernel's components and channels, computing real values.
/// Reproduces "Implementing and Optimizing the Scaled Dot-Product Attention on Streaming
/// Dataflow" (Sohn, Zhang, Olukotun, arXiv 2404.16629): the naive graph needs FIFOs of about N,
/// the reordered one runs at the same throughput with depth 12 at every N.
public struct DataflowModel: HardwareModel {
    public static let family = "dataflow"
    public static let summary = "streaming dataflow units on bounded FIFOs (DAM semantics): SDPA naive vs reordered, real numerics"
    public static let workloadDescription = "an attention workload YAML (sequence_length, head_dim, heads, seed)"

    let graph: DataflowGraphTemplate
    let file: String
    public let sourceText: String

    public init(architecture: ConfigSection, sourceText: String) throws {
        graph = try DataflowGraphTemplate.parse(architecture)
        file = architecture.file
        self.sourceText = sourceText
    }

    public func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport {
        if let compat = options.compatibility {
            throw InputError(field: "--compat", "'\(compat)' is not a compatibility mode of the dataflow family; it has none "
                                 + "(its graphs follow DAM's channel semantics natively)")
        }
        let workloadText: String
        do { workloadText = try String(contentsOfFile: workloadPath, encoding: .utf8) } catch {
            throw InputError(file: workloadPath, "cannot read the attention workload (missing, or not UTF-8 text)")
        }
        let workload = try AttentionWorkload.parse(text: workloadText, file: workloadPath)
        return try simulate(workload, workloadName: workloadPath, workloadText: workloadText, allowHuge: options.allowHuge,
                            systemCReference: options.systemCReference)
    }

    /// Firings plus the FP64 check's multiply-adds above which a run needs `--allow-huge`: about a
    /// minute at the measured ~40–50 M firings per second (`arcade bench dataflow`).
    public static let workLimit = 3_000_000_000

    static func checkWork(_ graph: DataflowGraph, file: String, allowHuge: Bool) throws {
        guard !allowHuge else { return }
        let workload = graph.workload
        let n = Double(workload.sequenceLength), d = Double(workload.headDim), h = Double(workload.heads)
        let work = Double(graph.totalFirings) + h * n * n * d
        guard work <= Double(workLimit) else {
            throw InputError(file: file, String(format: "this run is %.2g unit firings plus reference multiply-adds, more than the "
                                                    + "limit %.2g (about a minute); pass --allow-huge to run it anyway", work,
                                                    Double(workLimit)))
        }
    }

    /// Runs an in-memory workload (tests, benchmarks).
    public func simulate(_ workload: AttentionWorkload, workloadName: String = "in-memory", workloadText: String = "",
                         allowHuge: Bool = false, systemCReference: Bool = false) throws -> SimulationReport {
        let resolved = try DataflowGraph(template: graph, workload: workload, file: file)
        try resolved.workload.checkSize(file: workloadName)
        try Self.checkWork(resolved, file: workloadName, allowHuge: allowHuge)
        // The netlist is checked before Arcade's run, so an unsupported graph costs nothing.
        if systemCReference { _ = try DataflowSystemCReference.netlist(resolved, file: file) }
        var chipSeconds = 0.0
        let run = try DataflowRun.run(resolved, timing: &chipSeconds)
        var report = DataflowReport.make(run: run, graph: resolved, workloadName: workloadName,
                                         architectureText: sourceText, workloadText: workloadText)
        if systemCReference {
            let reference = try DataflowSystemCReference.run(resolved, file: file)
            report.totals += [("reference_cycles", .int(Int64(reference.cycles))),
                              ("reference_agrees", .int(reference.cycles == Int(run.cycles) ? 1 : 0)),
                              ("reference_seconds", .double(reference.seconds)), ("chip_seconds", .double(chipSeconds))]
        }
        return report
    }
}
