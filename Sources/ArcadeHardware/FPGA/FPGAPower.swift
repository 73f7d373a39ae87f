/// The power model: the device's static power (its file, from the board's figures) plus dynamic
/// power per used resource, proportional to the clock and the toggle rate, plus off-chip memory
/// energy per byte moved:
///
///   P = P_static + Σ_r n_r × c_r × f_MHz × (toggle / 0.125) + E_byte × bytes / time
///
/// with c_r in µW per MHz at a 12.5% toggle rate (the AMD Power Estimator's default activity).
/// The coefficients are UltraScale+ (16 nm, 0.85 V) per-resource estimates; sources and the
/// comparison with the papers' measured watts are in `bench/fpga/README.md`. Power scales with
/// what the design instantiates, not with what a run uses — an FPGA design's clock tree and
/// logic toggle whether or not a phase keeps them busy — except memory energy, which is per byte.
enum FPGAPower {
    struct Coefficients {
        var lutMicrowattsPerMegahertz: Double
        var ffMicrowattsPerMegahertz: Double
        var dspMicrowattsPerMegahertz: Double
        var bram18MicrowattsPerMegahertz: Double
        var uramMicrowattsPerMegahertz: Double
        /// Off-chip memory energy, picojoules per byte moved.
        var memoryPicojoulesPerByte: Double
    }

    /// Per-resource coefficients for UltraScale+; memory energy by memory kind: HBM2 3.9 pJ/bit
    /// (O'Connor et al., "Fine-Grained DRAM", MICRO 2017, Table 1), DDR4 about 20 pJ/bit (same).
    static func coefficients(memoryKind: String) -> Coefficients {
        let hbm = memoryKind.uppercased().hasPrefix("HBM")
        return Coefficients(lutMicrowattsPerMegahertz: 0.06, ffMicrowattsPerMegahertz: 0.012, dspMicrowattsPerMegahertz: 2.3,
                            bram18MicrowattsPerMegahertz: 5.5, uramMicrowattsPerMegahertz: 14,
                            memoryPicojoulesPerByte: hbm ? 3.9 * 8 : 20 * 8)
    }

    struct Breakdown: Equatable {
        var staticWatts: Double
        var logicWatts: Double
        var dspWatts: Double
        var memoryBlockWatts: Double
        var offChipWatts: Double
        var totalWatts: Double { staticWatts + logicWatts + dspWatts + memoryBlockWatts + offChipWatts }
    }

    static func estimate(resources: FPGAResources, device: FPGADevice, clockMegahertz: Double, toggleRate: Double,
                         bytesMoved: UInt64, seconds: Double) -> Breakdown {
        let c = coefficients(memoryKind: device.memoryKind)
        let scale = clockMegahertz * (toggleRate / 0.125) * 1e-6
        let logic = (Double(resources.luts) * c.lutMicrowattsPerMegahertz + Double(resources.ffs) * c.ffMicrowattsPerMegahertz) * scale
        let dsp = Double(resources.dsps) * c.dspMicrowattsPerMegahertz * scale
        let blocks = (Double(resources.bram18) * c.bram18MicrowattsPerMegahertz + Double(resources.urams) * c.uramMicrowattsPerMegahertz)
            * scale
        let offChip = seconds > 0 ? Double(bytesMoved) * c.memoryPicojoulesPerByte * 1e-12 / seconds : 0
        return Breakdown(staticWatts: device.staticPowerWatts, logicWatts: logic, dspWatts: dsp, memoryBlockWatts: blocks,
                         offChipWatts: offChip)
    }
}
