import ArcadeCore

/// What the FPGA family reports and ships (`HardwareModel`'s declarations); `FPGAReport` builds
/// the totals in this order.
extension FPGAModel {
    public static let metrics: [MetricDescriptor] = [
        MetricDescriptor("cycles", .cycles, "kernel clock cycles until the last phase's last write is in memory"),
        MetricDescriptor("latency_us", .microseconds, "end-to-end latency of the workload (all layers)"),
        MetricDescriptor("latency_per_layer_us", .microseconds, "latency_us / layers"),
        MetricDescriptor("macs", .count("MACs"), "multiply-accumulates of the MAC units (masked window scores included)", sumOf: "phases"),
        MetricDescriptor("gops", .count("GOPS"), "2 × macs / latency"),
        MetricDescriptor("power_w", MetricUnit("W"), "static + dynamic (per used resource, clock, toggle rate) + off-chip memory"),
        MetricDescriptor("energy_uj", .microjoules, "power_w × latency"),
        MetricDescriptor("gops_per_w", .count("GOPS/W"), "gops / power_w"),
        MetricDescriptor("lut_used", .count("LUTs"), "LUTs of the design (resources table)"),
        MetricDescriptor("lut_percent", .percent, "lut_used / the device's LUTs"),
        MetricDescriptor("ff_used", .count("FFs"), "flip-flops of the design"),
        MetricDescriptor("ff_percent", .percent, "ff_used / the device's flip-flops"),
        MetricDescriptor("dsp_used", .count("DSPs"), "DSP slices of the design"),
        MetricDescriptor("dsp_percent", .percent, "dsp_used / the device's DSP slices"),
        MetricDescriptor("bram18_used", .count("BRAM18"), "18 Kb block RAMs of the design"),
        MetricDescriptor("bram18_percent", .percent, "bram18_used / the device's BRAM18"),
        MetricDescriptor("uram_used", .count("URAM"), "UltraRAM blocks of the design"),
        MetricDescriptor("uram_percent", .percent, "uram_used / the device's URAMs"),
        MetricDescriptor("memory_bytes", .bytes, "bytes read from and written to off-chip memory", sumOf: "layers"),
        MetricDescriptor("memory_bandwidth_gb_per_s", .gigabytesPerSecond, "memory_bytes / latency"),
        MetricDescriptor("memory_roofline_percent", .percent, "memory bandwidth / the device's channels × GB/s"),
        MetricDescriptor("busiest_channel_percent", .percent, "the busiest memory channel's transfer time / latency"),
        MetricDescriptor("events", .count("events"), "kernel events of the run"),
    ]
    public static let delayMetric: String? = "latency_us"
    public static let energyMetric: String? = "energy_uj"
    public static let exampleWorkloads = [
        "Workloads/fpga/window-attention-n256.yaml", "Workloads/fpga/longformer-attention-4k.yaml", "Workloads/fpga/m3vit.yaml",
    ]
    public static let exampleSimulations = [
        ["Architectures/fpga/swat-u280.yaml", "Workloads/fpga/longformer-attention-4k.yaml"],
        ["Architectures/fpga/ubimoe-u280.yaml", "Workloads/fpga/m3vit.yaml", "--json"],
    ]
    public static let malformedWorkloadExample = (fileExtension: "yaml", text: "sequence_length: 0\nheads: 1\nhead_dim: 64\n")
}
