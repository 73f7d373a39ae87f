/// The attention kernel's work for one layer, as sizes: what every lane reads, computes and writes.
///
/// Row-wise dataflow (SWAT): each lane takes its heads one after another; a head's query rows go in
/// blocks of `pes` rows, one per PE, held stationary while the keys of the block's windows stream
/// past every PE — the union of the block's windows, `w + pes − 1` keys (plus the global ones),
/// clipped to the sequence; all keys for dense attention. A PE does `vector_width` MACs per cycle on
/// QKᵀ and as many on S·V, with an online softmax between (fused), so a tile of `kv_tile_rows` keys
/// takes kv_tile_rows × ⌈head_dim / vector_width⌉ cycles; a PE outside its own window computes a
/// masked score (the loop has a fixed trip count, as an HLS pipeline does). The block's outputs are
/// divided by their row sums (`vector_width` dividers) and written back.
///
/// K/V come from HBM either once per head into a window buffer (`kv_reuse: buffer`, input
/// stationary: block b reads the rows its windows reach beyond block b − 1's) or again for every
/// block (`kv_reuse: stream`). Global tokens (Longformer) are the first `g` rows: every query also
/// attends to them (kept in the buffer), and their own `g` query rows attend to all keys in a
/// second, dense phase.
struct FPGAAttentionPlan: Equatable {
    var sequenceLength: Int
    var headDim: Int
    /// Keys one block's PEs stream past (the union of its windows, or the sequence).
    var keysPerBlock: Int
    /// Rows of the window reach beyond a query (w/2 each side; the sequence for dense).
    var reach: Int
    var globalRows: Int
    var queryRows: Int
    var pes: Int
    var tileRows: Int
    var reuse: FPGAAttentionKernel.KVReuse

    var blocksPerHead: Int { (queryRows + pes - 1) / pes }
    var tilesPerBlock: Int { (keysPerBlock + tileRows - 1) / tileRows }

    /// The window phase (or the whole of dense attention) of one layer.
    static func main(_ workload: FPGAWorkload, kernel: FPGAAttentionKernel) -> FPGAAttentionPlan {
        let n = workload.sequenceLength
        switch workload.attention {
        case .dense:
            return FPGAAttentionPlan(sequenceLength: n, headDim: workload.headDim, keysPerBlock: n, reach: n, globalRows: 0,
                                     queryRows: n, pes: kernel.pes, tileRows: kernel.kvTileRows, reuse: kernel.kvReuse)
        case .window(let size, let global):
            let keys = min(n, size + kernel.pes - 1) + global
            return FPGAAttentionPlan(sequenceLength: n, headDim: workload.headDim, keysPerBlock: min(keys, n), reach: size / 2,
                                     globalRows: global, queryRows: n, pes: kernel.pes, tileRows: kernel.kvTileRows,
                                     reuse: kernel.kvReuse)
        }
    }

    /// The global tokens' own rows attending to every key (streamed), nil without global tokens.
    static func global(_ workload: FPGAWorkload, kernel: FPGAAttentionKernel) -> FPGAAttentionPlan? {
        guard case .window(_, let global) = workload.attention, global > 0 else { return nil }
        let n = workload.sequenceLength
        return FPGAAttentionPlan(sequenceLength: n, headDim: workload.headDim, keysPerBlock: n, reach: n, globalRows: 0,
                                 queryRows: global, pes: kernel.pes, tileRows: kernel.kvTileRows, reuse: .stream)
    }

    /// K/V rows block b of a head reads into the window buffer (`kv_reuse: buffer`): the rows its
    /// windows reach that earlier blocks did not, and the global rows with the first block.
    func bufferRows(block b: Int) -> Int {
        func reached(_ block: Int) -> Int { block < 0 ? 0 : min(sequenceLength, (block + 1) * pes + reach) }
        return reached(b) - reached(b - 1) + (b == 0 ? globalRows : 0)
    }

    /// Rows the window buffer holds: the block's keys and the next block's new rows.
    var bufferCapacityRows: Int { min(sequenceLength, keysPerBlock + pes + tileRows) }

