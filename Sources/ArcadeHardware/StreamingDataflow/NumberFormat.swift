/// The arithmetic format of a dataflow graph's values: every value a unit puts on a channel or
/// keeps in an accumulator is rounded to it (round to nearest, ties to even), so FP16 and BF16
/// graphs show the error those formats would; dot products sum their D products in FP32 before
/// rounding, as fused multiply-add trees in hardware do.
public enum NumberFormat: String, CaseIterable, Sendable {
    case fp32, fp16, bf16

    /// Bytes per element, for FIFO and scratchpad sizes.
    public var bytes: Int { self == .fp32 ? 4 : 2 }

    @inlinable @inline(__always)
    public func round(_ value: Float) -> Float {
        switch self {
        case .fp32: return value
        case .fp16: return Float(Float16(value))
        case .bf16: return Self.roundToBFloat16(value)
        }
    }

    /// BF16 keeps FP32's exponent and the top 7 mantissa bits: add half of the dropped part (plus
    /// the kept LSB, for ties to even) and truncate. NaN stays NaN.
    @inlinable
    static func roundToBFloat16(_ value: Float) -> Float {
        guard !value.isNaN else { return value }
        let bits = value.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }

    /// A tolerance for comparing a graph's output with softmax(QKᵀ/√D)·V computed in FP64:
    /// about 2⁴ units in the last place of the format, over outputs of magnitude ≤ 1.
    public var outputTolerance: Double {
        switch self {
        case .fp32: return 1e-5
        case .fp16: return 1e-2
        case .bf16: return 6e-2
        }
    }
}
