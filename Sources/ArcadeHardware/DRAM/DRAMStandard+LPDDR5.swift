extension DRAMStandard {
    /// LPDDR5-6400, 16Gb x16 die in bank-group mode (4 bank groups × 4 banks, 64K rows, 1K columns),
    /// one 16-bit channel, BL16 = 32 bytes per access; CK = 800 MHz (tCK 1250 ps, WCK:CK 4:1), so a
    /// BL16 burst occupies 2 CK cycles.
    /// Timings: JESD209-5B as in Ramulator 2.1 python/ramulator/dram/lpddr5.py @c5b1c3a (`LPDDR5_6400`,
    /// `LPDDR5_16Gb_x16`): nCL 17, nCWL 9, nRCD 15, nRP 15 (per bank), nRAS 34, nRC 49, nWR 28, nRTP 8,
    /// nCCD_S 2, nCCD_L 4, nWTR_S 5, nWTR_L 10; nRRD 5 ns = 4, nFAW 20 ns = 16, tRFCab 280 ns = 224,
    /// tRFCpb 140 ns = 112, tREFI 3906 ns = 3125, tREFIpb 488 ns = 391, tpbR2pbR 90 ns = 72.
    /// Currents: ESTIMATE (LPDDR5 datasheet class values, not a cited table): VDD2H 1.05 V,
    /// IDD0 40, IDD2N 10, IDD3N 16, IDD4R 190, IDD4W 170, IDD5 160, IDD5PB 30 mA.
    static let lpddr5_6400 = DRAMStandard(
        name: "LPDDR5-6400",
        source: "JESD209-5B via Ramulator 2.1 lpddr5.py @c5b1c3a; currents are estimates",
        organization: DRAMOrganization(channels: 1, ranks: 1, bankGroups: 4, banksPerGroup: 4, rows: 65_536,
                                       columns: 1_024, deviceWidth: 16, busWidth: 16, burstLength: 16),
        timing: DRAMTiming(tCKPicoseconds: 1_250, nBL: 2, nCL: 17, nCWL: 9, nRCD: 15, nRP: 15, nRAS: 34, nRC: 49,
                           nWR: 28, nRTP: 8, nCCD_S: 2, nCCD_L: 4, nRRD_S: 4, nRRD_L: 4, nWTR_S: 5, nWTR_L: 10,
                           nFAW: 16, nRFC: 224, nREFI: 3_125, nRFCpb: 112, nREFIpb: 391, nRREFD: 72),
        power: DRAMPowerSpec(vdd: 1.05, idd0: 40, idd2n: 10, idd3n: 16, idd4r: 190, idd4w: 170, idd5: 160,
                             idd5pb: 30, isEstimate: true))
}