    /// MACs of one head: QKᵀ and S·V, as the PEs do them (masked scores included).
    var macsPerHead: Int { 2 * blocksPerHead * pes * tilesPerBlock * tileRows * headDim }
}

extension FPGAChipBuilder {
    /// Adds one attention phase: for each lane a Q reader, a K/V reader, the fused PE array, the
    /// normaliser and the output writer.
    func addAttention(_ plan: FPGAAttentionPlan, heads: Int, layer: Int, name: String, kernel: FPGAAttentionKernel,
                      dataType: FPGADataType) {
        let lanes = min(kernel.lanes, heads)
        let bytes = dataType.activationBytes, d = plan.headDim
        let steps = (d + kernel.vectorWidth - 1) / kernel.vectorWidth
        let macsTotal = plan.macsPerHead * heads
        beginPhase(layer: layer, kind: "attention", name: name, macs: macsTotal)
        let peLatency = 2 * dataType.macLatencyCycles + FPGAAttentionCost.treeDepth(kernel.vectorWidth) * dataType.addLatencyCycles
            + dataType.expUnit.latencyCycles
        for lane in 0..<lanes {
            let laneHeads = heads / lanes + (lane < heads % lanes ? 1 : 0)
            let blocks = laneHeads * plan.blocksPerHead
            let tiles = plan.tilesPerBlock
            let qChannel = nextChannel(), kChannel = nextChannel(), vChannel = nextChannel()
            let q = reader("L\(layer).\(name).lane\(lane).q", firings: blocks,
                           streams: [MemoryStream(channel: qChannel, bytes: plan.pes * d * bytes)], outstanding: kernel.outstanding)
            let kv: MemoryReadUnit
            switch plan.reuse {
            case .buffer:
                let rows = (0..<plan.blocksPerHead).map { plan.bufferRows(block: $0) * d * bytes }
                kv = reader("L\(layer).\(name).lane\(lane).kv", firings: blocks,
                            streams: [MemoryStream(channel: kChannel, pattern: rows), MemoryStream(channel: vChannel, pattern: rows)],
                            outstanding: kernel.outstanding)
            case .stream:
                let tileBytes = plan.tileRows * d * bytes
                kv = reader("L\(layer).\(name).lane\(lane).kv", firings: blocks * tiles,
                            streams: [MemoryStream(channel: kChannel, bytes: tileBytes), MemoryStream(channel: vChannel, bytes: tileBytes)],
                            outstanding: kernel.outstanding)
            }
            let pe = compute("L\(layer).\(name).lane\(lane).pe", kind: .dotProduct, firings: blocks * tiles, length: tiles,
                             intervalCycles: plan.tileRows * steps, latencyCycles: peLatency,
                             inputs: [.rowStart, plan.reuse == .buffer ? .rowStart : .everyFiring], outputs: [.rowEnd])
            let norm = compute("L\(layer).\(name).lane\(lane).normalize", kind: .binary, firings: blocks, length: 1,
                               intervalCycles: (plan.pes * d + kernel.vectorWidth - 1) / kernel.vectorWidth,
                               latencyCycles: dataType.divider.latencyCycles, inputs: [.everyFiring], outputs: [.everyFiring])
            let out = writer("L\(layer).\(name).lane\(lane).o", firings: blocks,
                             streams: [MemoryStream(channel: qChannel, bytes: plan.pes * d * bytes)])
            connect(q, 0, to: pe, 0, depth: 2)
            connect(kv, 0, to: pe, 1, depth: kernel.fifoDepth)
            connect(pe, 0, to: norm, 0, depth: 2)
            connect(norm, 0, to: out, 0, depth: 2)
        }
        endPhase()
    }
}

/// Sizes behind the attention kernel's resources.
enum FPGAAttentionCost {
    /// Levels of a `width`-input adder tree.
    static func treeDepth(_ width: Int) -> Int {
        var levels = 0, span = 1
        while span < width { span *= 2; levels += 1 }
        return levels
    }
}
