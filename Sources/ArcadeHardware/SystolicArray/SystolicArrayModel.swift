import ArcadeCore
import ArcadeWorkloads

/// The systolic-array family: an R×C PE array running SCALE-Sim topologies layer by layer.
/// Cycles come from the fold-level closed form (`FoldModel`), checked against the PE-by-PE
/// reference (`PEArrayReference`) in tests, and against SCALE-Sim 3.0.0 in `--compat scalesim`.
public struct SystolicArrayModel: HardwareModel {
    public static let family = "systolic"
    public static let summary = "R×C systolic array (OS/WS/IS dataflows, double-buffered SRAMs), SCALE-Sim compatible"
    public static let workloadDescription = "a SCALE-Sim topology CSV (conv or GEMM, header decides)"
    public static let compatibilityModes = ["scalesim"]
    public static let peerReportModes = ["scalesim": ScaleSimReports.fileNames.joined(separator: ", ")]

    public var config: SystolicArrayConfig
    /// The architecture as the user wrote it, stored with every result.
    public var sourceText: String
    /// A cycle-level DRAM behind the array (`memory:`), or nil for SCALE-Sim's memory model.
    public var memory: SystolicMemoryCoupling?

    public init(config: SystolicArrayConfig, sourceText: String, memory: SystolicMemoryCoupling? = nil) {
        self.config = config
        self.sourceText = sourceText
        self.memory = memory
    }

    public init(architecture: ConfigSection, sourceText: String) throws {
        let memory = try SystolicArchitectureFile.memory(from: architecture)
        self.init(config: try SystolicArchitectureFile.config(from: architecture), sourceText: sourceText, memory: memory)
    }

    public static func load(foreignFile path: String, text: String) throws -> SystolicArrayModel? {
        guard path.lowercased().hasSuffix(".cfg") else { return nil }
        return SystolicArrayModel(config: try ScaleSimConfigReader.parse(text, file: path), sourceText: text)
    }

    public func simulate(workloadPath: String, options: SimulationOptions) throws -> SimulationReport {
        let mode = try Self.reportingMode(options)
        if options.peerReports && mode != .scaleSim {
            throw InputError(field: "--report-dir", "SCALE-Sim's report files need its numbers; add --compat scalesim")
        }
        let topology = try TopologyReader.read(path: workloadPath)
        if memory != nil && mode != .native {
            throw InputError(field: "--compat", "SCALE-Sim has no cycle-level DRAM; --compat scalesim cannot be "
                                 + "combined with the architecture's 'memory:' key")
        }
        // Before any of it runs: a layer too large for this array is an error, not hours of silence.
        try SystolicWorkEstimate.check(topology, config: config, file: workloadPath, allowHuge: options.allowHuge)
        var results = simulate(topology, mode: mode, timeline: options.peerReports, progress: options.progress)
        var memoryOutcome: SystolicMemoryCoupling.Outcome?
        if let memory {
            try SystolicWorkEstimate.checkDRAMTraffic(results, config: config, lineBytes: memory.memory.organization.accessBytes,
                                                      file: workloadPath, allowHuge: options.allowHuge)
            options.progress?(SimulationProgress(done: topology.layers.count, total: topology.layers.count,
                                                 item: "the DRAM traffic through \(memory.memory.name)"))
            let outcome = try memory.run(foldPlans(topology, results: results, lineBytes: memory.memory.organization.accessBytes),
                                         config: config)
            for index in results.indices {
                results[index].setCycles(outcome.layerCycles[index], peCount: config.rows * config.columns)
            }
            memoryOutcome = outcome
        }
        let workloadText = (try? String(contentsOfFile: workloadPath, encoding: .utf8)) ?? ""
        var report = SystolicReport.make(results: results, config: config, topology: topology, mode: mode,
                                         architectureText: sourceText, workloadText: workloadText)
        if let memory, let outcome = memoryOutcome {
            let onChip = SystolicCostModel(config: config).energyMicrojoules(results, includeDRAM: false)
            let dramEnergy = outcome.dramEnergyNanojoules / 1_000
            if let index = report.totals.firstIndex(where: { $0.key == "energy_uj" }) {
                report.totals[index].value = .double(onChip + dramEnergy)
            }
            report.totals += [("dram_energy_uj", .double(dramEnergy)), ("dram_cycles", .int(outcome.dramCycles)),
                              ("dram_requests", .int(Int64(outcome.dramRequests))),
                              ("dram_row_hit_percent", .double(outcome.dramRowHitRate * 100))]
            report.attributes.append(("memory", .string(memory.sourceText)))
            report.attributes.append(("memory_name", .string(memory.memory.name)))
        }
        if options.checkAgainstReference {
            try addReferenceColumns(to: &report, topology: topology, mode: mode)
        }
        if options.peerReports { report.peerReportFiles = ScaleSimReports.files(results) }
        return report
    }

