/// A convolution layer as SCALE-Sim's topology CSV describes it (no padding; SCALE-Sim's
/// convention). A layer whose name contains "DP" is depthwise: each of the `channels` input
/// channels is convolved with its own filter.
public struct ConvLayer: Hashable, Sendable {
    public var name: String
    public var ifmapHeight: Int
    public var ifmapWidth: Int
    public var filterHeight: Int
    public var filterWidth: Int
    public var channels: Int
    public var filterCount: Int
    public var stride: Int
    public var isDepthwise: Bool

    public init(name: String, ifmapHeight: Int, ifmapWidth: Int, filterHeight: Int, filterWidth: Int,
                channels: Int, filterCount: Int, stride: Int, isDepthwise: Bool = false) {
        self.name = name
        self.ifmapHeight = ifmapHeight
        self.ifmapWidth = ifmapWidth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.channels = channels
        self.filterCount = filterCount
        self.stride = stride
        self.isDepthwise = isDepthwise
    }

    /// Output feature-map height: ceil((I − F + S) / S), SCALE-Sim's formula (no padding).
    public var ofmapHeight: Int { (ifmapHeight - filterHeight + stride + stride - 1) / stride }
    public var ofmapWidth: Int { (ifmapWidth - filterWidth + stride + stride - 1) / stride }
}

/// A matrix multiplication: ifmap A is M×K, filter B is K×N, ofmap is M×N (SCALE-Sim GEMM CSV
/// `Layer Name, M, N, K,`).
public struct GEMMLayer: Hashable, Sendable {
    public var name: String
    public var m: Int
    public var n: Int
    public var k: Int

    public init(name: String, m: Int, n: Int, k: Int) {
        self.name = name
        self.m = m
        self.n = n
        self.k = k
    }
}

/// One layer of a workload.
public enum WorkloadLayer: Hashable, Sendable {
    case conv(ConvLayer)
    case gemm(GEMMLayer)

    public var name: String {
        switch self {
        case .conv(let layer): return layer.name
        case .gemm(let layer): return layer.name
        }
    }
}

/// An ordered list of layers read from one file.
public struct Topology: Equatable, Sendable {
    public enum Kind: String, Sendable { case conv, gemm }
    public var name: String
    public var kind: Kind
    public var layers: [WorkloadLayer]
    /// The file line of each layer (empty for a topology built in memory), for errors a model
    /// finds later (e.g. a layer too large for the array it runs on).
    public var layerLines: [Int] = []

    public init(name: String, kind: Kind, layers: [WorkloadLayer]) {
        self.name = name
        self.kind = kind
        self.layers = layers
    }
}
