import ArcadeCore
import ArcadeKernel

/// Turns a cache run into a `SimulationReport`: totals, a `levels` table (one row per level, the
/// L1I after the data levels), a `layers` table for stacked levels and, with a DRAM memory, the
/// DRAM's own totals and `dram_channels` table.
///
/// Counting (see `CacheCounters.swift`): by default Arcade's own, one per request a level
/// receives; with `--compat pycachesim` the `loads, stores, hits, misses, evictions` columns and
/// their byte counts are pycachesim's own counters, after its `force_write_back`.
enum CacheReport {
    static func make(run: CacheRun, architecture: CacheArchitecture, compat: Bool, traceName: String,
                     architectureText: String, workloadText: String, instructions: Int) -> SimulationReport {
        let hierarchy = run.hierarchy, core = run.core
        let levels = hierarchy.levels + (hierarchy.instructionLevel.map { [$0] } ?? [])
        let kiloInstructions = Double(instructions) / 1000
        let timeMicroseconds = Double(run.cycles) * Double(run.period) / 1e6
        let sink = hierarchy.sink
        let last = hierarchy.levels.last!
        let memoryReads = compat ? last.pycachesim.missCount : sink.reads
        let memoryWrites = compat ? last.pycachesim.evictCount : sink.writes
        let memoryBytes = compat ? last.pycachesim.missBytes + last.pycachesim.evictBytes : sink.readBytes + sink.writeBytes
        func percent(_ part: Int64, _ whole: Int64) -> Double { whole == 0 ? 0 : 100 * Double(part) / Double(whole) }
        let dataAccesses = hierarchy.levels[0].counters.accesses
        var totals: [(key: String, value: ResultValue)] = [
            ("cycles", .int(run.cycles)),
            ("time_us", .double(timeMicroseconds)),
            ("accesses", .int(dataAccesses)),
            ("instructions", .int(Int64(instructions))),
            ("amat_cycles", .double(core.timedAccesses == 0 ? 0
                                    : Double(core.latencySumPicoseconds) / Double(run.period) / Double(core.timedAccesses))),
            ("l1_miss_percent", .double(percent(hierarchy.levels[0].counters.misses, dataAccesses))),
            ("last_level_miss_percent", .double(percent(last.counters.misses, last.counters.accesses))),
            ("last_level_mpki", .double(kiloInstructions == 0 ? 0 : Double(last.counters.misses) / kiloInstructions)),
            ("memory_reads", .int(memoryReads)),
            ("memory_writes", .int(memoryWrites)),
            ("memory_bytes", .int(memoryBytes)),
            ("memory_bandwidth_gb_per_s", .double(timeMicroseconds > 0 ? Double(memoryBytes) / (timeMicroseconds * 1e3) : 0)),
            ("capacity_bytes", .int(Int64(architecture.levels.reduce(0) { $0 + $1.capacityBytes }))),
        ]
        let stacked = levels.filter { $0.config.stacked != nil }
        if !stacked.isEmpty {
            totals.append(("stacked_layers", .int(Int64(stacked.reduce(0) { $0 + $1.config.stacked!.layers }))))
            totals.append(("stacked_bank_conflict_cycles", .int(stacked.reduce(0) { $0 + $1.timing.bankConflictCycles })))
            totals.append(("stacked_vertical_queue_cycles", .int(stacked.reduce(0) { $0 + $1.timing.verticalQueueCycles })))
        }
        var tables = [levelTable(levels, compat: compat, kiloInstructions: kiloInstructions, period: run.period)]
        if !stacked.isEmpty { tables.append(layerTable(stacked, cycles: run.cycles)) }
        if let dram = run.dramReport {
            for key in ["energy_nj", "row_hit_percent"] {
                if let value = dram.total(key) { totals.append(("dram_" + key, value)) }
            }
            if var channels = dram.tables.first {
                channels.name = "dram_channels"
                tables.append(channels)
            }
        }
        var attributes: [(key: String, value: ResultValue)] = [
            ("architecture_name", .string(architecture.name)),
            ("trace", .string(traceName)),
            ("counting", .string(compat ? "pycachesim" : "arcade")),
            ("clock_ghz", .double(Double(architecture.clockKilohertz) / 1e6)),
            ("outstanding_accesses", .int(Int64(architecture.outstandingAccesses))),
            ("kernel_events", .int(Int64(run.events))),
            ("architecture", .string(architectureText)),
            ("workload", .string(workloadText)),
        ]
        if case .dram(_, let path) = architecture.memory { attributes.insert(("memory", .string(path)), at: 2) }
        return SimulationReport(family: CacheModel.family, totals: totals, tables: tables, attributes: attributes,
                                totalUnits: CacheModel.totalUnits)
    }

