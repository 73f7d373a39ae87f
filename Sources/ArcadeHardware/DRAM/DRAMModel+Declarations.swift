/// What the DRAM family reports and ships, for the CLI, the renderers, derived objectives and the
/// conformance suite (`HardwareModel`'s declarations). `DRAMReport` builds the totals in this order.
extension DRAMModel {
    public static let metrics: [MetricDescriptor] = {
        let requests = MetricUnit.count("requests")
        let commands = MetricUnit.count("commands")
        var metrics = [
            MetricDescriptor("cycles", .cycles, "memory cycles until the last request completed"),
            MetricDescriptor("last_accept_cycle", .cycles, "cycle the controller accepted the last request (Ramulator 2's end)"),
            MetricDescriptor("requests", requests, "requests in the trace"),
            MetricDescriptor("reads", requests, "read requests", sumOf: "channels"),
            MetricDescriptor("writes", requests, "write requests", sumOf: "channels"),
            MetricDescriptor("bytes_per_request", .bytes, "bytes moved by one request"),
            MetricDescriptor("time_us", .microseconds, "cycles × tCK"),
            MetricDescriptor("bandwidth_gb_per_s", .gigabytesPerSecond, "bytes transferred / (cycles × tCK)"),
            MetricDescriptor("peak_bandwidth_gb_per_s", .gigabytesPerSecond, "every channel moving one access per nBL cycles"),
            MetricDescriptor("avg_read_latency_cycles", .cycles, "mean read latency, arrival to data returned"),
            MetricDescriptor("p50_read_latency_cycles", .cycles, "median read latency"),
            MetricDescriptor("p95_read_latency_cycles", .cycles, "95th percentile read latency"),
            MetricDescriptor("p99_read_latency_cycles", .cycles, "99th percentile read latency"),
            MetricDescriptor("row_hits", requests, "requests served from the open row", sumOf: "channels"),
            MetricDescriptor("row_misses", requests, "requests to a closed bank", sumOf: "channels"),
            MetricDescriptor("row_conflicts", requests, "requests to a bank with another row open", sumOf: "channels"),
            MetricDescriptor("row_hit_percent", .percent, "row hits / (hits + misses + conflicts), in %"),
            MetricDescriptor("refreshes", commands, "refresh commands", sumOf: "channels"),
        ]
        for command in DRAMCommand.allCases {
            let name = "cmd_\(command.reportName)"
            metrics.append(MetricDescriptor(name, commands, "\(command.reportName.uppercased()) commands issued",
                                            sumOf: name == "cmd_act" ? "channels" : nil))
        }
        return metrics + [
            MetricDescriptor("energy_nj", .nanojoules, "total energy from IDD currents (DRAMEnergy)", sumOf: "channels"),
            MetricDescriptor("energy_act_pre_nj", .nanojoules, "activate and precharge energy"),
            MetricDescriptor("energy_read_nj", .nanojoules, "read burst energy"),
            MetricDescriptor("energy_write_nj", .nanojoules, "write burst energy"),
            MetricDescriptor("energy_refresh_nj", .nanojoules, "refresh energy"),
            MetricDescriptor("energy_background_nj", .nanojoules, "background (standby) energy"),
            MetricDescriptor("energy_is_estimate", .flag, "true when the standard's IDD values are estimates"),
        ] + systemCMetrics
    }()
    /// `--reference systemc` (`DRAMSystemCReference`); names as the dataflow family's where they mean the same.
    static let systemCMetrics: [MetricDescriptor] = {
        let when = "with --reference systemc"
        let seconds = MetricUnit("s", quantity: .time, siExponent: 0)
        return [
            MetricDescriptor("reference_cycles", .cycles, "the SystemC reference's cycles (its last request's completion)", when: when),
            MetricDescriptor("reference_agrees", .flag, "1 when the SystemC reference's counters (cycles, last accept, reads, "
                             + "writes, row hits/misses/conflicts, command counts, the sum of read latencies) and every request's "
                             + "completion cycle equal Arcade's",
                             when: when),
            MetricDescriptor("reference_counter_mismatches", .count("totals"), "compared totals that differ", when: when),
            MetricDescriptor("reference_request_mismatches", MetricUnit.count("requests"),
                             "requests whose completion cycle differs", when: when),
            MetricDescriptor("reference_first_mismatch_request", MetricUnit.count("request"),
                             "the first such request, from 1 in trace order (0: none)", when: when),
            MetricDescriptor("reference_seconds", seconds, "the SystemC model's run time (sc_start only)", when: when),
            MetricDescriptor("chip_seconds", seconds, "Arcade's run time over the same scope (the DRAM event loop)", when: when),
        ]
    }()
    public static let systemCReferenceDescription: String? = DRAMSystemCReference.description
    public static let delayMetric: String? = "time_us"
    public static let energyMetric: String? = "energy_nj"
    public static let exampleWorkloads = [
        "Workloads/dram/stream-2k.ramulator2.trace", "Workloads/dram/random-2k.ramulator1.trace",
        "Workloads/dram/mixed-2k.dramsim3.trace", "Workloads/dram/mixed-2k.ramulator2.trace",
    ]
    public static let exampleSimulations = [["Architectures/dram/ddr4-2400.yaml", "Workloads/dram/mixed-2k.ramulator2.trace"]]
    public static let malformedWorkloadExample = (fileExtension: "trace", text: "LD 0x40\nFETCH 0x80\n")
}
