import ArcadeCore

/// The processing-in-memory family: DRAM with compute units beside the banks (Samsung HBM-PIM as
/// PIMSimulator models it, AiM / PIM-GPT-style all-bank units), driven by a host/ASIC component
/// through PIM kernels on one kernel: GEMV and element-wise kernels, and transformer decode (GPT-2
/// sizes) with the host doing softmax, layer norm, GELU and the KV-cache bookkeeping. Every run also
/// prices the same work on the same DRAM without PIM (simulated), a GPU and a CPU (rooflines).
public struct PIMModel: HardwareModel {
    public static let family = "pim"
    public static let summary = "processing-in-memory DRAM (HBM-PIM, AiM-style units): GEMV, element-wise, GPT decode vs no-PIM/GPU/CPU"
    public static let workloadDescription = "a PIM workload YAML: 'kernel: gemv|add|mul|relu' with its shape, or "
        + "'model: {layers, d_model, heads, d_ff, vocab}' with prompt_tokens, generated_tokens, batch"

    let architecture: PIMArchitecture
    public let sourceText: String

    public init(architecture document: ConfigSection, sourceText: String) throws {
        architecture = try PIMArchitecture.parse(document)
        self.sourceText = sourceText
    }

    public func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport {
        if let mode = options.compatibility {
            throw InputError(field: "--compat", "'\(mode)' is not a compatibility mode of the pim family; it has none "
                             + "(PIMSimulator's settings are an architecture file: Architectures/pim/hbm2-pim-pimsimulator.yaml)")
        }
        let (workload, text) = try PIMWorkload.load(path: workloadPath)
        return try simulate(workload, workloadName: workloadPath, workloadText: text, progress: options.progress,
                            allowHuge: options.allowHuge)
    }

    /// Runs an in-memory workload (tests, benchmarks).
    public func simulate(_ workload: PIMWorkload, workloadName: String = "in-memory", workloadText: String = "",
                         progress: SimulationProgress.Handler? = nil, allowHuge: Bool = false) throws -> SimulationReport {
        let run = try PIMRun.run(architecture, workload: workload, workloadName: workloadName, progress: progress,
                                 allowHuge: allowHuge)
        return PIMReport.make(run, architecture: architecture, workloadName: workloadName, workload: workload,
                              architectureText: sourceText, workloadText: workloadText)
    }
}
