import ArcadeCore

/// Turns a PIM run into a `SimulationReport`: totals for PIM, `baselines.no_pim`, `baselines.gpu`,
/// `baselines.cpu` groups (JSON: `"baselines": {"no_pim": {…}}`) with the same keys, and tables per layer, per token and per op.
enum PIMReport {
    static func make(_ run: PIMRunResult, architecture: PIMArchitecture, workloadName: String, workload: PIMWorkload,
                     architectureText: String, workloadText: String) -> SimulationReport {
        let costs = run.costs
        let tokens = Set(run.steps.map(\.token)).count
        func sum(_ value: (PIMStepCost) -> Double) -> Double { costs.reduce(0) { $0 + value($1) } }
        let pimNanoseconds = sum(\.pimNanoseconds), pimEnergy = sum(\.pimEnergyNanojoules)
        let kernelNanoseconds = zip(run.steps, costs).reduce(0.0) { total, pair in
            if case .host = pair.0.work { return total }
            return total + pair.1.pimNanoseconds
        }
        let units = architecture.units
        let computeCommands = costs.reduce(0) { $0 + $1.computeCommands }
        let macs = costs.reduce(0) { $0 + $1.macs }
        let tCK = architecture.memoryCycleNanoseconds
        // A unit can take one compute step per nCCD_L (PIMSimulator's rule); utilisation is the share of
        // those slots, over the kernels' time, in which every unit of a channel computed.
        let organization = architecture.memory.organization
        let unitSteps = Double(computeCommands * units.unitsPerCommand(organization))
        let slots = kernelNanoseconds / tCK / Double(architecture.memory.timing.nCCD_L) * Double(architecture.unitsTotal)
        let internalBytes = unitSteps * Double(organization.accessBytes)
        let noPIMCycles = costs.reduce(Int64(0)) { $0 + $1.noPIMCycles }
        var totals: [(key: String, value: ResultValue)] = [
            ("cycles", .int(run.cycles)),
            ("latency_ns", .double(pimNanoseconds)),
            ("tokens", .int(Int64(tokens))),
            ("latency_per_token_ns", .double(pimNanoseconds / Double(tokens))),
            ("energy_nj", .double(pimEnergy)),
            ("energy_per_token_nj", .double(pimEnergy / Double(tokens))),
            ("host_ns", .double(pimNanoseconds - kernelNanoseconds)),
            ("macs", .int(Int64(macs))),
            ("pim_compute_commands", .int(Int64(computeCommands))),
            ("pim_unit_utilization_percent", .double(slots > 0 ? 100 * unitSteps / slots : 0)),
            ("internal_bandwidth_gb_per_s", .double(kernelNanoseconds > 0 ? internalBytes / kernelNanoseconds : 0)),
            ("refreshes", .int(Int64(run.stats.count(.refreshAllBank) * architecture.channels))),
            ("speedup_vs_no_pim", .double(sum(\.noPIMNanoseconds) / pimNanoseconds)),
            ("speedup_vs_gpu", .double(sum(\.gpuNanoseconds) / pimNanoseconds)),
            ("speedup_vs_cpu", .double(sum(\.cpuNanoseconds) / pimNanoseconds)),
        ]
        if case .decode = workload {} else { totals.insert(("no_pim_cycles", .int(noPIMCycles)), at: 1) }
        func group(_ name: String, cycles: Int64?, nanoseconds: Double, energy: Double, extra: [ResultAttribute] = []) -> ResultGroup {
            var attributes = [ResultAttribute]()
            if let cycles { attributes.append(ResultAttribute("cycles", .int(cycles), unit: "cycles")) }
            attributes += [
                ResultAttribute("latency_ns", .double(nanoseconds), unit: "ns"),
                ResultAttribute("latency_per_token_ns", .double(nanoseconds / Double(tokens)), unit: "ns"),
                ResultAttribute("energy_nj", .double(energy), unit: "nJ"),
                ResultAttribute("energy_per_token_nj", .double(energy / Double(tokens)), unit: "nJ"),
            ]
            return ResultGroup(name: "baselines." + name, attributes: attributes + extra)
        }
        let gpu = architecture.gpu, cpu = architecture.cpu
        let gpuNanoseconds = sum(\.gpuNanoseconds), cpuNanoseconds = sum(\.cpuNanoseconds)
        let groups = [
            group("no_pim", cycles: noPIMCycles, nanoseconds: sum(\.noPIMNanoseconds), energy: sum(\.noPIMEnergyNanojoules),
                  extra: [ResultAttribute("kind", .string(architecture.noPIM.rawValue))]),
            group("gpu", cycles: nil, nanoseconds: gpuNanoseconds, energy: gpu.energyNanojoules(nanoseconds: gpuNanoseconds),
                  extra: [ResultAttribute("device", .string(gpu.name))]),
            group("cpu", cycles: nil, nanoseconds: cpuNanoseconds, energy: cpu.energyNanojoules(nanoseconds: cpuNanoseconds),
                  extra: [ResultAttribute("device", .string(cpu.name))]),
        ]
        let tables = [
            table("layers", key: "layer", run, architecture: architecture) { Int64($0.layer) },
            table("tokens", key: "token", run, architecture: architecture) { Int64($0.token) },
            opTable(run, architecture: architecture),
        ]
        let attributes: [(key: String, value: ResultValue)] = [
            ("architecture_name", .string(architecture.name)),
            ("workload_name", .string(workloadName)),
            ("pim_standard", .string(units.standard.name)),
            ("command_scope", .string(units.scope.rawValue)),
            ("channels", .int(Int64(architecture.channels))),
            ("pim_units", .int(Int64(architecture.unitsTotal))),
            ("lanes", .int(Int64(units.lanes))),
            ("data_type", .string(units.dataType.rawValue)),
            ("memory_clock_ghz", .double(1 / tCK)),
            ("architecture", .string(architectureText)),
            ("workload", .string(workloadText)),
        ]
        return SimulationReport(family: PIMModel.family, totals: totals, tables: tables, attributes: attributes,
                                totalUnits: PIMModel.totalUnits, groups: groups)
    }

