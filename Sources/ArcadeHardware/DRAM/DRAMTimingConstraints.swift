/// The JEDEC timing-constraint table shared by the DDR-style standards, built from a `DRAMTiming`.
///
/// Transcribed from Ramulator 2.0 src/dram/impl/DDR4.cpp `populate_timingcons` (@5e58d25), with the
/// per-bank refresh rows of its LPDDR5/HBM3 models (python/ramulator/dram/lpddr5.py, hbm3.py @c5b1c3a)
/// and HBM's split nRCDRD/nRCDWR. Ramulator's "channel" level is `bus` here (the data bus of one
/// (pseudo-)channel); its "rank" level with `is_sibling` is `siblingRanks`.
public enum DRAMTimingConstraints {
    public static func table(_ t: DRAMTiming) -> [DRAMTimingConstraint] {
        let RD: [DRAMCommand] = [.read, .readAutoPrecharge]
        let WR: [DRAMCommand] = [.write, .writeAutoPrecharge]
        let writeToPrecharge = t.nCWL + t.nBL + t.nWR
        var table: [DRAMTimingConstraint] = [
            // Data bus occupancy.
            .init(.bus, RD, RD, t.nBL),
            .init(.bus, WR, WR, t.nBL),
            // Rank: column to column, different bank group.
            .init(.rank, RD, RD, t.nCCD_S),
            .init(.rank, WR, WR, t.nCCD_S),
            // Read to write turnaround (tWPRE = 1 tCK, Ramulator's +2) and write to read (from burst end).
            .init(.rank, RD, WR, t.nCL + t.nBL + 2 - t.nCWL),
            .init(.rank, WR, RD, t.nCWL + t.nBL + t.nWTR_S),
            // Rank switching on the shared bus.
            .init(.siblingRanks, RD, RD + WR, t.nBL + t.nCS),
            .init(.siblingRanks, WR, RD, t.nCL + t.nBL + t.nCS - t.nCWL),
            // Column to precharge-all.
            .init(.rank, [.read], [.prechargeAll], t.nRTP),
            .init(.rank, [.write], [.prechargeAll], writeToPrecharge),
            // Row commands.
            .init(.rank, [.activate], [.activate], t.nRRD_S),
            .init(.rank, [.activate], [.activate], t.nFAW, window: 4),
            .init(.rank, [.activate], [.prechargeAll], t.nRAS),
            .init(.rank, [.prechargeAll], [.activate], t.nRP),
            // All-bank refresh.
            .init(.rank, [.activate], [.refreshAllBank], t.nRC),
            .init(.rank, [.precharge, .prechargeAll], [.refreshAllBank], t.nRP),
            .init(.rank, [.readAutoPrecharge], [.refreshAllBank], t.nRP + t.nRTP),
            .init(.rank, [.writeAutoPrecharge], [.refreshAllBank], writeToPrecharge + t.nRP),
            .init(.rank, [.refreshAllBank], [.activate, .prechargeAll, .refreshAllBank, .refreshPerBank], t.nRFC),
            // Same bank group.
            .init(.bankGroup, RD, RD, t.nCCD_L),
            .init(.bankGroup, WR, WR, t.nCCD_L),
            .init(.bankGroup, WR, RD, t.nCWL + t.nBL + t.nWTR_L),
            .init(.bankGroup, [.activate], [.activate], t.nRRD_L),
            // Same bank.
            .init(.bank, [.activate], [.activate], t.nRC),
            .init(.bank, [.activate], RD, t.nRCD),
            .init(.bank, [.activate], WR, t.nRCDWR),
            .init(.bank, [.activate], [.precharge], t.nRAS),
            .init(.bank, [.precharge], [.activate], t.nRP),
            .init(.bank, [.read], [.precharge], t.nRTP),
            .init(.bank, [.write], [.precharge], writeToPrecharge),
            .init(.bank, [.readAutoPrecharge], [.activate], t.nRTP + t.nRP),
            .init(.bank, [.writeAutoPrecharge], [.activate], writeToPrecharge + t.nRP),
        ]
        if t.hasPerBankRefresh {
            table += [
                .init(.bank, [.refreshPerBank], [.activate], t.nRFCpb),
                .init(.bank, [.activate], [.refreshPerBank], t.nRC),
                .init(.bank, [.precharge], [.refreshPerBank], t.nRP),
                .init(.bank, [.readAutoPrecharge], [.refreshPerBank], t.nRTP + t.nRP),
                .init(.bank, [.writeAutoPrecharge], [.refreshPerBank], writeToPrecharge + t.nRP),
                .init(.rank, [.refreshPerBank], [.refreshPerBank], t.nRREFD),
                .init(.rank, [.refreshPerBank], [.refreshAllBank], t.nRFCpb),
                .init(.rank, [.activate], [.refreshPerBank], t.nRRD_S),
            ]
        }
        return table
    }
}
