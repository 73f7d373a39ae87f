/// The fold-level closed form for one layer on an R×C array: exact for the array's compute
/// schedule, and checked against the PE-by-PE reference model (`PEArrayReference`) in tests.
///
/// The spatial extents Sr×Sc are cut into ceil(Sr/R)·ceil(Sc/C) folds. Each fold occupies the
/// whole array for a fixed number of cycles (SCALE-Sim `systolic_compute_*.py`):
/// - OS: T + R + C − 2 (operands skewed in from the left and top; last MAC at PE(R−1, C−1)).
/// - WS/IS: 2R + C + T − 2 (R cycles to load the stationary operand, then T streamed through).
public struct FoldModel: Equatable, Sendable {
    public var mapping: FoldMapping
    public var rows: Int
    public var columns: Int
    public var dataflow: Dataflow

    public init(gemm: LayerGEMM, rows: Int, columns: Int, dataflow: Dataflow) {
        self.mapping = FoldMapping(gemm, dataflow: dataflow)
        self.rows = rows
        self.columns = columns
        self.dataflow = dataflow
    }

    public var rowFolds: Int { (mapping.spatialRows + rows - 1) / rows }
    public var columnFolds: Int { (mapping.spatialColumns + columns - 1) / columns }
    public var folds: Int { rowFolds * columnFolds }

    /// Cycles one fold occupies the array.
    public var cyclesPerFold: Int {
        switch dataflow {
        case .outputStationary: return mapping.temporal + rows + columns - 2
        case .weightStationary, .inputStationary: return 2 * rows + columns + mapping.temporal - 2
        }
    }

    /// Compute cycles of the layer with operands always ready (no memory stalls).
    public var computeCycles: Int { folds * cyclesPerFold }

    /// Mean over folds of the fraction of PEs mapped (SCALE-Sim's "mapping efficiency"), in 0...1.
    /// Folds on the last row/column band map only the remainder.
    public var mappingEfficiency: Double {
        let lastRows = mapping.spatialRows - (rowFolds - 1) * rows
        let lastColumns = mapping.spatialColumns - (columnFolds - 1) * columns
        var usedPEs = 0
        for rowFold in 0..<rowFolds {
            let usedRows = rowFold == rowFolds - 1 ? lastRows : rows
            usedPEs += usedRows * ((columnFolds - 1) * columns + lastColumns)
        }
        return Double(usedPEs) / Double(folds * rows * columns)
    }
}
