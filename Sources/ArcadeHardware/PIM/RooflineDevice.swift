import ArcadeCore

/// A GPU or CPU as a roofline: each kernel takes the longer of its compute at peak and its bytes
/// at the achieved share of peak bandwidth, plus a fixed launch cost; energy is board power × time.
/// A baseline, not a simulation: what batch-1 decode on such a device costs at best, plus the
/// launch overheads that dominate small kernels.
public struct RooflineDevice: Sendable, Equatable {
    public var name: String
    public var peakTeraflops: Double
    public var bandwidthGBPerSecond: Double
    /// Achieved share of peak bandwidth for streaming GEMV.
    public var bandwidthEfficiency: Double
    /// Fixed cost of one kernel (launch, synchronisation), µs.
    public var launchMicroseconds: Double
    public var powerWatts: Double
    /// On-chip memory (L2 / LLC) that can hold operands between kernels, bytes; weights larger than it
    /// stream from memory every token.
    public var onChipBytes: Int

    /// NVIDIA Tesla T4 (PIM-GPT's GPU baseline): 65 TFLOP/s FP16 tensor, 320 GB/s GDDR6, 4 MB L2,
    /// 70 W (T4 product brief figures as quoted by third-party spec pages; bench/pim/preset-sources.md).
    /// 0.7 of peak bandwidth and 5 µs per kernel are assumptions (no measured batch-1 GEMV found).
    public static let t4 = RooflineDevice(name: "T4", peakTeraflops: 65, bandwidthGBPerSecond: 320, bandwidthEfficiency: 0.7,
                                          launchMicroseconds: 5, powerWatts: 70, onChipBytes: 4 << 20)
    /// Intel Xeon Gold 6154 (PIM-GPT's CPU baseline): 18 cores × 2 AVX-512 FMA × 16 FP32 × 2 × 3.0 GHz
    /// = 3.46 TFLOP/s FP32, 6 channels DDR4-2666 = 128 GB/s, 24.75 MB L3, 200 W TDP. 0.7 of peak
    /// bandwidth and 1 µs per op (a parallel-for fork/join) are assumptions.
    public static let xeonGold6154 = RooflineDevice(name: "Xeon Gold 6154", peakTeraflops: 3.46, bandwidthGBPerSecond: 128,
                                                    bandwidthEfficiency: 0.7, launchMicroseconds: 1, powerWatts: 200,
                                                    onChipBytes: 24_750 << 10)

    static let keys = ["name", "peak_tflops", "bandwidth_gb_per_s", "bandwidth_efficiency", "launch_us", "power_w",
                       "on_chip_mib"]

    static func parse(_ section: ConfigSection, defaults: RooflineDevice) throws -> RooflineDevice {
        let device = RooflineDevice(
            name: try section.string("name", default: defaults.name),
            peakTeraflops: try section.double("peak_tflops", default: defaults.peakTeraflops, range: 1e-6...1e6),
            bandwidthGBPerSecond: try section.double("bandwidth_gb_per_s", default: defaults.bandwidthGBPerSecond, range: 1e-6...1e8),
            bandwidthEfficiency: try section.double("bandwidth_efficiency", default: defaults.bandwidthEfficiency, range: 0.01...1),
            launchMicroseconds: try section.double("launch_us", default: defaults.launchMicroseconds, range: 0...1e6),
            powerWatts: try section.double("power_w", default: defaults.powerWatts, range: 0...1e6),
            onChipBytes: Int(try section.double("on_chip_mib", default: Double(defaults.onChipBytes) / 1_048_576,
                                                range: 0...1e6) * 1_048_576))
        try section.finish(allowedHint: keys)
        return device
    }

    /// Nanoseconds for a kernel of `flops` floating-point operations touching `bytes` of memory.
    public func kernelNanoseconds(flops: Double, bytes: Double) -> Double {
        let compute = flops / (peakTeraflops * 1e3)                  // TFLOP/s = 1e3 FLOP/ns
        let memory = bytes / (bandwidthGBPerSecond * bandwidthEfficiency)   // GB/s = B/ns
        return max(compute, memory) + launchMicroseconds * 1_000
    }

    /// Nanojoules for `nanoseconds` at board power (W · ns = nJ).
    public func energyNanojoules(nanoseconds: Double) -> Double { powerWatts * nanoseconds }
}
