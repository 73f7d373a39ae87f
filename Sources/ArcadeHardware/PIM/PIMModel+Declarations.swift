import ArcadeCore

/// What the PIM family reports and ships (`HardwareModel`'s declarations); `PIMReport` builds the
/// totals in this order. The baselines (`baselines.no_pim`, `.gpu`, `.cpu`; nested objects in JSON) are report groups with
/// `latency_ns`, `latency_per_token_ns`, `energy_nj`, `energy_per_token_nj` (and `cycles` for no_pim).
extension PIMModel {
    public static let metrics: [MetricDescriptor] = [
        MetricDescriptor("cycles", .cycles, "memory cycles from the start until the last step ended"),
        MetricDescriptor("no_pim_cycles", .cycles, "memory cycles of the same kernel without PIM (baselines.no_pim)",
                         when: "for a single kernel"),
        MetricDescriptor("latency_ns", .nanoseconds, "time of every step, PIM kernels and host ops", sumOf: "tokens"),
        MetricDescriptor("tokens", .count("tokens"), "decode steps (1 for a single kernel)", rowsOf: "tokens"),
        MetricDescriptor("latency_per_token_ns", .nanoseconds, "latency_ns / tokens"),
        MetricDescriptor("energy_nj", .nanojoules, "DRAM commands and background, PIM units' in-bank reads and MACs, host",
                         sumOf: "tokens"),
        MetricDescriptor("energy_per_token_nj", .nanojoules, "energy_nj / tokens"),
        MetricDescriptor("host_ns", .nanoseconds, "time in host ops (softmax, layer norm, GELU, adds, KV append, argmax)"),
        MetricDescriptor("macs", .count("MACs"), "multiply-accumulates of the GEMVs (outputs × inputs × batch)"),
        MetricDescriptor("pim_compute_commands", .count("commands"), "compute commands (MAC, element-wise), all channels"),
        MetricDescriptor("pim_unit_utilization_percent", .percent, "unit compute steps / (kernel time / nCCD_L × units)"),
        MetricDescriptor("internal_bandwidth_gb_per_s", .gigabytesPerSecond, "bank bytes the units read per second of kernel time"),
        MetricDescriptor("refreshes", .count("commands"), "all-bank refresh commands, all channels"),
        MetricDescriptor("speedup_vs_no_pim", .count("×"), "no-PIM latency / PIM latency"),
        MetricDescriptor("speedup_vs_gpu", .count("×"), "GPU roofline latency / PIM latency"),
        MetricDescriptor("speedup_vs_cpu", .count("×"), "CPU roofline latency / PIM latency"),
    ]
    public static let delayMetric: String? = "latency_per_token_ns"
    public static let energyMetric: String? = "energy_per_token_nj"
    public static let exampleWorkloads = ["Workloads/pim/add-64k.yaml", "Workloads/pim/gemv-4096x4096-fp16.yaml",
                                          "Workloads/llm/gpt2-small.yaml"]
    public static let exampleSimulations = [
        ["Architectures/pim/hbm2-pim-pimsimulator.yaml", "Workloads/pim/gemv-4096x4096-fp16.yaml", "--json"],
        ["Architectures/pim/pim-gpt-gddr6.yaml", "Workloads/llm/gpt2-medium.yaml"],
    ]
    public static let malformedWorkloadExample = (fileExtension: "yaml", text: "kernel: gemv\noutputs: -3\ninputs: 16\n")
}
