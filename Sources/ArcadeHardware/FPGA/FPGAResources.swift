/// Counts of the FPGA resources a design uses or a device has: LUTs, flip-flops, DSP slices,
/// 18 Kb block RAMs (a BRAM36 is two) and 288 Kb UltraRAMs.
public struct FPGAResources: Sendable, Equatable {
    public var luts: Int
    public var ffs: Int
    public var dsps: Int
    public var bram18: Int
    public var urams: Int

    public init(luts: Int = 0, ffs: Int = 0, dsps: Int = 0, bram18: Int = 0, urams: Int = 0) {
        self.luts = luts
        self.ffs = ffs
        self.dsps = dsps
        self.bram18 = bram18
        self.urams = urams
    }

    /// The resource types in report order, with their names in files and messages.
    public enum Kind: String, CaseIterable, Sendable {
        case luts = "lut", ffs = "ff", dsps = "dsp", bram18 = "bram18", urams = "uram"

        /// What a message calls it.
        public var label: String {
            switch self {
            case .luts: return "LUTs"
            case .ffs: return "flip-flops"
            case .dsps: return "DSP slices"
            case .bram18: return "BRAM18 blocks"
            case .urams: return "URAM blocks"
            }
        }
    }

    public subscript(kind: Kind) -> Int {
        get {
            switch kind {
            case .luts: return luts
            case .ffs: return ffs
            case .dsps: return dsps
            case .bram18: return bram18
            case .urams: return urams
            }
        }
        set {
            switch kind {
            case .luts: luts = newValue
            case .ffs: ffs = newValue
            case .dsps: dsps = newValue
            case .bram18: bram18 = newValue
            case .urams: urams = newValue
            }
        }
    }

    public static func + (a: FPGAResources, b: FPGAResources) -> FPGAResources {
        var sum = a
        for kind in Kind.allCases { sum[kind] += b[kind] }
        return sum
    }

    public static func * (a: FPGAResources, count: Int) -> FPGAResources {
        var product = a
        for kind in Kind.allCases { product[kind] *= count }
        return product
    }

    /// Each count scaled by `fraction` and rounded down (what is left after a reserve).
    public func scaled(by fraction: Double) -> FPGAResources {
        var result = self
        for kind in Kind.allCases { result[kind] = Int((Double(self[kind]) * fraction).rounded(.down)) }
        return result
    }
}

/// Block-RAM sizing: a buffer of `depth` words of `widthBits` bits, split into `banks` banks
/// (array partitioning, so each bank can be read every cycle), takes whole blocks in the cheapest
/// aspect ratio. Aspect ratios from AMD UG573 (UltraScale Architecture Memory Resources): a
/// RAMB18E2 is 16K×1, 8K×2, 4K×4, 2K×9, 1K×18 or 512×36 (simple dual port); a URAM288 is 4K×72 only.
public enum FPGAMemoryBlocks {
    static let bram18Shapes: [(width: Int, depth: Int)] = [(1, 16_384), (2, 8_192), (4, 4_096), (9, 2_048), (18, 1_024), (36, 512)]
    static let uramShape = (width: 72, depth: 4_096)

    /// BRAM18 blocks for one bank of `depth` × `widthBits`.
    public static func bram18(widthBits: Int, depth: Int) -> Int {
        guard widthBits > 0, depth > 0 else { return 0 }
        return bram18Shapes.map { ceilDiv(widthBits, $0.width) * ceilDiv(depth, $0.depth) }.min()!
    }

    /// URAM blocks for one bank of `depth` × `widthBits`.
    public static func urams(widthBits: Int, depth: Int) -> Int {
        guard widthBits > 0, depth > 0 else { return 0 }
        return ceilDiv(widthBits, uramShape.width) * ceilDiv(depth, uramShape.depth)
    }

    /// The blocks a buffer of `banks` banks takes in `storage`.
    public static func resources(storage: FPGABufferStorage, banks: Int, widthBits: Int, depth: Int) -> FPGAResources {
        switch storage {
        case .bram: return FPGAResources(bram18: banks * bram18(widthBits: widthBits, depth: depth))
        case .uram: return FPGAResources(urams: banks * urams(widthBits: widthBits, depth: depth))
        }
    }

    @inline(__always) static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
}

/// Where an engine's large buffers live.
public enum FPGABufferStorage: String, CaseIterable, Sendable {
    case bram, uram
}
