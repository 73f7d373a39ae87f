/// One linear layer (tokens × inputs → outputs) on UbiMoE's reusable linear kernel: the tokens'
/// activations are read once into an on-chip buffer; weights stream from HBM in tiles of
/// `tile` × `tile`, `pes` tiles at a time (one per PE array, each on its own output columns), at
/// `axi_bits` per kernel cycle; a PE array takes one token's `tile` inputs per cycle against its
/// tile, so a step of `pes` tiles takes `tokens` cycles, and the tiles along the inputs accumulate
/// into one column group that is written back when its last input tile is done.
struct FPGALinearPlan: Equatable {
    var name: String
    var tokens: Int
    var inputs: Int
    var outputs: Int

    func inputTiles(_ kernel: FPGALinearKernel) -> Int { (inputs + kernel.tile - 1) / kernel.tile }
    func columnGroups(_ kernel: FPGALinearKernel) -> Int { (outputs + kernel.tile * kernel.pes - 1) / (kernel.tile * kernel.pes) }
    /// MACs the PE arrays do (padding of the last tiles included).
    func macs(_ kernel: FPGALinearKernel) -> Int {
        inputTiles(kernel) * columnGroups(kernel) * kernel.pes * kernel.tile * kernel.tile * tokens
    }
    /// The useful MACs: tokens × inputs × outputs.
    var usefulMACs: Int { tokens * inputs * outputs }
}

extension FPGAChipBuilder {
    func addLinear(_ plan: FPGALinearPlan, layer: Int, kernel: FPGALinearKernel, dataType: FPGADataType) {
        guard plan.tokens > 0 else { return }
        beginPhase(layer: layer, kind: "linear", name: plan.name, macs: plan.usefulMACs)
        let tile = kernel.tile
        let steps = plan.inputTiles(kernel) * plan.columnGroups(kernel)
        let weightBytes = kernel.pes * tile * tile * dataType.weightBytes
        let axiBytesPerCycle = kernel.axiBits / 8
        let activations = reader("L\(layer).\(plan.name).act", firings: 1,
                                 streams: [MemoryStream(channel: nextChannel(), bytes: plan.tokens * plan.inputs * dataType.activationBytes)],
                                 outstanding: 1)
        let weights = reader("L\(layer).\(plan.name).weights", firings: steps,
                             streams: [MemoryStream(channel: nextChannel(), bytes: weightBytes)],
                             intervalCycles: (weightBytes + axiBytesPerCycle - 1) / axiBytesPerCycle, outstanding: kernel.outstanding)
        let macLatency = dataType.macLatencyCycles + FPGAAttentionCost.treeDepth(tile) * dataType.addLatencyCycles
        let mac = compute("L\(layer).\(plan.name).pe", kind: .dotProduct, firings: steps, length: plan.inputTiles(kernel),
                          intervalCycles: plan.tokens, latencyCycles: macLatency, inputs: [.first, .everyFiring], outputs: [.rowEnd])
        let out = writer("L\(layer).\(plan.name).out", firings: plan.columnGroups(kernel),
                         streams: [MemoryStream(channel: nextChannel(), bytes: plan.tokens * tile * kernel.pes * dataType.activationBytes)])
        connect(activations, 0, to: mac, 0, depth: 1)
        connect(weights, 0, to: mac, 1, depth: kernel.outstanding)
        connect(mac, 0, to: out, 0, depth: 2)
        endPhase()
    }
}