    /// Every layer of `topology`, in order. A depthwise layer runs as one single-channel
    /// convolution per channel (as SCALE-Sim's `topology_utils.py` expands it); compat mode reports
    /// each channel as its own row, named as SCALE-Sim names them, native mode one summed row.
    /// `timeline`: also each layer's SCALE-Sim trace timeline (for `ScaleSimReports`; slower).
    public func simulate(_ topology: Topology, mode: SystolicReportingMode, timeline: Bool = false,
                         progress: ((SimulationProgress) -> Void)? = nil) -> [SystolicLayerResult] {
        var results: [SystolicLayerResult] = []
        results.reserveCapacity(topology.layers.count)
        // Layers of the same shape give the same result (each layer runs on its own, from empty
        // SRAMs): ResNet-18 has 21 layers of 11 shapes. Keyed by the layer without its name, and
        // whether the name makes it depthwise (SCALE-Sim's "DP" rule, `scaleSimLayers`).
        var byShape: [LayerShapeKey: SystolicLayerResult] = [:]
        for (index, layer) in topology.layers.enumerated() {
            progress?(SimulationProgress(done: index, total: topology.layers.count, item: "'\(layer.name)'"))
            let channels = SystolicLayerSimulation.scaleSimLayers(layer)
            guard mode == .scaleSim, channels.count > 1 || channels[0] != layer else {
                let key = LayerShapeKey(layer)
                var result = byShape[key] ?? SystolicLayerSimulation.simulate(layer, config: config, mode: mode, timeline: timeline)
                byShape[key] = result
                result.name = layer.name
                results.append(result)
                continue
            }
            // Every channel has the same shape and addresses: simulate one, report it per channel.
            var perChannel = SystolicLayerSimulation.simulate(channels[0], config: config, mode: mode, timeline: timeline)
            for channel in channels {
                perChannel.name = channel.name
                results.append(perChannel)
            }
        }
        return results
    }

    /// Adds `reference_cycles` and `reference_agrees` (1 when the PE-by-PE array computed the exact
    /// product in the fold model's cycles) to the layer table; rows of one depthwise layer share a check.
    func addReferenceColumns(to report: inout SimulationReport, topology: Topology,
                             mode: SystolicReportingMode) throws {
        var cycles: [Int64] = []
        var agrees: [Int64] = []
        for (index, layer) in topology.layers.enumerated() {
            let channels = SystolicLayerSimulation.scaleSimLayers(layer)
            let outcome = try SystolicReferenceCheck.check(channels[0], config: config, seed: UInt64(index))
            let rows = mode == .scaleSim ? channels.count : 1
            let layerCycles = outcome.cycles * (mode == .scaleSim ? 1 : channels.count)
            cycles += Array(repeating: Int64(layerCycles), count: rows)
            agrees += Array(repeating: outcome.matches ? 1 : 0, count: rows)
        }
        // The check asked for is what a 120-column table shows; the DRAM traffic makes room for it.
        for index in report.tables[0].columns.indices where report.tables[0].columns[index].name.hasPrefix("dram_") {
            report.tables[0].columns[index].importance = .detail
        }
        report.tables[0].columns += [ResultColumn("reference_cycles", .int(cycles), label: "ref cycles"),
                                     ResultColumn("reference_agrees", .int(agrees), label: "ref agrees")]
        report.totals.append(("reference_agrees", .int(agrees.allSatisfy { $0 == 1 } ? 1 : 0)))
    }

    static func reportingMode(_ options: SimulationOptions) throws -> SystolicReportingMode {
        guard let compat = options.compatibility else { return .native }
        guard compat.lowercased() == "scalesim" else {
            throw InputError(field: "--compat", "'\(compat)' is not a compatibility mode of the systolic family; "
                                 + "allowed: \(compatibilityModes.joined(separator: ", "))")
        }
        return .scaleSim
    }
}

extension SystolicArrayModel {
    /// The fold-by-fold traffic of every reported (native) layer; a depthwise layer is its channels'
    /// single-channel convolutions one after another, as the closed form sums them.
    func foldPlans(_ topology: Topology, results: [SystolicLayerResult], lineBytes: Int) -> [[SystolicFoldTraffic]] {
        zip(topology.layers, results).map { layer, result in
            let channels = SystolicLayerSimulation.scaleSimLayers(layer)
            guard channels.count > 1 || channels[0] != layer else {
                return [SystolicFoldTraffic(layer: layer, result: result, config: config, lineBytes: lineBytes)]
            }
            let single = SystolicLayerSimulation.simulateSingle(channels[0], config: config, mode: .native)
            let plan = SystolicFoldTraffic(layer: channels[0], result: single, config: config, lineBytes: lineBytes)
            return Array(repeating: plan, count: channels.count)
        }
    }
}

extension SystolicLayerResult {
    /// Sets the layer's cycles from a timed run: the compute part stays, the rest is stall.
    mutating func setCycles(_ total: Int, peCount: Int) {
        let compute = cycles - stallCycles
        precondition(total >= compute, "a layer cannot take fewer cycles than its folds")
        cycles = total
        stallCycles = total - compute
        overallUtilization = Double(macs) * 100 / (Double(cycles) * Double(peCount))
    }

    /// Adds memory stall cycles: the compute part and its utilisation stay, overall utilisation drops.
    mutating func addStalls(_ stalls: Int, peCount: Int) {
        guard stalls > 0 else { return }
        cycles += stalls
        stallCycles += stalls
        overallUtilization = Double(macs) * 100 / (Double(cycles) * Double(peCount))
    }
}

/// A layer's shape: the layer with its name blanked, plus whether the name makes it depthwise.
private struct LayerShapeKey: Hashable {
    let layer: WorkloadLayer
    let depthwiseByName: Bool

    init(_ layer: WorkloadLayer) {
        switch layer {
        case .conv(var conv):
            depthwiseByName = conv.name.contains("DP")
            conv.name = ""
            self.layer = .conv(conv)
        case .gemm(var gemm):
            depthwiseByName = false
            gemm.name = ""
            self.layer = .gemm(gemm)
        }
    }
}
