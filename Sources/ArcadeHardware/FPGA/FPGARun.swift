import ArcadeCore
import ArcadeKernel

/// One run of a workload on an FPGA engine: the resources are checked first (a design that does
/// not fit is an `InputError` naming the resource), then every phase of every layer runs on one
/// chip on the kernel.
struct FPGARun {
    struct PhaseResult {
        var layer: Int
        var kind: String
        var name: String
        var macs: Int
        var startPicoseconds: Picoseconds
        var endPicoseconds: Picoseconds
        var bytesRead: UInt64
        var bytesWritten: UInt64
        var computeBusyCycles: UInt64
        var computeUnits: Int
    }

    var phases: [PhaseResult]
    var endPicoseconds: Picoseconds
    var period: Picoseconds
    var events: UInt64
    var resources: FPGAResourceEstimate
    var channelBytes: [UInt64]
    var channelBusy: [Picoseconds]
    var memoryTransactions: Int

    /// Phases (and so units) above which a run needs `--allow-huge`.
    static let firingLimit = 400_000_000

    static func run(_ architecture: FPGAArchitecture, workload: FPGAWorkload, file: String, allowHuge: Bool) throws -> FPGARun {
        try check(architecture, workload, file: file)
        let resources = try FPGAResourceModel.estimate(architecture, workload: workload)
        try resources.checkFits(architecture.device, file: file)
        let builder = FPGAChipBuilder(device: architecture.device, period: architecture.periodPicoseconds)
        let plan = FPGAPhasePlan.make(architecture, workload)
        let firings = plan.estimatedFirings(architecture)
        if !allowHuge && firings > Double(firingLimit) {
            throw InputError(file: file, String(format: "this run is about %.3g unit firings, more than the limit %.3g (about a "
                                                + "minute); pass --allow-huge to run it anyway", firings, Double(firingLimit)))
        }
        plan.build(on: builder, architecture)
        builder.finish()
        builder.start()
        let outcome = builder.chip.run()
        if let deadlock = outcome.deadlock { throw deadlock }
        var results: [PhaseResult] = []
        for phase in builder.phases {
            let end = phase.writers.map(\.completion).max() ?? 0
            let start = phase.barrier?.lastFiring ?? 0
            let busy = phase.compute.reduce(UInt64(0)) { $0 + UInt64($1.firings) * UInt64($1.interval / builder.period) }
            results.append(PhaseResult(layer: phase.layer, kind: phase.kind, name: phase.name, macs: phase.macs,
                                       startPicoseconds: start, endPicoseconds: end,
                                       bytesRead: phase.readers.reduce(0) { $0 + $1.bytesRead },
                                       bytesWritten: phase.writers.reduce(0) { $0 + $1.bytesWritten },
                                       computeBusyCycles: busy, computeUnits: phase.compute.count))
        }
        return FPGARun(phases: results, endPicoseconds: results.map(\.endPicoseconds).max() ?? outcome.endTime,
                       period: builder.period, events: outcome.events, resources: resources,
                       channelBytes: builder.memory.bytesPerChannel, channelBusy: builder.memory.busyPerChannel,
                       memoryTransactions: builder.memory.transactions)
    }

    /// What the engine cannot run at all, before any sizing.
    static func check(_ architecture: FPGAArchitecture, _ workload: FPGAWorkload, file: String) throws {
        if workload.hasLinearWork && architecture.linear == nil {
            throw InputError(file: file, "the workload has projections, an MLP or experts, but architecture '\(architecture.name)' "
                             + "has no linear kernel; add 'linear: {tile, pes, axi_bits}' or use an attention-only workload")
        }
        if let modelDim = workload.modelDim, workload.heads * workload.headDim != modelDim, workload.projections {
            throw InputError(file: file, field: "model_dim", "\(modelDim) is not heads × head_dim = \(workload.heads * workload.headDim)")
        }
        if case .window(_, let global) = workload.attention, global >= workload.sequenceLength {
            throw InputError(file: file, field: "attention.global_tokens",
                             "\(global) global tokens need a longer sequence than \(workload.sequenceLength)")
        }
    }
}

/// The phases of a workload, in order, as plans the builder turns into units.
struct FPGAPhasePlan {
    enum Step {
        case attention(FPGAAttentionPlan, name: String)
        case linear(FPGALinearPlan)
    }

    var steps: [(layer: Int, step: Step)]
    var heads: Int

    static func make(_ architecture: FPGAArchitecture, _ workload: FPGAWorkload) -> FPGAPhasePlan {
        var steps: [(layer: Int, step: Step)] = []
        let n = workload.sequenceLength
        let main = FPGAAttentionPlan.main(workload, kernel: architecture.attention)
        let global = FPGAAttentionPlan.global(workload, kernel: architecture.attention)
        var moeLayer = 0
        for layer in 0..<workload.layers {
            let d = workload.modelDim ?? workload.heads * workload.headDim
            if workload.projections { steps.append((layer, .linear(FPGALinearPlan(name: "qkv", tokens: n, inputs: d, outputs: 3 * d)))) }
            steps.append((layer, .attention(main, name: "attention")))
            if let global { steps.append((layer, .attention(global, name: "global"))) }
            if workload.projections { steps.append((layer, .linear(FPGALinearPlan(name: "proj", tokens: n, inputs: d, outputs: d)))) }
            if let moe = workload.moe, moe.isMoE(layer: layer) {
                steps.append((layer, .linear(FPGALinearPlan(name: "gate", tokens: n, inputs: d, outputs: moe.experts))))
                var tokens = Array(repeating: 0, count: moe.experts)
                for choice in moe.routes[moeLayer] { for expert in choice { tokens[expert] += 1 } }
                for (expert, count) in tokens.enumerated() where count > 0 {
                    steps.append((layer, .linear(FPGALinearPlan(name: "expert\(expert).fc1", tokens: count, inputs: d, outputs: moe.hidden))))
                    steps.append((layer, .linear(FPGALinearPlan(name: "expert\(expert).fc2", tokens: count, inputs: moe.hidden, outputs: d))))
                }
                moeLayer += 1
            } else if let hidden = workload.mlpHidden {
                steps.append((layer, .linear(FPGALinearPlan(name: "fc1", tokens: n, inputs: d, outputs: hidden))))
                steps.append((layer, .linear(FPGALinearPlan(name: "fc2", tokens: n, inputs: hidden, outputs: d))))
            }
        }
        return FPGAPhasePlan(steps: steps, heads: workload.heads)
    }

    /// Firings of every unit, for the `--allow-huge` guard.
    func estimatedFirings(_ architecture: FPGAArchitecture) -> Double {
        steps.reduce(0.0) { sum, item in
            switch item.step {
            case .attention(let plan, _):
                let blocks = Double(plan.blocksPerHead * heads), tiles = Double(plan.tilesPerBlock)
                return sum + blocks * (tiles * (plan.reuse == .stream ? 2 : 1) + 4)
            case .linear(let plan):
                guard let kernel = architecture.linear else { return sum }
                return sum + Double(plan.inputTiles(kernel) * plan.columnGroups(kernel)) * 2 + Double(plan.columnGroups(kernel))
            }
        }
    }

    func build(on builder: FPGAChipBuilder, _ architecture: FPGAArchitecture) {
        for (layer, step) in steps {
            switch step {
            case .attention(let plan, let name):
                builder.addAttention(plan, heads: heads, layer: layer, name: name, kernel: architecture.attention,
                                     dataType: architecture.dataType)
            case .linear(let plan):
                builder.addLinear(plan, layer: layer, kernel: architecture.linear!, dataType: architecture.dataType)
            }
        }
    }
}
