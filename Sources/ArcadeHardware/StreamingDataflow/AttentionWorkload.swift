import ArcadeCore
import ArcadeKernel
import Foundation

/// An attention workload (`Workloads/attention/*.yaml`): the sizes of softmax(QKᵀ/√D)·V and the
/// seed of its random inputs.
///
/// ```yaml
/// sequence_length: 512     # N: queries and keys per head
/// head_dim: 16             # D
/// heads: 1                 # batch × heads, run one after another
/// seed: 1                  # Q, K, V are uniform in [-1, 1) from SplitMix64(seed)
/// ```
public struct AttentionWorkload: Sendable, Equatable {
    public var sequenceLength: Int
    public var headDim: Int
    public var heads: Int
    public var seed: UInt64

    /// Limits that keep a run's memory bounded (inputs are H·N·D floats each, kept in memory).
    public static let sequenceLengths = 1...65_536
    public static let headDims = 1...1_024
    public static let headCounts = 1...1_024
    public static let maxInputElements = 1 << 28

    public init(sequenceLength: Int, headDim: Int, heads: Int = 1, seed: UInt64 = 1) {
        self.sequenceLength = sequenceLength
        self.headDim = headDim
        self.heads = heads
        self.seed = seed
    }

    public static func load(path: String) throws -> AttentionWorkload {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the attention workload (missing, or not UTF-8 text)")
        }
        return try parse(text: text, file: path)
    }

    public static func parse(text: String, file: String) throws -> AttentionWorkload {
        let document = try ConfigSection.load(yaml: text, file: file)
        let workload = AttentionWorkload(
            sequenceLength: try document.int("sequence_length", range: sequenceLengths),
            headDim: try document.int("head_dim", range: headDims),
            heads: try document.int("heads", default: 1, range: headCounts),
            seed: UInt64(try document.int("seed", default: 1, range: 0...Int.max)))
        try document.finish()
        try workload.checkSize(file: file)
        return workload
    }

    func checkSize(file: String) throws {
        let elements = heads.multipliedReportingOverflow(by: sequenceLength)
        let total = elements.partialValue.multipliedReportingOverflow(by: headDim)
        guard !elements.overflow, !total.overflow, total.partialValue <= Self.maxInputElements else {
            throw InputError(file: file, "heads × sequence_length × head_dim must be ≤ \(Self.maxInputElements) "
                                 + "(each of Q, K, V is held in memory)")
        }
    }

    /// The names graph files use for these sizes.
    public var sizes: [String: Int] { ["N": sequenceLength, "D": headDim, "H": heads] }

    /// Q, K and V, each heads × N rows of D values, uniform in [-1, 1), rounded to `format`.
    func inputs(format: NumberFormat) -> (q: [Float], k: [Float], v: [Float]) {
        var generator = SplitMix64(seed: seed)
        let count = heads * sequenceLength * headDim
        func tensor() -> [Float] {
            (0..<count).map { _ in
                format.round(Float(Double(generator.next() >> 11) * 0x1p-53 * 2 - 1))
            }
        }
        let q = tensor(), k = tensor(), v = tensor()
        return (q, k, v)
    }
}
