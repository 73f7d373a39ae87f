import ArcadeCore
import ArcadeKernel
import Foundation

/// A transformer workload for the FPGA engines: its attention (sliding window with optional global
/// tokens, or dense), and optionally the linear parts a full layer has — QKV and output
/// projections, a dense MLP, or a mixture-of-experts MLP with top-k routing.
///
/// ```yaml
/// name: m3vit                  # optional
/// sequence_length: 129         # tokens
/// heads: 3
/// head_dim: 128
/// layers: 12
/// attention: {window: 512, global_tokens: 2}   # or: attention: dense
/// model_dim: 384               # needed by projections, mlp and moe
/// projections: true            # QKV (d → 3d) and output (d → d) projections on every layer
/// mlp: {hidden: 1536}          # a dense MLP (d → hidden → d) on the layers that are not MoE
/// moe: {experts: 16, top_k: 2, hidden: 1536, layers: odd, routing_seed: 1}   # or routing_trace: routes.csv
/// ```
/// A routing trace is a CSV with a header `layer,token,expert` (layers counted among the MoE layers
/// from 0), `top_k` rows per token; without one, each token picks `top_k` distinct experts drawn
/// from SplitMix64 seeded by `routing_seed`, layer and token.
public struct FPGAWorkload: Sendable, Equatable {
    public enum Attention: Sendable, Equatable {
        case dense
        case window(size: Int, globalTokens: Int)
    }
    public struct MoE: Sendable, Equatable {
        public var experts: Int
        public var topK: Int
        public var hidden: Int
        /// Which layers are MoE layers (0-based): `odd` (M³ViT: every other layer, from the second), `even`, `all`.
        public var layerRule: String
        /// Per MoE layer, per token, its experts.
        public var routes: [[[Int]]]

        public func isMoE(layer: Int) -> Bool {
            switch layerRule {
            case "odd": return layer % 2 == 1
            case "even": return layer % 2 == 0
            default: return true
            }
        }
    }

    public var name: String
    public var sequenceLength: Int
    public var heads: Int
    public var headDim: Int
    public var layers: Int
    public var attention: Attention
    public var modelDim: Int?
    public var projections: Bool
    public var mlpHidden: Int?
    public var moe: MoE?

    /// Whether the workload has work for a linear kernel.
    public var hasLinearWork: Bool { projections || mlpHidden != nil || moe != nil }

    static let keys = ["name", "sequence_length", "heads", "head_dim", "layers", "attention", "model_dim", "projections",
                       "mlp", "moe"]
    static let sizeLimit = 1 << 20

    public static func load(path: String) throws -> (FPGAWorkload, String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the FPGA workload (missing, or not UTF-8 text)")
        }
        return (try parse(try ConfigSection.load(yaml: text, file: path)), text)
    }

    public static func parse(_ section: ConfigSection) throws -> FPGAWorkload {
        let name = try section.string("name", default: URL(fileURLWithPath: section.file).deletingPathExtension().lastPathComponent)
        let n = try section.int("sequence_length", range: 1...sizeLimit)
        let heads = try section.int("heads", range: 1...1_024)
        let headDim = try section.int("head_dim", range: 1...4_096)
        let layers = try section.int("layers", default: 1, range: 1...1_024)
        var attention = Attention.dense
        if let text = try? section.optionalString("attention") {
            guard text == "dense" else {
                throw section.error("attention", "'\(text)' is not an attention; allowed: dense, or {window: W, global_tokens: G}")
            }
        } else if let window = try section.section("attention") {
            let size = try window.int("window", range: 1...sizeLimit)
            let global = try window.int("global_tokens", default: 0, range: 0...sizeLimit)
            guard global < n else { throw window.error("global_tokens", "\(global) global tokens need a longer sequence than \(n)") }
            try window.finish()
            attention = .window(size: size, globalTokens: global)
        }
        let modelDim = try section.has("model_dim") ? section.int("model_dim", range: 1...65_536) : nil
        let projections = try section.bool("projections", default: false)
        var mlpHidden: Int?
        if let mlp = try section.section("mlp") {
            mlpHidden = try mlp.int("hidden", range: 1...1_048_576)
            try mlp.finish()
        }
        var moe: MoE?
        if let moeSection = try section.section("moe") {
            moe = try parseMoE(moeSection, tokens: n, layers: layers)
        }
        if (projections || mlpHidden != nil || moe != nil) && modelDim == nil {
            throw section.error("model_dim", "is required with projections, mlp or moe (the model width d)")
        }
        try section.finish(allowedHint: keys)
        return FPGAWorkload(name: name, sequenceLength: n, heads: heads, headDim: headDim, layers: layers, attention: attention,
                            modelDim: modelDim, projections: projections, mlpHidden: mlpHidden, moe: moe)
    }

    static func parseMoE(_ section: ConfigSection, tokens: Int, layers: Int) throws -> MoE {
        let experts = try section.int("experts", range: 1...1_024)
        let topK = try section.int("top_k", range: 1...experts)
        let hidden = try section.int("hidden", range: 1...1_048_576)
        let rule = try section.choice("layers", ["odd", "even", "all"], default: "odd")
        var moe = MoE(experts: experts, topK: topK, hidden: hidden, layerRule: rule, routes: [])
        let moeLayers = (0..<layers).filter { moe.isMoE(layer: $0) }.count
        if let trace = try section.optionalString("routing_trace") {
            let path = section.resolvePath(trace)
            moe.routes = try FPGARoutingTrace.read(path: path, moeLayers: moeLayers, tokens: tokens, experts: experts, topK: topK)
        } else {
            let seed = try section.int("routing_seed", default: 1, range: 0...Int.max)
            moe.routes = FPGARoutingTrace.seeded(seed: UInt64(seed), moeLayers: moeLayers, tokens: tokens, experts: experts, topK: topK)
        }
        try section.finish()
        return moe
    }
}

