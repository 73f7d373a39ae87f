import ArcadeCore

/// Turns a run into the family-neutral `SimulationReport`: totals and a per-channel table `channels`.
///
/// `cycles` = memory cycles from cycle 0 until the last request completed (a read when its data
/// has been returned, RD + nCL + nBL; a write when its data burst has been written, WR + nCWL + nBL).
/// `last_accept_cycle` = the cycle at which the controller accepted the last request (Ramulator 2's
/// end criterion, for comparing with the peers like for like).
/// `bandwidth_gb_per_s` = bytes transferred / (cycles · tCK), in GB/s (10^9 bytes per second).
enum DRAMReport {
    static func make(result: DRAMRunResult, config: DRAMSystemConfig, traceName: String,
                     architectureText: String, workloadText: String) -> SimulationReport {
        let channels = result.channels
        func sum(_ value: (DRAMChannelStats) -> Int) -> Int64 { Int64(channels.reduce(0) { $0 + value($1) }) }
        let reads = sum(\.reads)
        let writes = sum(\.writes)
        let accessBytes = Int64(config.organization.accessBytes)
        let seconds = Double(result.cycles) * Double(config.timing.tCKPicoseconds) * 1e-12
        let bandwidth = seconds > 0 ? Double((reads + writes) * accessBytes) / seconds / 1e9 : 0
        let latencySum = channels.reduce(Int64(0)) { $0 + $1.readLatencySum }
        let rowHits = sum(\.rowHits)
        let rowMisses = sum(\.rowMisses)
        let rowConflicts = sum(\.rowConflicts)
        let classified = rowHits + rowMisses + rowConflicts
        let energies = channels.map { stats in
            DRAMEnergy.estimate(power: config.standard.power, timing: config.timing, organization: config.organization,
                                commandCounts: stats.commandCounts, cycles: result.cycles,
                                activeRankCycles: stats.activeRankCycles,
                                ranks: config.organization.pseudoChannels * config.organization.ranks)
        }
        func energy(_ part: (DRAMEnergy) -> Double) -> Double { energies.reduce(0) { $0 + part($1) } / 1_000 }

        var totals: [(key: String, value: ResultValue)] = [
            ("cycles", .int(result.cycles)),
            ("last_accept_cycle", .int(result.lastAcceptCycle)),
            ("requests", .int(Int64(result.requests))),
            ("reads", .int(reads)),
            ("writes", .int(writes)),
            ("bytes_per_request", .int(accessBytes)),
            ("time_us", .double(seconds * 1e6)),
            ("bandwidth_gb_per_s", .double(bandwidth)),
            ("peak_bandwidth_gb_per_s", .double(peakBandwidth(config))),
            ("avg_read_latency_cycles", .double(reads > 0 ? Double(latencySum) / Double(reads) : 0)),
            ("p50_read_latency_cycles", .int(channels.readLatencyPercentile(0.50))),
            ("p95_read_latency_cycles", .int(channels.readLatencyPercentile(0.95))),
            ("p99_read_latency_cycles", .int(channels.readLatencyPercentile(0.99))),
            ("row_hits", .int(rowHits)),
            ("row_misses", .int(rowMisses)),
            ("row_conflicts", .int(rowConflicts)),
            ("row_hit_percent", .double(classified > 0 ? Double(rowHits) * 100 / Double(classified) : 0)),
            ("refreshes", .int(sum(\.refreshes))),
        ]
        for command in DRAMCommand.allCases {
            totals.append(("cmd_\(command.reportName)", .int(sum { $0.commandCounts[command.rawValue] })))
        }
        totals += [
            ("energy_nj", .double(energies.reduce(0) { $0 + $1.totalNanojoules })),
            ("energy_act_pre_nj", .double(energy(\.activatePicojoules))),
            ("energy_read_nj", .double(energy(\.readPicojoules))),
            ("energy_write_nj", .double(energy(\.writePicojoules))),
            ("energy_refresh_nj", .double(energy(\.refreshPicojoules))),
            ("energy_background_nj", .double(energy(\.backgroundPicojoules))),
            ("energy_is_estimate", .bool(config.standard.power.isEstimate)),
        ]
        // Summary columns: traffic, row-buffer outcome, energy; `--wide` adds the rest.
        let table = ResultTable(name: "channels", columns: [
            ResultColumn("channel", .int(channels.indices.map { Int64($0) })),
            ResultColumn("reads", .int(channels.map { Int64($0.reads) }), unit: "requests"),
            ResultColumn("writes", .int(channels.map { Int64($0.writes) }), unit: "requests"),
            ResultColumn("last_completion_cycle", .int(channels.map(\.lastCompletion)), unit: "cycles", label: "last done cycle",
                         importance: .detail),
            ResultColumn("row_hits", .int(channels.map { Int64($0.rowHits) }), unit: "requests"),
            ResultColumn("row_misses", .int(channels.map { Int64($0.rowMisses) }), unit: "requests"),
            ResultColumn("row_conflicts", .int(channels.map { Int64($0.rowConflicts) }), unit: "requests"),
            ResultColumn("refreshes", .int(channels.map { Int64($0.refreshes) }), unit: "commands", importance: .detail),
            ResultColumn("cmd_act", .int(channels.map { Int64($0.commandCounts[DRAMCommand.activate.rawValue]) }), unit: "commands",
                         label: "ACT", importance: .detail),
            ResultColumn("energy_nj", .double(energies.map(\.totalNanojoules)), unit: "nJ", label: "energy"),
        ])
        let c = config.controller
        let attributes: [(key: String, value: ResultValue)] = [
            ("architecture_name", .string(config.name)),
            ("standard", .string(config.standard.name)),
            ("standard_source", .string(config.standard.source)),
            ("scheduler", .string(c.scheduler.rawValue)),
            ("row_policy", .string(c.rowPolicy.rawValue)),
            ("refresh", .string(c.refresh.rawValue)),
            ("address_mapping", .string(c.addressMapping)),
            ("cycles_definition", .string("memory cycles until the last read's data returned (RD+nCL+nBL) or the last write's "
                + "burst written (WR+nCWL+nBL)")),
            ("workload_name", .string(traceName)),
            ("architecture", .string(architectureText)),
            ("workload", .string(workloadText)),
        ]
        // Timing and organization as groups of integer attributes (format 1 had one `k=v …` string each).
        let timing = ResultGroup(name: "timing", attributes: [
            ResultAttribute(DRAMTiming.clockPeriodField, .int(Int64(config.timing.tCKPicoseconds)), unit: "ps"),
        ] + DRAMTiming.fields.map { ResultAttribute($0.name, .int(Int64(config.timing[keyPath: $0.keyPath])), unit: "cycles") })
        let organization = ResultGroup(name: "organization", attributes: DRAMOrganization.fields.map {
            ResultAttribute($0.name, .int(Int64(config.organization[keyPath: $0.keyPath])))
        })
        return SimulationReport(family: DRAMModel.family, totals: totals, tables: [table], attributes: attributes,
                                totalUnits: DRAMModel.totalUnits, groups: [timing, organization])
    }

    /// Every (pseudo-)channel moving one access per nBL cycles.
    static func peakBandwidth(_ config: DRAMSystemConfig) -> Double {
        let o = config.organization
        let bytesPerCycle = Double(o.channels * o.pseudoChannels * o.accessBytes) / Double(config.timing.nBL)
        return bytesPerCycle / (Double(config.timing.tCKPicoseconds) * 1e-12) / 1e9
    }
}