    static func levelTable(_ levels: [CacheLevel], compat: Bool, kiloInstructions: Double, period: Picoseconds) -> ResultTable {
        func column(_ name: String, _ unit: String, label: String? = nil, importance: ResultColumn.Importance = .summary,
                    _ value: (CacheLevel) -> Int64) -> ResultColumn {
            ResultColumn(name, .int(levels.map(value)), unit: unit, label: label, importance: importance)
        }
        let counters = levels.map(\.counters)
        var columns: [ResultColumn] = [
            ResultColumn("name", .string(levels.map(\.name))),
            column("capacity_bytes", "bytes", label: "capacity", importance: .detail) { Int64($0.config.capacityBytes) },
        ]
        if compat {
            columns += [
                column("loads", "calls") { $0.pycachesim.loadCount },
                column("load_bytes", "bytes", importance: .detail) { $0.pycachesim.loadBytes },
                column("stores", "calls") { $0.pycachesim.storeCount },
                column("store_bytes", "bytes", importance: .detail) { $0.pycachesim.storeBytes },
                column("accesses", "calls", importance: .detail) { $0.pycachesim.loadCount + $0.pycachesim.storeCount },
                column("hits", "lines") { $0.pycachesim.hitCount },
                column("hit_bytes", "bytes", importance: .detail) { $0.pycachesim.hitBytes },
                column("misses", "lines") { $0.pycachesim.missCount },
                column("miss_bytes", "bytes", importance: .detail) { $0.pycachesim.missBytes },
                column("evictions", "lines") { $0.pycachesim.evictCount },
                column("evict_bytes", "bytes", importance: .detail) { $0.pycachesim.evictBytes },
            ]
        } else {
            columns += [
                column("accesses", "accesses") { $0.counters.accesses },
                column("hits", "accesses") { $0.counters.hits },
                column("misses", "accesses") { $0.counters.misses },
                ResultColumn("miss_percent", .double(counters.map { $0.accesses == 0 ? 0 : 100 * Double($0.misses) / Double($0.accesses) }),
                             unit: "%", label: "miss"),
                column("evictions", "lines", label: "evicted") { $0.counters.evictions },
            ]
        }
        columns += [
            column("load_hits", "accesses", importance: .detail) { $0.counters.loadHits },
            column("load_misses", "accesses", importance: .detail) { $0.counters.loadMisses },
            column("store_hits", "accesses", importance: .detail) { $0.counters.storeHits },
            column("store_misses", "accesses", importance: .detail) { $0.counters.storeMisses },
            column("writebacks", "lines", label: "written back") { $0.counters.writebacks },
            column("write_throughs", "stores", importance: .detail) { $0.counters.writeThroughs },
            column("back_invalidations", "lines", importance: .detail) { $0.counters.backInvalidations },
            column("victim_fills", "lines", importance: .detail) { $0.counters.victimFills },
            ResultColumn("mpki", .double(counters.map { kiloInstructions == 0 ? 0 : Double($0.misses) / kiloInstructions }),
                         unit: "misses/kilo-instruction", label: "MPKI"),
            ResultColumn("average_miss_latency_cycles", .double(levels.map {
                $0.timing.missCount == 0 ? 0 : Double($0.timing.missLatencySum) / Double($0.timing.missCount) / Double(period)
            }), unit: "cycles", label: "miss latency"),
            column("bytes_in", "bytes", label: "in") { $0.counters.bytesIn },
            column("bytes_out", "bytes", label: "out") { $0.counters.bytesOut },
            column("dirty_lines_left", "lines", importance: .detail) { Int64($0.dirtyLines) },
        ]
        return ResultTable(name: "levels", columns: columns)
    }

    static func layerTable(_ levels: [CacheLevel], cycles: Int64) -> ResultTable {
        var names: [String] = [], layers: [Int64] = [], crossings: [Int64] = [], accesses: [Int64] = []
        var bytes: [Int64] = [], utilization: [Double] = [], capacity: [Int64] = []
        for level in levels {
            guard let stacked = level.config.stacked else { continue }
            let banks = stacked.banksPerLayer
            for layer in 0..<stacked.dataLayers {
                names.append(level.name)
                layers.append(Int64(layer))
                crossings.append(Int64(stacked.crossings(toLayer: layer)))
                accesses.append(level.timing.layerAccesses[layer])
                bytes.append(level.timing.layerBytes[layer])
                capacity.append(Int64(level.config.capacityBytes / stacked.totalShares * stacked.shares[layer]))
                let busy = level.timing.bankBusyCycles[(layer * banks)..<((layer + 1) * banks)].reduce(0, +)
                utilization.append(cycles == 0 ? 0 : min(100, 100 * Double(busy) / Double(banks) / Double(cycles)))
            }
        }
        return ResultTable(name: "layers", columns: [
            ResultColumn("level", .string(names)),
            ResultColumn("layer", .int(layers), unit: "", label: "layer"),
            ResultColumn("crossings", .int(crossings), unit: "layers", label: "crossings"),
            ResultColumn("capacity_bytes", .int(capacity), unit: "bytes", label: "capacity"),
            ResultColumn("hits", .int(accesses), unit: "accesses", label: "hits"),
            ResultColumn("bytes_read", .int(bytes), unit: "bytes", label: "read"),
            ResultColumn("bank_utilization_percent", .double(utilization), unit: "%", label: "bank busy"),
        ])
    }
}