/// Expert choices per token: read from a CSV trace or drawn from a seed.
enum FPGARoutingTrace {
    static func seeded(seed: UInt64, moeLayers: Int, tokens: Int, experts: Int, topK: Int) -> [[[Int]]] {
        (0..<moeLayers).map { layer in
            (0..<tokens).map { token in
                var random = SplitMix64(seed: seed ^ (UInt64(layer) << 32 | UInt64(token)) &* 0x9E37_79B9_7F4A_7C15)
                var chosen: [Int] = []
                while chosen.count < topK {
                    let expert = Int(random.next(below: UInt64(experts)))
                    if !chosen.contains(expert) { chosen.append(expert) }
                }
                return chosen
            }
        }
    }

    static func read(path: String, moeLayers: Int, tokens: Int, experts: Int, topK: Int) throws -> [[[Int]]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the routing trace (missing, or not UTF-8 text)")
        }
        var routes = Array(repeating: Array(repeating: [Int](), count: tokens), count: moeLayers)
        var sawHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                guard line.replacingOccurrences(of: " ", with: "") == "layer,token,expert" else {
                    throw InputError(file: path, line: index + 1, "the header must be 'layer,token,expert'")
                }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, let layer = Int(fields[0]), let token = Int(fields[1]), let expert = Int(fields[2]) else {
                throw InputError(file: path, line: index + 1, "expected three whole numbers 'layer,token,expert'")
            }
            guard (0..<moeLayers).contains(layer) else {
                throw InputError(file: path, line: index + 1, field: "layer", "\(layer) is out of range; allowed: 0...\(moeLayers - 1) (MoE layers)")
            }
            guard (0..<tokens).contains(token) else {
                throw InputError(file: path, line: index + 1, field: "token", "\(token) is out of range; allowed: 0...\(tokens - 1)")
            }
            guard (0..<experts).contains(expert) else {
                throw InputError(file: path, line: index + 1, field: "expert", "\(expert) is out of range; allowed: 0...\(experts - 1)")
            }
            guard routes[layer][token].count < topK, !routes[layer][token].contains(expert) else {
                throw InputError(file: path, line: index + 1, "token \(token) of MoE layer \(layer) has more than top_k \(topK) "
                                 + "distinct experts")
            }
            routes[layer][token].append(expert)
        }
        for layer in 0..<moeLayers {
            if let token = routes[layer].firstIndex(where: { $0.count != topK }) {
                throw InputError(file: path, "token \(token) of MoE layer \(layer) has \(routes[layer][token].count) experts; "
                                 + "every token needs top_k = \(topK)")
            }
        }
        return routes
    }
}