    /// Steps summed by `key` (layer = the model's layer count: after the layers, the final norm, the LM
    /// head and the argmax).
    static func table(_ name: String, key: String, _ run: PIMRunResult, architecture: PIMArchitecture,
                      _ keyOf: (PIMStep) -> Int64) -> ResultTable {
        var order: [Int64] = []
        var rows: [Int64: [Int]] = [:]
        for (index, step) in run.steps.enumerated() {
            let k = keyOf(step)
            if rows[k] == nil { order.append(k) }
            rows[k, default: []].append(index)
        }
        order.sort()
        func column(_ column: String, _ unit: String, label: String? = nil, _ value: (PIMStepCost) -> Double) -> ResultColumn {
            ResultColumn(column, .double(order.map { k in rows[k]!.reduce(0) { $0 + value(run.costs[$1]) } }), unit: unit, label: label)
        }
        return ResultTable(name: name, columns: [
            ResultColumn(key, .int(order)),
            column("latency_ns", "ns", label: "PIM") { $0.pimNanoseconds },
            column("energy_nj", "nJ", label: "PIM energy") { $0.pimEnergyNanojoules },
            column("no_pim_ns", "ns", label: "no PIM") { $0.noPIMNanoseconds },
            column("gpu_ns", "ns", label: architecture.gpu.name) { $0.gpuNanoseconds },
            column("cpu_ns", "ns", label: "CPU") { $0.cpuNanoseconds },
        ])
    }

    /// Steps summed by op name, in first-seen order: where the time goes.
    static func opTable(_ run: PIMRunResult, architecture: PIMArchitecture) -> ResultTable {
        var order: [String] = []
        var rows: [String: [Int]] = [:]
        for (index, step) in run.steps.enumerated() {
            if rows[step.name] == nil { order.append(step.name) }
            rows[step.name, default: []].append(index)
        }
        let total = run.costs.reduce(0) { $0 + $1.pimNanoseconds }
        func sum(_ name: String, _ value: (PIMStepCost) -> Double) -> Double { rows[name]!.reduce(0) { $0 + value(run.costs[$1]) } }
        return ResultTable(name: "ops", columns: [
            ResultColumn("op", .string(order)),
            ResultColumn("runs_on", .string(order.map { name in
                if case .host = run.steps[rows[name]![0]].work { return "host" }
                return "pim"
            }), label: "on"),
            ResultColumn("count", .int(order.map { Int64(rows[$0]!.count) })),
            ResultColumn("pim_ns", .double(order.map { sum($0) { $0.pimNanoseconds } }), unit: "ns", label: "PIM"),
            ResultColumn("pim_share_percent", .double(order.map { total > 0 ? 100 * sum($0) { $0.pimNanoseconds } / total : 0 }),
                         unit: "%", label: "share"),
            ResultColumn("pim_cycles", .int(order.map { name in rows[name]!.reduce(Int64(0)) { $0 + run.costs[$1].pimCycles } }),
                         unit: "cycles", importance: .detail),
            ResultColumn("no_pim_ns", .double(order.map { sum($0) { $0.noPIMNanoseconds } }), unit: "ns", label: "no PIM"),
            ResultColumn("gpu_ns", .double(order.map { sum($0) { $0.gpuNanoseconds } }), unit: "ns", label: architecture.gpu.name),
            ResultColumn("cpu_ns", .double(order.map { sum($0) { $0.cpuNanoseconds } }), unit: "ns", label: "CPU"),
            ResultColumn("pim_energy_nj", .double(order.map { sum($0) { $0.pimEnergyNanojoules } }), unit: "nJ", label: "PIM energy"),
        ])
    }
}
