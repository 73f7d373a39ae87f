import ArcadeWorkloads

/// A layer lowered to one matrix multiplication, SCALE-Sim style: ifmap (M×K) · filter (K×N) = ofmap (M×N).
///
/// Convolution (no padding): M = ofmap pixels Eh·Ew, N = filters, K = Fh·Fw·C.
public struct LayerGEMM: Equatable, Sendable {
    public var m: Int
    public var n: Int
    public var k: Int

    public init(m: Int, n: Int, k: Int) {
        self.m = m
        self.n = n
        self.k = k
    }

    public init(_ layer: WorkloadLayer) {
        switch layer {
        case .gemm(let gemm):
            self.init(m: gemm.m, n: gemm.n, k: gemm.k)
        case .conv(let conv):
            self.init(m: conv.ofmapHeight * conv.ofmapWidth, n: conv.filterCount,
                      k: conv.filterHeight * conv.filterWidth * conv.channels)
        }
    }

    /// Multiply-accumulates in the layer.
    public var macs: Int { m * n * k }
}

/// How a GEMM maps onto the array for one dataflow: the spatial extents folded over the rows
/// (Sr) and columns (Sc), and the temporal extent T streamed through each fold.
/// (SCALE-Sim `systolic_compute_{os,ws,is}.py`.)
public struct FoldMapping: Equatable, Sendable {
    public var spatialRows: Int
    public var spatialColumns: Int
    public var temporal: Int

    public init(_ gemm: LayerGEMM, dataflow: Dataflow) {
        switch dataflow {
        case .outputStationary: (spatialRows, spatialColumns, temporal) = (gemm.m, gemm.n, gemm.k)
        case .weightStationary: (spatialRows, spatialColumns, temporal) = (gemm.k, gemm.n, gemm.m)
        case .inputStationary: (spatialRows, spatialColumns, temporal) = (gemm.k, gemm.m, gemm.n)
        }
    }
}
