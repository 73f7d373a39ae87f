extension DRAMStandard {
    /// DDR5-4800AN (34-34-34), 16Gb x8 die: 8 bank groups × 4 banks, 64K rows, 1K columns. One DIMM =
    /// two independent 32-bit sub-channels (`channels: 2`), one rank of 4 devices each, BL16 (8 clocks)
    /// = 64 bytes per access.
    /// Timings: JESD79-5 speed bin 4800AN as in Ramulator 2.1 python/ramulator/dram/ddr5.py @c5b1c3a
    /// (`DDR5_4800AN`, `DDR5_16Gb_x8`): nCL 34, nRCD 34, nRP 34, nRAS 77, nRC 111, nWR 72, nRTP 18,
    /// nCWL 32, nCCD_S 8, nCCD_L 12, nWTR_S 6, nWTR_L 24; secondary timings from its JEDEC tables:
    /// nRRD_S 8, nRRD_L 12, nFAW 32 (max(32, 20 ns)), tRFC1 295 ns = 710, tREFI 3.9 µs = 9375.
    /// Same-bank refresh (REFsb) is modelled as per-bank refresh: tRFCsb 130 ns = 313 (JESD79-5
    /// Table for 16Gb), nREFIpb = tREFI / 32 banks = 293, tRREFD 8 ns… estimate: 20.
    /// Currents: ESTIMATE (Micron 16Gb DDR5 datasheet class values, not a cited table): VDD 1.1 V,
    /// IDD0 60, IDD2N 46, IDD3N 60, IDD4R 200, IDD4W 180, IDD5 280 mA.
    static let ddr5_4800 = DRAMStandard(
        name: "DDR5-4800",
        source: "JESD79-5 4800AN via Ramulator 2.1 ddr5.py @c5b1c3a; currents are estimates",
        organization: DRAMOrganization(channels: 2, ranks: 1, bankGroups: 8, banksPerGroup: 4, rows: 65_536,
                                       columns: 1_024, deviceWidth: 8, busWidth: 32, burstLength: 16),
        timing: DRAMTiming(tCKPicoseconds: 416, nBL: 8, nCL: 34, nCWL: 32, nRCD: 34, nRP: 34, nRAS: 77, nRC: 111,
                           nWR: 72, nRTP: 18, nCCD_S: 8, nCCD_L: 12, nRRD_S: 8, nRRD_L: 12, nWTR_S: 6, nWTR_L: 24,
                           nFAW: 32, nRFC: 710, nREFI: 9_375, nRFCpb: 313, nREFIpb: 293, nRREFD: 20),
        power: DRAMPowerSpec(vdd: 1.1, idd0: 60, idd2n: 46, idd3n: 60, idd4r: 200, idd4w: 180, idd5: 280,
                             idd5pb: 100, isEstimate: true))
}
