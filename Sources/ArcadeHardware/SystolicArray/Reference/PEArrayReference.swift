/// What the PE-level reference observed for one GEMM.
public struct PEArrayRun: Equatable, Sendable {
    /// The output matrix, row-major M×N.
    public var ofmap: [Int64]
    /// Cycles from the first operand entering the array to the last useful result being produced
    /// (OS) or leaving the bottom of the array (WS/IS), folds run back to back.
    public var cycles: Int
    /// MACs performed with two real operands; the zeros that pad partial folds are not counted.
    public var macs: Int

    public init(ofmap: [Int64], cycles: Int, macs: Int) {
        self.ofmap = ofmap
        self.cycles = cycles
        self.macs = macs
    }
}

/// A cycle-by-cycle simulation of an R×C systolic array that moves real operand values register by
/// register. It exists to check the fold-level closed form (`FoldModel`): a slow, obviously-right
/// model for small arrays, not a simulator for real layers.
///
/// GEMM: ifmap A (M×K) · filter B (K×N) = ofmap (M×N). Each dataflow maps the GEMM onto the array
/// as SCALE-Sim does (see `FoldMapping`), with spatial extents Sr×Sc and a temporal extent T:
///
/// | dataflow | PE rows (Sr) | PE columns (Sc) | streamed (T) | left edge | top / stationary |
/// |---|---|---|---|---|---|
/// | OS | M | N | K | A rows | B columns (streamed) |
/// | WS | K | N | M | A rows | B (stationary) |
/// | IS | K | M | N | B columns | Aᵀ (stationary) |
///
/// Assumptions, all SCALE-Sim's (`systolic_compute_{os,ws,is}.py`), so that the two models agree:
/// - The spatial extents are cut into ceil(Sr/R)·ceil(Sc/C) folds, run back to back without
///   overlap: a fold's first input enters in the cycle after the previous fold's last result, so
///   the total is the sum of the fold lengths each simulation observed.
/// - A partial fold is padded with zeros: padded PEs still receive operands and the fold takes as
///   many cycles as a full one. Its length is therefore measured up to the last MAC or exit of
///   *any* word, padding included; padding MACs are excluded only from `macs`.
/// - OS drains its accumulators while the next fold runs, at no cost (see `OutputStationaryFold`).
/// - WS/IS: when K > R the row folds each produce a partial sum of the output; they are added in an
///   accumulator buffer outside the array (SCALE-Sim writes them to the ofmap SRAM), which takes
///   no array cycles.
/// - Operands are always ready: no memory stalls (SCALE-Sim's CALC mode).
///
/// Example:
/// ```swift
/// let run = PEArrayReference.run(ifmap: [1, 2, 3, 4, 5, 6], filter: [7, 8, 9, 10, 11, 12],
///                                m: 2, n: 2, k: 3, rows: 2, columns: 2, dataflow: .outputStationary)
/// // run.ofmap == [58, 64, 139, 154], run.cycles == 5, run.macs == 12
/// ```
///
/// - Complexity: O(folds · (T + R + C) · R · C) time, O(R·C + M·N + operand sizes) memory.
public enum PEArrayReference {
    /// Runs A (row-major m×k) · B (row-major k×n) on a rows×columns array in `dataflow`.
    public static func run(ifmap: [Int32], filter: [Int32], m: Int, n: Int, k: Int,
                           rows: Int, columns: Int, dataflow: Dataflow) -> PEArrayRun {
        precondition(m > 0 && n > 0 && k > 0, "GEMM extents must be positive, got M=\(m) N=\(n) K=\(k)")
        precondition(rows > 0 && columns > 0, "array must have at least one PE, got \(rows)×\(columns)")
        precondition(ifmap.count == m * k, "ifmap has \(ifmap.count) elements, M·K = \(m * k)")
        precondition(filter.count == k * n, "filter has \(filter.count) elements, K·N = \(k * n)")
        let a = OperandView(ifmap, storedColumns: k)
        let b = OperandView(filter, storedColumns: n)
        var ofmap = [Int64](repeating: 0, count: m * n)
        var cycles = 0
        var macs = 0

        switch dataflow {
        case .outputStationary:
            // Left operand A is Sr×T (M×K), top operand B is T×Sc (K×N). Every fold owns distinct
            // outputs, so no accumulation across folds.
            for fold in folds(spatialRows: m, spatialColumns: n, rows: rows, columns: columns) {
                let left = PEGrid(rows: rows, columns: k) { i, t in
                    word(fold.isRealRow(i) ? a[fold.rowOffset + i, t] : nil, step: t)
                }
                let top = PEGrid(rows: k, columns: columns) { t, j in
                    word(fold.isRealColumn(j) ? b[t, fold.columnOffset + j] : nil, step: t)
                }
                let result = OutputStationaryFold(left: left, top: top).run()
                for i in 0..<fold.realRows {
                    for j in 0..<fold.realColumns {
                        ofmap[(fold.rowOffset + i) * n + fold.columnOffset + j] = result.accumulators[i, j]
                    }
                }
                cycles += result.cycles
                macs += result.realMACs
            }

        case .weightStationary, .inputStationary:
            // WS holds B (K×N) and streams A (M×K); IS holds Aᵀ (K×M) and streams Bᵀ (N×K). Output
            // Y[t, sc] is ofmap[t, sc] for WS and ofmap[sc, t] for IS.
            let isWS = dataflow == .weightStationary
            let held = isWS ? b : a.transpose
            let streamed = isWS ? a : b.transpose
            let (spatialColumns, steps) = isWS ? (n, m) : (m, n)
            for fold in folds(spatialRows: k, spatialColumns: spatialColumns, rows: rows, columns: columns) {
                let stationary = PEGrid(rows: rows, columns: columns) { i, j in
                    word(fold.isRealRow(i) && fold.isRealColumn(j)
                         ? held[fold.rowOffset + i, fold.columnOffset + j] : nil, step: i)
                }
                let streaming = PEGrid(rows: steps, columns: rows) { t, i in
                    word(fold.isRealRow(i) ? streamed[t, fold.rowOffset + i] : nil, step: t)
                }
                let result = StationaryOperandFold(stationary: stationary, streaming: streaming).run()
                // The accumulator buffer: row folds over K add up here, outside the array.
                for t in 0..<steps {
                    for j in 0..<fold.realColumns {
                        let spatialColumn = fold.columnOffset + j
                        let index = isWS ? t * n + spatialColumn : spatialColumn * n + t
                        ofmap[index] += result.outputs[t, j]
                    }
                }
                cycles += result.cycles
                macs += result.realMACs
            }
        }
        return PEArrayRun(ofmap: ofmap, cycles: cycles, macs: macs)
    }

    /// A real operand, or (nil) the zero that pads a PE outside the layer.
    private static func word(_ value: Int64?, step: Int) -> PEWord {
        PEWord(value: value ?? 0, step: step, isPadding: value == nil)
    }

    /// The part of the Sr×Sc spatial extent one fold maps onto the array.
    private struct Fold {
        var rowOffset: Int
        var columnOffset: Int
        var realRows: Int
        var realColumns: Int
        func isRealRow(_ row: Int) -> Bool { row < realRows }
        func isRealColumn(_ column: Int) -> Bool { column < realColumns }
    }

    /// Row bands outer, column bands inner; the order changes neither cycles nor results.
    private static func folds(spatialRows: Int, spatialColumns: Int, rows: Int, columns: Int) -> [Fold] {
        stride(from: 0, to: spatialRows, by: rows).flatMap { rowOffset in
            stride(from: 0, to: spatialColumns, by: columns).map { columnOffset in
                Fold(rowOffset: rowOffset, columnOffset: columnOffset,
                     realRows: min(rows, spatialRows - rowOffset),
                     realColumns: min(columns, spatialColumns - columnOffset))
            }
        }
    }
}
