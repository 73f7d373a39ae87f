import ArcadeCore

/// What the cache family reports and ships (`HardwareModel`'s declarations); `CacheReport` builds
/// the totals in this order.
extension CacheModel {
    public static let metrics: [MetricDescriptor] = [
        MetricDescriptor("cycles", .cycles, "core cycles until the last access completed and memory went idle"),
        MetricDescriptor("time_us", .microseconds, "cycles × clock period"),
        MetricDescriptor("accesses", .count("accesses"), "data accesses the first level received (an M line is a load and a store)"),
        MetricDescriptor("instructions", .count("instructions"), "instruction fetches in the trace (lackey I lines), MPKI's base"),
        MetricDescriptor("amat_cycles", .cycles, "mean cycles from issue to completion over the timed accesses"),
        MetricDescriptor("l1_miss_percent", .percent, "first data level's misses / accesses"),
        MetricDescriptor("last_level_miss_percent", .percent, "last level's misses / its accesses"),
        MetricDescriptor("last_level_mpki", .count("misses/kilo-instruction"), "last level's misses per 1000 instruction fetches"),
        MetricDescriptor("memory_reads", .count("lines"), "lines read from memory (pycachesim: MEM LOAD_count)"),
        MetricDescriptor("memory_writes", .count("lines"), "lines or stores written to memory (pycachesim: MEM STORE_count)"),
        MetricDescriptor("memory_bytes", .bytes, "bytes read from and written to memory"),
        MetricDescriptor("memory_bandwidth_gb_per_s", .gigabytesPerSecond, "memory bytes / run time"),
        MetricDescriptor("capacity_bytes", .bytes, "Σ data levels' sets × ways × line size"),
        MetricDescriptor("stacked_layers", .count("layers"), "SRAM layers stacked over the base die", when: "with a stacked level"),
        MetricDescriptor("stacked_bank_conflict_cycles", .cycles, "Σ cycles stacked-level hits waited for a busy bank",
                         when: "with a stacked level"),
        MetricDescriptor("stacked_vertical_queue_cycles", .cycles, "Σ cycles stacked-level hits waited for a layer's vertical link",
                         when: "with a stacked level"),
        MetricDescriptor("dram_energy_nj", .nanojoules, "DRAM energy of the misses and write-backs (the DRAM model's)",
                         when: "with memory: a DRAM file"),
        MetricDescriptor("dram_row_hit_percent", .percent, "DRAM row-buffer hits / classified accesses", when: "with memory: a DRAM file"),
    ]
    public static let delayMetric: String? = "time_us"
    public static let energyMetric: String? = nil
    public static let exampleWorkloads = [
        "Workloads/traces/matmul.lackey.gz", "Workloads/traces/bfs.lackey.gz",
    ]
    public static let exampleSimulations = [
        ["Architectures/cache/zen3-5800x3d.yaml", "Workloads/traces/matmul.lackey.gz"],
        ["Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/hierarchies/l3-lru.yaml", "Workloads/traces/sort.lackey.gz",
         "--compat", "pycachesim", "--json"],
    ]
    public static let malformedWorkloadExample = (fileExtension: "trace", text: "R 0x1000 8\nX 0x2000\n")
}
