/// What the systolic family reports and ships, for the CLI, the renderers, derived objectives and
/// the conformance suite (`HardwareModel`'s declarations).
extension SystolicArrayModel {
    public static let metrics: [MetricDescriptor] = [
        MetricDescriptor("layers", .count("layers"), "rows of the layer table (one per layer; per channel of depthwise layers under --compat scalesim)",
                         rowsOf: "layers"),
        MetricDescriptor("cycles", .cycles, "array cycles of all layers, stalls included", sumOf: "layers"),
        MetricDescriptor("stall_cycles", .cycles, "cycles the array waited for memory", sumOf: "layers"),
        MetricDescriptor("time_us", .microseconds, "cycles at clock_mhz"),
        MetricDescriptor("macs", .count("MACs"), "multiply-accumulates", sumOf: "layers"),
        MetricDescriptor("compute_utilization", .percent, "MACs / ((cycles − stalls) · PEs)"),
        MetricDescriptor("overall_utilization", .percent, "MACs / (cycles · PEs)"),
        MetricDescriptor("sram_reads_ifmap", .words, "ifmap SRAM reads", sumOf: "layers"),
        MetricDescriptor("sram_reads_filter", .words, "filter SRAM reads", sumOf: "layers"),
        MetricDescriptor("sram_writes_ofmap", .words, "ofmap SRAM writes", sumOf: "layers"),
        MetricDescriptor("dram_reads_ifmap", .words, "ifmap words read from DRAM", sumOf: "layers"),
        MetricDescriptor("dram_reads_filter", .words, "filter words read from DRAM", sumOf: "layers"),
        MetricDescriptor("dram_writes_ofmap", .words, "ofmap words written to DRAM", sumOf: "layers"),
        MetricDescriptor("energy_uj", .microjoules, "MAC and SRAM energy (SystolicCostModel) plus DRAM energy: the DRAM model's with memory:, else a fixed energy per byte"),
        MetricDescriptor("area_mm2", .squareMillimeters, "PE array and SRAM area (SystolicCostModel)"),
        MetricDescriptor("dram_bytes", .bytes, "DRAM traffic: reads and writes × word_bytes"),
        MetricDescriptor("dram_energy_uj", .microjoules, "the DRAM model's energy (IDD currents)", when: "with memory:"),
        MetricDescriptor("dram_cycles", .cycles, "memory cycles until the last DRAM transaction completed", when: "with memory:"),
        MetricDescriptor("dram_requests", .count("requests"), "transactions the DRAM served", when: "with memory:"),
        MetricDescriptor("dram_row_hit_percent", .percent, "row hits / classified DRAM accesses, in %", when: "with memory:"),
        MetricDescriptor("reference_agrees", .flag, "1 when the PE-by-PE reference agreed on every layer",
                         when: "with --reference"),
    ]
    public static let delayMetric: String? = "time_us"
    public static let energyMetric: String? = "energy_uj"
    public static let exampleWorkloads = [
        "Workloads/spaces/tiny_gemm.csv", "Workloads/gemm/mlp_small.csv", "Workloads/gemm/gemm_set.csv",
        "Workloads/gemm/bert_base_layer.csv", "Workloads/conv/alexnet.csv", "Workloads/conv/resnet18.csv",
        "Workloads/conv/mobilenet.csv",
    ]
    public static let exampleSimulations = [
        ["Architectures/systolic/tpu-like-128x128-ws.yaml", "Workloads/conv/resnet18.csv"],
        ["Architectures/systolic/scalesim-32x32-os.cfg", "Workloads/gemm/gemm_set.csv", "--compat", "scalesim", "--json"],
    ]
    public static let malformedWorkloadExample = (fileExtension: "csv", text: "Layer Name, M, N, K,\nA, 4, -3, 4,\n")
    public static let foreignArchitectureFormats: String? = "a SCALE-Sim .cfg"
    public static let referenceModelDescription: String? =
        "PE by PE with real operand values; columns reference_cycles and reference_agrees; small arrays and layers only"
    /// `memory` holds the whole DRAM architecture text of a `memory:` architecture.
    public static let inputTextAttributes: Set<String> = ["architecture", "workload", "memory"]
}
