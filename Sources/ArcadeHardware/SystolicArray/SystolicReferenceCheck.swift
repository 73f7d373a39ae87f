import ArcadeCore
import ArcadeKernel
import ArcadeWorkloads

/// `arcade simulate --reference`: runs every layer again on the PE-by-PE reference array with
/// seeded random operands, and checks that its output is the exact matrix product and its cycle
/// count the fold model's. A user's way to see the fast model vouched for on their own shapes.
enum SystolicReferenceCheck {
    /// Register updates one layer may cost (≈ seconds): the reference is for small arrays and layers.
    static let maxWorkPerLayer = 400_000_000

    struct Outcome {
        var cycles: Int
        var matches: Bool
    }

    static func check(_ layer: WorkloadLayer, config: SystolicArrayConfig, seed: UInt64) throws -> Outcome {
        let gemm = LayerGEMM(layer)
        let fold = FoldModel(gemm: gemm, rows: config.rows, columns: config.columns, dataflow: config.dataflow)
        let work = fold.computeCycles.multipliedReportingOverflow(by: config.rows * config.columns)
        guard !work.overflow, work.partialValue <= maxWorkPerLayer else {
            throw InputError(field: "--reference",
                             "layer '\(layer.name)' (M=\(gemm.m) N=\(gemm.n) K=\(gemm.k) on \(config.rows)×\(config.columns)) "
                                 + "is too large for the PE-by-PE reference (limit \(maxWorkPerLayer) PE-cycles); "
                                 + "use it on small arrays and layers")
        }
        var generator = SplitMix64(seed: seed)
        let ifmap = (0..<gemm.m * gemm.k).map { _ in Int32(Int64(generator.next() % 19) - 9) }
        let filter = (0..<gemm.k * gemm.n).map { _ in Int32(Int64(generator.next() % 19) - 9) }
        let run = PEArrayReference.run(ifmap: ifmap, filter: filter, m: gemm.m, n: gemm.n, k: gemm.k,
                                       rows: config.rows, columns: config.columns, dataflow: config.dataflow)
        var product = [Int64](repeating: 0, count: gemm.m * gemm.n)
        for row in 0..<gemm.m {
            for inner in 0..<gemm.k {
                let a = Int64(ifmap[row * gemm.k + inner])
                for column in 0..<gemm.n { product[row * gemm.n + column] += a * Int64(filter[inner * gemm.n + column]) }
            }
        }
        return Outcome(cycles: run.cycles,
                       matches: run.ofmap == product && run.cycles == fold.computeCycles && run.macs == gemm.macs)
    }
}
