import ArcadeCore
import ArcadeKernel
import Foundation
import Testing
@testable import ArcadeHardware

/// The graphs compute real values: their output equals softmax(QKᵀ/√D)·V computed directly in
/// FP64 (`AttentionReference`), within the number format's tolerance.
@Suite("Dataflow: numerics")
struct DataflowNumericsTests {
    typealias S = DataflowTestSupport

    /// The output compared here is the sink's, read from the run itself (not the report's error).
    static func output(_ model: DataflowModel, n: Int, d: Int, heads: Int, seed: UInt64) throws -> (got: [Float], want: [Double]) {
        let workload = AttentionWorkload(sequenceLength: n, headDim: d, heads: heads, seed: seed)
        let graph = try DataflowGraph(template: model.graph, workload: workload, file: "test")
        let run = try DataflowRun.run(graph)
        let inputs = workload.inputs(format: model.graph.format)
        let want = AttentionReference.output(q: inputs.q, k: inputs.k, v: inputs.v, sequenceLength: n, headDim: d, heads: heads)
        return (try require_(run.output), want)
    }

    @Test(arguments: ["sdpa-naive", "sdpa-reordered"], [(4, 2, 1), (16, 4, 2), (64, 16, 1), (100, 8, 1), (128, 64, 1)])
    func fp32MatchesTheDirectComputation(graph: String, size: (n: Int, d: Int, heads: Int)) throws {
        let (got, want) = try Self.output(try S.shipped(graph), n: size.n, d: size.d, heads: size.heads, seed: 11)
        #expect(got.count == size.heads * size.n * size.d)
        let error = AttentionReference.maxAbsoluteError(got, want)
        #expect(error <= NumberFormat.fp32.outputTolerance, "\(graph) N=\(size.n) D=\(size.d): max |error| \(error)")
        // Not trivially small outputs: attention averages values in [-1, 1).
        #expect(want.contains { abs($0) > 0.05 })
    }

    /// FP16 and BF16 arithmetic: within their tolerance, and visibly less exact than FP32 (the
    /// rounding really happens).
    @Test(arguments: ["sdpa-naive", "sdpa-reordered"], [NumberFormat.fp16, .bf16])
    func reducedPrecisionRoundsEveryValue(graph: String, format: NumberFormat) throws {
        let model = try S.shipped(graph, replacing: "number_format: fp32", with: "number_format: \(format.rawValue)")
        let (got, want) = try Self.output(model, n: 64, d: 16, heads: 1, seed: 5)
        let error = AttentionReference.maxAbsoluteError(got, want)
        #expect(error <= format.outputTolerance, "\(graph) \(format): \(error)")
        #expect(error > 10 * NumberFormat.fp32.outputTolerance, "\(graph) \(format): \(error) is FP32-exact")
        #expect(got.allSatisfy { format.round($0) == $0 }, "outputs not representable in \(format)")
    }

    /// The report's `max_abs_error` is the same comparison.
    @Test func reportCarriesTheError() throws {
        let report = try S.run(try S.shipped("sdpa-reordered"), n: 32, d: 8)
        let error = try #require(S.double(report, "max_abs_error"))
        #expect(error > 0 && error <= NumberFormat.fp32.outputTolerance)
    }

    @Test func roundingMatchesTheFormats() {
        #expect(NumberFormat.fp16.round(1 + 0x1p-11) == 1)              // half an FP16 ulp: ties to even
        #expect(NumberFormat.fp16.round(1 + 0x1p-10) == 1 + 0x1p-10)
        #expect(NumberFormat.bf16.round(1 + 0x1p-8) == 1)               // half a BF16 ulp: ties to even
        #expect(NumberFormat.bf16.round(1 + 0x1p-8 + 0x1p-12) == 1 + 0x1p-7)
        #expect(NumberFormat.bf16.round(-3.0) == -3.0)
        #expect(NumberFormat.bf16.round(.nan).isNaN)
    }
}
