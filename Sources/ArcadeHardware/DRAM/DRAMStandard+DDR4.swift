extension DRAMStandard {
    /// DDR4-2400R (16-16-16), 8Gb x8 die: 4 bank groups × 4 banks, 64K rows, 1K columns; one rank of 8
    /// devices on a 64-bit channel, BL8 (4 clocks).
    /// Timings: JESD79-4C speed bin DDR4-2400R and Table 169/170 (x8 nRRD_S 4, nRRD_L 6, nFAW 26),
    /// tRFC1 350 ns for 8Gb (JESD79-4C Table 132) = 420 nCK, tREFI 7.8 µs = 9360 nCK; these are also
    /// Ramulator 1's and DRAMsim3's values (../shared/notes/dram-timing-params.md; Ramulator 2 uses
    /// tRFC 360 ns = 433 and nREFI 9364, see ddr4-2400-peers.yaml).
    /// Currents: Micron MT40A1G8 (8Gb x8) DDR4-2400 IDD table, as carried by DRAMsim3
    /// configs/DDR4_8Gb_x8_2400.ini @2981759: VDD 1.2 V, IDD0 48, IDD2N 34, IDD3N 43, IDD4R 135,
    /// IDD4W 123, IDD5B 250 mA.
    static let ddr4_2400 = DRAMStandard(
        name: "DDR4-2400",
        source: "JESD79-4C DDR4-2400R; Micron MT40A1G8 IDD via DRAMsim3 DDR4_8Gb_x8_2400.ini",
        organization: DRAMOrganization(channels: 1, ranks: 1, bankGroups: 4, banksPerGroup: 4, rows: 65_536,
                                       columns: 1_024, deviceWidth: 8, busWidth: 64, burstLength: 8),
        timing: DRAMTiming(tCKPicoseconds: 833, nBL: 4, nCL: 16, nCWL: 12, nRCD: 16, nRP: 16, nRAS: 39, nRC: 55,
                           nWR: 18, nRTP: 9, nCCD_S: 4, nCCD_L: 6, nRRD_S: 4, nRRD_L: 6, nWTR_S: 3, nWTR_L: 9,
                           nFAW: 26, nRFC: 420, nREFI: 9_360),
        power: DRAMPowerSpec(vdd: 1.2, idd0: 48, idd2n: 34, idd3n: 43, idd4r: 135, idd4w: 123, idd5: 250,
                             idd5pb: 250, isEstimate: false))

    /// DDR4-3200AA (22-22-22), 8Gb x8, same organisation as DDR4-2400.
    /// Timings: JESD79-4C speed bin DDR4-3200AA, Table 169/170 (x8 nRRD_S 4, nRRD_L 8, nFAW 34),
    /// nCCD_L 8, tRFC1 350 ns = 560 nCK, tREFI 7.8 µs = 12480 nCK — Ramulator 2.0/2.1's and DRAMsim3's
    /// values (Ramulator 1 uses nCCD_L 10 / nRAS 56; Ramulator 2 uses nRFC 576).
    /// Currents: Micron MT40A1G8 DDR4-3200 IDD values via DRAMsim3 configs/DDR4_8Gb_x8_3200.ini:
    /// VDD 1.2 V, IDD0 57, IDD2N 37, IDD3N 52, IDD4R 168, IDD4W 150, IDD5B 250 mA.
    static let ddr4_3200 = DRAMStandard(
        name: "DDR4-3200",
        source: "JESD79-4C DDR4-3200AA; Micron MT40A1G8 IDD via DRAMsim3 DDR4_8Gb_x8_3200.ini",
        organization: DRAMOrganization(channels: 1, ranks: 1, bankGroups: 4, banksPerGroup: 4, rows: 65_536,
                                       columns: 1_024, deviceWidth: 8, busWidth: 64, burstLength: 8),
        timing: DRAMTiming(tCKPicoseconds: 625, nBL: 4, nCL: 22, nCWL: 16, nRCD: 22, nRP: 22, nRAS: 52, nRC: 74,
                           nWR: 24, nRTP: 12, nCCD_S: 4, nCCD_L: 8, nRRD_S: 4, nRRD_L: 8, nWTR_S: 4, nWTR_L: 12,
                           nFAW: 34, nRFC: 560, nREFI: 12_480),
        power: DRAMPowerSpec(vdd: 1.2, idd0: 57, idd2n: 37, idd3n: 52, idd4r: 168, idd4w: 150, idd5: 250,
                             idd5pb: 250, isEstimate: false))
}
