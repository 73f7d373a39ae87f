import ArcadeCore

/// Turns a run into the family-neutral `SimulationReport`: totals and a per-channel table `channels`.
///
/// `cycles` = memory cycles from cycle 0 until the last request completed (a read when its data
/// has been returned, RD + nCL + nBL; a write when its data burst has been written, WR + nCWL + nBL).
/// `last_accept_cycle` = the cycle at which the controller accepted the last request (Ramulator 2's
/// end criterion, for comparing with the peers like for like).
/// `bandwidth_gbps` = bytes transferred / (cycles · tCK), in GB/s (10^9 bytes per second).
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
            ("bandwidth_gbps", .double(bandwidth)),
            ("peak_bandwidth_gbps", .double(peakBandwidth(config))),
            ("avg_read_latency_cycles", .double(reads > 0 ? Double(latencySum) / Double(reads) : 0)),
            ("p50_read_latency_cycles", .int(channels.readLatencyPercentile(0.50))),
            ("p95_read_latency_cycles", .int(channels.readLatencyPercentile(0.95))),
            ("p99_read_latency_cycles", .int(channels.readLatencyPercentile(0.99))),
            ("row_hits", .int(rowHits)),
            ("row_misses", .int(rowMisses)),
            ("row_conflicts", .int(rowConflicts)),
            ("row_hit_rate", .double(classified > 0 ? Double(rowHits) / Double(classified) : 0)),
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
            ("energy_is_estimate", .int(config.standard.power.isEstimate ? 1 : 0)),
        ]
        let table = ResultTable(name: "channels", columns: [
            ResultColumn("channel", .int(channels.indices.map { Int64($0) })),
            ResultColumn("reads", .int(channels.map { Int64($0.reads) })),
            ResultColumn("writes", .int(channels.map { Int64($0.writes) })),
            ResultColumn("last_completion_cycle", .int(channels.map(\.lastCompletion))),
            ResultColumn("row_hits", .int(channels.map { Int64($0.rowHits) })),
            ResultColumn("row_misses", .int(channels.map { Int64($0.rowMisses) })),
            ResultColumn("row_conflicts", .int(channels.map { Int64($0.rowConflicts) })),
            ResultColumn("refreshes", .int(channels.map { Int64($0.refreshes) })),
            ResultColumn("cmd_act", .int(channels.map { Int64($0.commandCounts[DRAMCommand.activate.rawValue]) })),
            ResultColumn("energy_nj", .double(energies.map(\.totalNanojoules))),
        ])
        let c = config.controller
        let attributes: [(key: String, value: String)] = [
            ("architecture_name", config.name),
            ("standard", config.standard.name),
            ("standard_source", config.standard.source),
            ("scheduler", c.scheduler.rawValue),
            ("row_policy", c.rowPolicy.rawValue),
            ("refresh", c.refresh.rawValue),
            ("address_mapping", c.addressMapping),
            ("timing", (["\(DRAMTiming.clockPeriodField)=\(config.timing.tCKPicoseconds)"]
                        + DRAMTiming.fields.map { "\($0.name)=\(config.timing[keyPath: $0.keyPath])" }).joined(separator: " ")),
            ("organization", DRAMOrganization.fields.map { "\($0.name)=\(config.organization[keyPath: $0.keyPath])" }
                .joined(separator: " ")),
            ("cycles_definition", "memory cycles until the last read's data returned (RD+nCL+nBL) or the last write's "
                + "burst written (WR+nCWL+nBL)"),
            ("workload_name", traceName),
            ("architecture", architectureText),
            ("workload", workloadText),
        ]
        return SimulationReport(family: DRAMModel.family, totals: totals, tables: [table], attributes: attributes)
    }

    /// Every (pseudo-)channel moving one access per nBL cycles.
    static func peakBandwidth(_ config: DRAMSystemConfig) -> Double {
        let o = config.organization
        let bytesPerCycle = Double(o.channels * o.pseudoChannels * o.accessBytes) / Double(config.timing.nBL)
        return bytesPerCycle / (Double(config.timing.tCKPicoseconds) * 1e-12) / 1e9
    }
}
