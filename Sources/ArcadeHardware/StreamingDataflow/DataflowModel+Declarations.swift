import ArcadeCore

/// What the dataflow family reports and ships (`HardwareModel`'s declarations); `DataflowReport`
/// builds the totals in this order.
extension DataflowModel {
    public static let metrics: [MetricDescriptor] = [
        MetricDescriptor("cycles", .cycles, "cycles until the last unit's last firing (the sink takes the last output)"),
        MetricDescriptor("time_us", .microseconds, "cycles × clock period"),
        MetricDescriptor("firings", .count("firings"), "unit firings (element operations) of all units", sumOf: "units"),
        MetricDescriptor("firings_per_cycle", .count("firings/cycle"), "firings / cycles"),
        MetricDescriptor("peak_fifo_occupancy", .count("elements"), "the largest peak occupancy of any channel"),
        MetricDescriptor("fifo_depth_total", .count("elements"), "Σ channel depths"),
        MetricDescriptor("fifo_bytes", .bytes, "Σ depth × element size (a vector is D values)"),
        MetricDescriptor("vector_lanes", .count("lanes"), "Σ lanes (multipliers) of the units that work on D-wide vectors"),
        MetricDescriptor("sender_blocked_cycles", .cycles, "Σ cycles senders waited on full channels", sumOf: "channels"),
        MetricDescriptor("bank_conflict_cycles", .cycles, "scratchpad cycles lost to bank conflicts", sumOf: "units"),
        MetricDescriptor("dram_transactions", .count("transactions"), "reads the DRAM served for dram_source units", when: "with memory:"),
        MetricDescriptor("dram_bandwidth_gb_per_s", .gigabytesPerSecond, "DRAM bytes read / run time", when: "with memory:"),
        MetricDescriptor("outputs", .count("values"), "values the sink received"),
        MetricDescriptor("max_abs_error", MetricUnit("|Δ|"), "largest |output − softmax(QKᵀ/√D)·V in FP64|"),
        MetricDescriptor("reference_cycles", .cycles, "the SystemC reference's cycle of the last firing", when: "with --reference systemc"),
        MetricDescriptor("reference_agrees", .flag, "1 when the SystemC reference's cycles equal Arcade's", when: "with --reference systemc"),
        MetricDescriptor("reference_seconds", MetricUnit("s", quantity: .time, siExponent: 0), "the SystemC model's run time (sc_start only)",
                         when: "with --reference systemc"),
        MetricDescriptor("chip_seconds", MetricUnit("s", quantity: .time, siExponent: 0), "Arcade's chip run time (the same scope)",
                         when: "with --reference systemc"),
    ]
    public static let systemCReferenceDescription: String? = DataflowSystemCReference.description
    public static let delayMetric: String? = "time_us"
    /// Work grows as N², so a space's dry run takes the smallest sizes.
    public static let smallestPointIsQuickest = true
    public static let exampleWorkloads = [
        "Workloads/attention/sdpa-n16-d4.yaml", "Workloads/attention/sdpa-n64-d16.yaml",
        "Workloads/attention/sdpa-n512-d16.yaml",
    ]
    public static let exampleSimulations = [
        ["Architectures/dataflow/sdpa-reordered.yaml", "Workloads/attention/sdpa-n512-d16.yaml"],
        ["Architectures/dataflow/sdpa-naive.yaml", "Workloads/attention/sdpa-n512-d16.yaml", "--json"],
    ]
    public static let malformedWorkloadExample = (fileExtension: "yaml", text: "sequence_length: -3\nhead_dim: 16\n")
}
