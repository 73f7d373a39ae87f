/// First-order area and energy estimates for a systolic array, for design-space exploration
/// (ranking designs), not sign-off. All constants are 45 nm, 0.9 V figures from M. Horowitz,
/// "Computing's Energy Problem (and what we can do about it)", ISSCC 2014, Fig. 1.1.9/1.1.10:
/// - 8-bit integer add 0.03 pJ / 36 µm², 8-bit multiply 0.2 pJ / 282 µm²; a multiplier grows with
///   the square of the operand width, an adder linearly.
/// - SRAM read of 64 bits: 10 pJ from 8 KB, 20 pJ from 32 KB, 100 pJ from 1 MB — about
///   1.25 pJ/byte · sqrt(size / 8 KiB).
/// - DRAM access of 64 bits: 1.3–2.6 nJ; we take the low end, 1.3 nJ = 162.5 pJ/byte.
/// - SRAM area: a 45 nm 6T cell is 0.346 µm² (Intel 45 nm); ×1.5 for decoders and sense amps.
/// - A PE is its MAC plus operand and accumulator registers: estimated as 1.5 × the MAC's area.
public struct SystolicCostModel: Equatable, Sendable {
    static let addEnergyPicojoulesPerByte = 0.03
    static let multiplyEnergyPicojoulesPerByteSquared = 0.2
    static let addAreaSquareMicronsPerByte = 36.0
    static let multiplyAreaSquareMicronsPerByteSquared = 282.0
    static let registerAreaFactor = 1.5
    static let sramEnergyPicojoulesPerByteAt8KiB = 1.25
    static let dramEnergyPicojoulesPerByte = 162.5
    static let sramCellSquareMicrons = 0.346
    static let sramPeripheryFactor = 1.5

    public var config: SystolicArrayConfig

    public init(config: SystolicArrayConfig) {
        self.config = config
    }

    var wordBytes: Double { Double(config.wordBytes) }

    public var macEnergyPicojoules: Double {
        Self.multiplyEnergyPicojoulesPerByteSquared * wordBytes * wordBytes + Self.addEnergyPicojoulesPerByte * wordBytes
    }

    /// Energy per byte read or written in an SRAM of `kib` KiB.
    public static func sramEnergyPicojoulesPerByte(kib: Int) -> Double {
        sramEnergyPicojoulesPerByteAt8KiB * (Double(kib) / 8).squareRoot()
    }

    /// PE array plus the three SRAMs, in mm².
    public var areaSquareMillimeters: Double {
        let macArea = Self.multiplyAreaSquareMicronsPerByteSquared * wordBytes * wordBytes
            + Self.addAreaSquareMicronsPerByte * wordBytes
        let peArea = macArea * Self.registerAreaFactor * Double(config.rows * config.columns)
        let sramBits = Double(config.ifmapSRAMKiB + config.filterSRAMKiB + config.ofmapSRAMKiB) * 1024 * 8
        let sramArea = sramBits * Self.sramCellSquareMicrons * Self.sramPeripheryFactor
        return (peArea + sramArea) / 1_000_000
    }

    /// Energy of the MACs, the SRAM accesses and (with `includeDRAM`, at a fixed energy per byte)
    /// the DRAM traffic of `results`, in µJ. On a cycle-level DRAM (`memory:`) the DRAM's part is
    /// the DRAM model's own energy instead.
    public func energyMicrojoules(_ results: [SystolicLayerResult], includeDRAM: Bool = true) -> Double {
        var picojoules = 0.0
        let ifmap = Self.sramEnergyPicojoulesPerByte(kib: config.ifmapSRAMKiB) * wordBytes
        let filter = Self.sramEnergyPicojoulesPerByte(kib: config.filterSRAMKiB) * wordBytes
        let ofmap = Self.sramEnergyPicojoulesPerByte(kib: config.ofmapSRAMKiB) * wordBytes
        let dram = includeDRAM ? Self.dramEnergyPicojoulesPerByte * wordBytes : 0
        for layer in results {
            picojoules += Double(layer.macs) * macEnergyPicojoules
            picojoules += Double(layer.sramReadsIfmap) * ifmap + Double(layer.sramReadsFilter) * filter
            picojoules += Double(layer.sramWritesOfmap) * ofmap
            picojoules += Double(layer.dramReadsIfmap + layer.dramReadsFilter + layer.dramWritesOfmap) * dram
        }
        return picojoules / 1_000_000
    }
}
