import ArcadeCore

/// The FPGA family: transformer engines on a fixed device with a resource budget — a SWAT-style
/// sliding-window attention kernel (row-wise dataflow, fused QKᵀ–softmax–S·V, input stationary;
/// Bai et al., DAC 2024) and UbiMoE's reusable linear kernel for a mixture-of-experts ViT (Dong et
/// al., ISCAS 2025) — built from the streaming-dataflow units (memory readers and writers, compute
/// units, bounded FIFOs) on the kernel, reading HBM or DDR through the board's memory component.
/// A design that does not fit its device is rejected with the resource named.
public struct FPGAModel: HardwareModel {
    public static let family = "fpga"
    public static let summary = "FPGA transformer engines (SWAT window attention, UbiMoE linear kernel) on a device with a resource budget"
    public static let workloadDescription = "a transformer workload YAML (sequence_length, heads, head_dim, layers, attention: "
        + "dense | {window, global_tokens}; optional model_dim, projections, mlp, moe)"

    let architecture: FPGAArchitecture
    public let sourceText: String
    let file: String

    public init(architecture document: ConfigSection, sourceText: String) throws {
        architecture = try FPGAArchitecture.parse(document)
        self.sourceText = sourceText
        file = document.file
    }

    public func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport {
        if let mode = options.compatibility {
            throw InputError(field: "--compat", "'\(mode)' is not a compatibility mode of the fpga family; it has none")
        }
        let (workload, text) = try FPGAWorkload.load(path: workloadPath)
        return try simulate(workload, workloadName: workloadPath, workloadText: text, allowHuge: options.allowHuge)
    }

    /// Runs an in-memory workload (tests, benchmarks).
    public func simulate(_ workload: FPGAWorkload, workloadName: String = "in-memory", workloadText: String = "",
                         allowHuge: Bool = false) throws -> SimulationReport {
        let resolved = try architecture.resolve(workload, file: file)
        if resolved.moe != nil && resolved.sequenceLength != workload.sequenceLength {
            throw InputError(file: file, field: "workload_overrides.sequence_length",
                             "cannot change the sequence length of a MoE workload (its routing is per token)")
        }
        let run = try FPGARun.run(architecture, workload: resolved, file: file, allowHuge: allowHuge)
        return FPGAReport.make(run, architecture: architecture, workload: resolved, workloadName: workloadName,
                               architectureText: sourceText, workloadText: workloadText)
    }
}
