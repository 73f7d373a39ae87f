/// What the host runs, step by step: PIM kernels in the memory and its own vector ops.
public struct PIMStep: Sendable, Equatable {
    public enum Work: Sendable, Equatable {
        /// `outputs × inputs` weights times `batch` vectors; `distinctInputs` different input vectors per
        /// channel per input tile (attention: each head its own query), `region` the weight's place.
        case gemv(outputs: Int, inputs: Int, distinctInputs: Int, batch: Int, region: Int)
        case elementwise(PIMElementwiseKind, elements: Int)
        case host(PIMHostOp, elements: Int)
    }
    /// `qkv`, `softmax`, …
    public var name: String
    /// Decoder layer (the layer count for the final norm, LM head and argmax; 0 for single kernels), token index.
    public var layer: Int
    public var token: Int
    public var work: Work
}

/// The host's vector operations.
public enum PIMHostOp: String, CaseIterable, Sendable {
    case layerNorm = "layernorm", softmax, gelu, add, kvAppend = "kv_append", argmax
}

/// Lowers a workload into steps, and places every weight matrix (and the KV cache) in its own rows.
struct PIMProgram {
    var steps: [PIMStep] = []
    /// Per region: the GEMV shape whose weights it holds (for the capacity check and row placement).
    var regions: [(name: String, outputs: Int, inputs: Int)] = []

    static func lower(_ workload: PIMWorkload, channels: Int) -> PIMProgram {
        var program = PIMProgram()
        switch workload {
        case .gemv(let outputs, let inputs, let batch, _):
            program.regions = [("weights", outputs, inputs)]
            program.steps = [PIMStep(name: "gemv", layer: 0, token: 0,
                                     work: .gemv(outputs: outputs, inputs: inputs, distinctInputs: 1, batch: batch, region: 0))]
        case .elementwise(let kind, let elements, _):
            program.steps = [PIMStep(name: kind.rawValue, layer: 0, token: 0, work: .elementwise(kind, elements: elements))]
        case .decode(let decode):
            program.lowerDecode(decode, channels: channels)
        }
        return program
    }

    /// One decode step per generated token: per layer (GPT-2, pre-norm) LN, QKV, KV append,
    /// scores q·Kᵀ, softmax (with the 1/√d scaling), scores·V, projection, residual add, LN, MLP up,
    /// GELU, MLP down, residual add; then the final LN, the LM head and the argmax. The GEMVs run
    /// in PIM; the rest on the host. The KV cache sits in PIM memory as two GEMV operands per layer
    /// (Kᵀ: heads·context × d_head, V: d_model × context), placed for the whole context.
    mutating func lowerDecode(_ decode: TransformerDecode, channels: Int) {
        let m = decode.model, d = m.dModel
        let distinct = max(1, (m.heads + channels - 1) / channels)
        let maxContext = decode.promptTokens + decode.generatedTokens
        for layer in 0..<m.layers {
            regions += [("L\(layer).qkv", 3 * d, d), ("L\(layer).proj", d, d), ("L\(layer).fc1", m.dFF, d),
                        ("L\(layer).fc2", d, m.dFF), ("L\(layer).k_cache", m.heads * maxContext, m.headDim),
                        ("L\(layer).v_cache", d, maxContext)]
        }
        regions.append(("lm_head", m.vocab, d))
        for token in 0..<decode.generatedTokens {
            let context = decode.promptTokens + token + 1
            for layer in 0..<m.layers {
                let base = layer * 6
                func gemv(_ name: String, _ outputs: Int, _ inputs: Int, distinct: Int = 1, region: Int) {
                    steps.append(PIMStep(name: name, layer: layer, token: token,
                                         work: .gemv(outputs: outputs, inputs: inputs, distinctInputs: distinct,
                                                     batch: decode.batch, region: region)))
                }
                func host(_ op: PIMHostOp, _ elements: Int) {
                    steps.append(PIMStep(name: op.rawValue, layer: layer, token: token,
                                         work: .host(op, elements: elements * decode.batch)))
                }
                host(.layerNorm, d)
                gemv("qkv", 3 * d, d, region: base)
                host(.kvAppend, 2 * d)
                gemv("scores", m.heads * context, m.headDim, distinct: distinct, region: base + 4)
                host(.softmax, m.heads * context)
                gemv("values", d, context, distinct: distinct, region: base + 5)
                gemv("proj", d, d, region: base + 1)
                host(.add, d)
                host(.layerNorm, d)
                gemv("fc1", m.dFF, d, region: base + 2)
                host(.gelu, m.dFF)
                gemv("fc2", d, m.dFF, region: base + 3)
                host(.add, d)
            }
            steps.append(PIMStep(name: "layernorm", layer: m.layers, token: token, work: .host(.layerNorm, elements: d * decode.batch)))
            steps.append(PIMStep(name: "lm_head", layer: m.layers, token: token,
                                 work: .gemv(outputs: m.vocab, inputs: d, distinctInputs: 1, batch: decode.batch,
                                             region: regions.count - 1)))
            steps.append(PIMStep(name: "argmax", layer: m.layers, token: token, work: .host(.argmax, elements: m.vocab * decode.batch)))
        }
    }
}
