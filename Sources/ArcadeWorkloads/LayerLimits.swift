import ArcadeCore

/// The largest layer a topology may describe, checked when it is read so that no size derived
/// from it (im2col matrices, MACs, folds, SRAM traffic, cycles) can overflow a 64-bit integer
/// anywhere downstream, on any array the architecture files allow (up to 65,536 × 65,536 PEs).
///
/// The bounds are far above real networks (ResNet-50's largest ifmap is 230 × 230 × 64, BERT-large's
/// largest GEMM 512 × 4096 × 1024) and chosen so that the products the systolic model forms stay
/// below 2^63: cycles ≤ MACs + matrix words · 3 · 2^16 < 2^50 + 2^58.
///
/// ```swift
/// try LayerLimits.check(.conv(layer))   // throws "IFMAP Height must be ≤ 2^20 (1048576) …"
/// ```
public enum LayerLimits {
    /// Every dimension a topology row gives (IFMAP Height … Strides; M, N, K).
    public static let maxDimension = 1 << 20
    /// Words of each operand matrix the layer lowers to (ifmap M·K, filter K·N, ofmap M·N) and of
    /// the raw ifmap H·W·C; for a depthwise layer, summed over its channels.
    public static let maxMatrixWords = 1 << 40
    /// Multiply-accumulates of one layer (a depthwise layer: all its channels), ≈ 1.1 · 10^15.
    public static let maxMACs = 1 << 50

    /// The first bound `layer` breaks, as (field, message), or nil. Every product is formed with
    /// overflow checks, so this itself cannot trap on any input.
    public static func violation(_ layer: WorkloadLayer) -> (field: String?, message: String)? {
        switch layer {
        case .gemm(let gemm):
            for (field, value) in [("M", gemm.m), ("N", gemm.n), ("K", gemm.k)] where value > maxDimension {
                return (field, dimensionMessage(field, value, layer: gemm.name))
            }
            return productViolation(name: gemm.name, m: gemm.m, n: gemm.n, k: gemm.k, ifmapWords: gemm.m * gemm.k,
                                    copies: 1)
        case .conv(let conv):
            let dimensions = [("IFMAP Height", conv.ifmapHeight), ("IFMAP Width", conv.ifmapWidth),
                              ("Filter Height", conv.filterHeight), ("Filter Width", conv.filterWidth),
                              ("Channels", conv.channels), ("Num Filter", conv.filterCount), ("Strides", conv.stride)]
            for (field, value) in dimensions where value > maxDimension {
                return (field, dimensionMessage(field, value, layer: conv.name))
            }
            // With every dimension ≤ 2^20, products of two fit easily; three are checked.
            let depthwise = conv.isDepthwise || conv.name.contains("DP")
            let channelsPerGEMM = depthwise ? 1 : conv.channels
            let m = conv.ofmapHeight * conv.ofmapWidth
            let filterWords = conv.filterHeight * conv.filterWidth
            guard let k = multiplied(filterWords, channelsPerGEMM),
                  let ifmapWords = multiplied(conv.ifmapHeight * conv.ifmapWidth, channelsPerGEMM) else {
                return (nil, "layer '\(conv.name)': its filter or ifmap has more than 2^40 (\(maxMatrixWords)) words")
            }
            return productViolation(name: conv.name, m: m, n: conv.filterCount, k: k, ifmapWords: ifmapWords,
                                    copies: depthwise ? conv.channels : 1)
        }
    }

    /// Throws the first violation as an `InputError` at `file:line`.
    public static func check(_ layer: WorkloadLayer, file: String? = nil, line: Int? = nil) throws {
        if let (field, message) = violation(layer) {
            throw InputError(file: file, line: line, field: field, message)
        }
    }

    static func dimensionMessage(_ field: String, _ value: Int, layer: String) -> String {
        "\(value) in layer '\(layer)' is too large; \(field) must be ≤ 2^20 (\(maxDimension))"
    }

    /// `copies` identical GEMMs (a depthwise layer's channels) of M×K · K×N.
    static func productViolation(name: String, m: Int, n: Int, k: Int, ifmapWords: Int,
                                 copies: Int) -> (field: String?, message: String)? {
        // No single column is at fault: the message names the layer and the product.
        let matrices: [(String, Int?)] = [
            ("ifmap operand matrix (M·K)", multiplied(m, k, copies)),
            ("filter operand matrix (K·N)", multiplied(k, n, copies)),
            ("ofmap (M·N)", multiplied(m, n, copies)),
            ("ifmap (H·W·C)", multiplied(ifmapWords, copies)),
        ]
        for (what, words) in matrices where words.map({ $0 > maxMatrixWords }) ?? true {
            let count = words.map { " has \($0) words;" } ?? " overflows;"
            return (nil, "layer '\(name)': its \(what)\(count) at most 2^40 (\(maxMatrixWords)) allowed")
        }
        let macs = multiplied(m, n, k, copies)
        if macs.map({ $0 > maxMACs }) ?? true {
            let count = macs.map { "\($0) MACs" } ?? "more than 2^63 MACs"
            return (nil, "layer '\(name)' has \(count); at most 2^50 (\(maxMACs)) allowed per layer")
        }
        return nil
    }

    /// The product, or nil when it overflows `Int`.
    public static func multiplied(_ factors: Int...) -> Int? {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            product = next
        }
        return product
    }
}
