extension DRAMStandard {
    /// HBM2 at 2 Gbps/pin (tCK 1 ns), one 8-channel stack in legacy mode: 128-bit channels, BL4
    /// (2 clocks) = 64 bytes per access, 4 bank groups × 4 banks, 32K rows, 64 columns (of 128 bits).
    /// Timings and currents: DRAMsim3 configs/HBM2_8Gb_x128.ini @2981759 (JESD235 class values):
    /// CL 14, CWL 4, tRCDRD/WR 14, tRP 14, tRAS 34, tRC 48, tWR 16, tRTP_L 6, tCCD_S 1, tCCD_L 2,
    /// tRRD_S 4, tRRD_L 6, tWTR_S 6, tWTR_L 8, tFAW 30, tRFC 260, tREFI 3900; per-bank refresh
    /// tREFIb 128 (DRAMsim3) with tRFCsb 160 ns (Ramulator 2 HBM2.cpp); VDD 1.2 V, IDD0 65, IDD2N 40,
    /// IDD3N 55, IDD4R 390, IDD4W 500, IDD5 250 mA (per 128-bit channel).
    static let hbm2_2Gbps = DRAMStandard(
        name: "HBM2",
        source: "DRAMsim3 HBM2_8Gb_x128.ini @2981759 (JESD235); tRFCsb from Ramulator 2.0 HBM2.cpp",
        organization: DRAMOrganization(channels: 8, ranks: 1, bankGroups: 4, banksPerGroup: 4, rows: 32_768,
                                       columns: 64, deviceWidth: 128, busWidth: 128, burstLength: 4),
        timing: DRAMTiming(tCKPicoseconds: 1_000, nBL: 2, nCL: 14, nCWL: 4, nRCD: 14, nRP: 14, nRAS: 34, nRC: 48,
                           nWR: 16, nRTP: 6, nCCD_S: 1, nCCD_L: 2, nRRD_S: 4, nRRD_L: 6, nWTR_S: 6, nWTR_L: 8,
                           nFAW: 30, nRFC: 260, nREFI: 3_900, nRFCpb: 160, nREFIpb: 128, nRREFD: 8),
        power: DRAMPowerSpec(vdd: 1.2, idd0: 65, idd2n: 40, idd3n: 55, idd4r: 390, idd4w: 500, idd5: 250,
                             idd5pb: 60, isEstimate: false))

    /// HBM3 at 6.4 Gbps/pin (tCK 625 ps), 16 channels × 2 pseudo-channels of 32 bits, BL8 (2 clocks)
    /// = 32 bytes per access, 4 bank groups × 4 banks, 16K rows, 256 columns (`HBM3_16Gb_8hi`, one SID).
    /// Timings: JESD238 as in Ramulator 2.1 python/ramulator/dram/hbm3.py @c5b1c3a (`HBM3_6400Mbps`):
    /// nCL 20, nCWL 10, nRCDRD 31, nRCDWR 15, nRP 26, nRAS 45, nRC 72, nWR 33, nRTP 9, nCCD_S 2,
    /// nCCD_L 4, nRRD_S 4, nRRD_L 5, nFAW 24, nWTR_S 7, nWTR_L 10, nRFCpb 320, nRREFD 8, nREFI 6240;
    /// tRFCab 350 ns (8Gb channel) = 560; nREFIpb = tREFI / 16 banks = 390.
    /// Currents: ESTIMATE (scaled from the HBM2 values above, not a cited table): VDD 1.1 V.
    static let hbm3_6400 = DRAMStandard(
        name: "HBM3",
        source: "JESD238 via Ramulator 2.1 hbm3.py @c5b1c3a; currents are estimates",
        organization: DRAMOrganization(channels: 16, pseudoChannels: 2, ranks: 1, bankGroups: 4, banksPerGroup: 4,
                                       rows: 16_384, columns: 256, deviceWidth: 32, busWidth: 32, burstLength: 8),
        timing: DRAMTiming(tCKPicoseconds: 625, nBL: 2, nCL: 20, nCWL: 10, nRCD: 31, nRCDWR: 15, nRP: 26, nRAS: 45,
                           nRC: 72, nWR: 33, nRTP: 9, nCCD_S: 2, nCCD_L: 4, nRRD_S: 4, nRRD_L: 5, nWTR_S: 7,
                           nWTR_L: 10, nFAW: 24, nRFC: 560, nREFI: 6_240, nRFCpb: 320, nREFIpb: 390, nRREFD: 8),
        power: DRAMPowerSpec(vdd: 1.1, idd0: 40, idd2n: 25, idd3n: 35, idd4r: 200, idd4w: 250, idd5: 150,
                             idd5pb: 40, isEstimate: true))
}
