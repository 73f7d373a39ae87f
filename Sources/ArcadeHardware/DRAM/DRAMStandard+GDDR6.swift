extension DRAMStandard {
    /// GDDR6 at 14 Gbps/pin (tCK 570 ps, 16n prefetch), one x16 channel: BL16 = 32 bytes per access in
    /// 2 clocks, 4 bank groups × 4 banks, 16K rows × 1K columns (2 KB rows), 2 channels per device.
    /// Timings: Ramulator 2 python/ramulator/dram/gddr6.py `GDDR6_14000_1350mV` (the C++ GDDR6.cpp it
    /// replaced overwrote its presets with DDR4 values at load time): nCL 24, nCWL 6, nRCDRD 27,
    /// nRCDWR 16, nRP 27, nRAS 53, nRC 79, nWR 27, nRTP 4, nCCD_S/L 2/4, nRRD_S/L 8/8, nWTR_S/L 9/11,
    /// nFAW 29, nRFCab 211, nRFCpb 106, nRREFD 15, nREFI 3333 (1.9 µs); nREFIpb = nREFI / 16 banks. nRC
    /// is 80, not the preset's 79: that is one below nRAS + nRP, a relation Arcade enforces.
    /// Currents: DRAMsim3 configs/GDDR6_8Gb_x16.ini @2981759: VDD 1.35 V, IDD0 71, IDD2N 60, IDD3N 61,
    /// IDD4R 248, IDD4W 231, IDD5AB 286, IDD5PB 45 mA (per x16 device). Sources: bench/pim/preset-sources.md.
    static let gddr6_14000 = DRAMStandard(
        name: "GDDR6",
        source: "Ramulator 2 gddr6.py GDDR6_14000_1350mV (timings); DRAMsim3 GDDR6_8Gb_x16.ini @2981759 (currents)",
        organization: DRAMOrganization(channels: 2, ranks: 1, bankGroups: 4, banksPerGroup: 4, rows: 16_384, columns: 1_024,
                                       deviceWidth: 16, busWidth: 16, burstLength: 16),
        timing: DRAMTiming(tCKPicoseconds: 570, nBL: 2, nCL: 24, nCWL: 6, nRCD: 27, nRCDWR: 16, nRP: 27, nRAS: 53, nRC: 80,
                           nWR: 27, nRTP: 4, nCCD_S: 2, nCCD_L: 4, nRRD_S: 8, nRRD_L: 8, nWTR_S: 9, nWTR_L: 11,
                           nFAW: 29, nRFC: 211, nREFI: 3_333, nRFCpb: 106, nREFIpb: 208, nRREFD: 15),
        power: DRAMPowerSpec(vdd: 1.35, idd0: 71, idd2n: 60, idd3n: 61, idd4r: 248, idd4w: 231, idd5: 286,
                             idd5pb: 45, isEstimate: false))
}
