import ArcadeCore
import Foundation

/// A PIM workload file: one kernel (`Workloads/pim/`) or transformer decode (`Workloads/llm/`).
///
/// ```yaml
/// kernel: gemv            # gemv | add | mul | relu
/// outputs: 4096           # gemv: weight rows (output length)
/// inputs: 4096            # gemv: weight columns (input length)
/// elements: 1048576       # add/mul/relu: elements per operand
/// batch: 1                # gemv: input vectors (each streams the weights once, as in PIMSimulator)
/// data_type: fp16       # optional: the units' type when left out
/// ```
/// ```yaml
/// model: {name: gpt2-medium, layers: 24, d_model: 1024, heads: 16, d_ff: 4096, vocab: 50257, context: 1024}
/// prompt_tokens: 64       # already in the KV cache when decoding starts
/// generated_tokens: 8     # decode steps simulated
/// batch: 1
/// data_type: fp16
/// ```
public enum PIMWorkload: Sendable, Equatable {
    /// `dataType` nil: whatever the units compute in (a file without `data_type:`).
    case gemv(outputs: Int, inputs: Int, batch: Int, dataType: PIMDataType?)
    case elementwise(PIMElementwiseKind, elements: Int, dataType: PIMDataType?)
    case decode(TransformerDecode)

    public var dataType: PIMDataType? {
        switch self {
        case .gemv(_, _, _, let type), .elementwise(_, _, let type): return type
        case .decode(let decode): return decode.dataType
        }
    }

    static let limit = 1 << 40

    public static func load(path: String) throws -> (PIMWorkload, text: String) {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError(file: path, "workload file not found") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the workload file (not UTF-8 text)")
        }
        return (try parse(text: text, file: path), text)
    }

    public static func parse(text: String, file: String) throws -> PIMWorkload {
        let document = try ConfigSection.load(yaml: text, file: file)
        let dataType = try document.optionalString("data_type") == nil ? nil
            : PIMDataType(rawValue: try document.choice("data_type", PIMDataType.allCases.map(\.rawValue)))
        let workload: PIMWorkload
        if document.has("model") {
            workload = .decode(try TransformerDecode.parse(document, dataType: dataType))
        } else {
            let kernel = try document.choice("kernel", ["gemv"] + PIMElementwiseKind.allCases.map(\.rawValue))
            if kernel == "gemv" {
                workload = .gemv(outputs: try document.int("outputs", range: 1...limit), inputs: try document.int("inputs", range: 1...limit),
                                 batch: try document.int("batch", default: 1, range: 1...4_096), dataType: dataType)
            } else {
                workload = .elementwise(PIMElementwiseKind(rawValue: kernel)!, elements: try document.int("elements", range: 1...limit),
                                        dataType: dataType)
            }
        }
        try document.finish(allowedHint: ["kernel", "outputs", "inputs", "elements", "batch", "data_type", "model",
                                          "prompt_tokens", "generated_tokens"])
        return workload
    }
}

/// A decoder-only transformer's shape (GPT-2 style: pre-norm, GELU MLP, tied LM head).
public struct TransformerModel: Sendable, Equatable {
    public var name: String
    public var layers: Int
    public var dModel: Int
    public var heads: Int
    public var dFF: Int
    public var vocab: Int
    public var context: Int

    public var headDim: Int { dModel / heads }
    /// Weights of the GEMVs one token runs through: 12·d² + 4·d·… per layer plus the LM head.
    public var gemvParameters: Int { layers * (4 * dModel * dModel + 2 * dModel * dFF) + vocab * dModel }
}

/// Decode of `generatedTokens` tokens after a prompt of `promptTokens` (already in the KV cache).
public struct TransformerDecode: Sendable, Equatable {
    public var model: TransformerModel
    public var promptTokens: Int
    public var generatedTokens: Int
    public var batch: Int
    public var dataType: PIMDataType?

    static func parse(_ document: ConfigSection, dataType: PIMDataType?) throws -> TransformerDecode {
        guard let section = try document.section("model") else { throw document.error("model", "must be a mapping") }
        let model = TransformerModel(
            name: try section.string("name", default: "transformer"),
            layers: try section.int("layers", range: 1...1_024),
            dModel: try section.int("d_model", range: 1...1 << 20),
            heads: try section.int("heads", range: 1...4_096),
            dFF: try section.int("d_ff", range: 1...1 << 22),
            vocab: try section.int("vocab", range: 1...1 << 24),
            context: try section.int("context", default: 2_048, range: 1...1 << 22))
        if model.dModel % model.heads != 0 {
            throw section.error("heads", "d_model \(model.dModel) is not a multiple of heads \(model.heads)")
        }
        try section.finish(allowedHint: ["name", "layers", "d_model", "heads", "d_ff", "vocab", "context"])
        let decode = TransformerDecode(
            model: model, promptTokens: try document.int("prompt_tokens", default: 64, range: 0...1 << 22),
            generatedTokens: try document.int("generated_tokens", default: 8, range: 1...1 << 16),
            batch: try document.int("batch", default: 1, range: 1...1_024), dataType: dataType)
        if decode.promptTokens + decode.generatedTokens > model.context {
            throw document.error("generated_tokens", "prompt_tokens + generated_tokens = \(decode.promptTokens + decode.generatedTokens) "
                                 + "exceeds the model's context \(model.context)")
        }
        return decode
    }
}
