/// A DRAMPower-style energy estimate from IDD currents (Chandrasekar et al., DRAMPower; the same
/// per-command formulas as DRAMsim3's `ChannelState`/`SimpleStats` energy model):
///
///   E_ACT+PRE = VDD · (IDD0·tRC − IDD3N·tRAS − IDD2N·(tRC − tRAS))      per ACT
///   E_RD      = VDD · (IDD4R − IDD3N) · tBL                               per RD/RDA
///   E_WR      = VDD · (IDD4W − IDD3N) · tBL                               per WR/WRA
///   E_REF     = VDD · (IDD5 − IDD3N) · tRFC   (per-bank: IDD5PB, tRFCpb)  per REF
///   E_bg      = VDD · (IDD3N · t_active + IDD2N · t_precharged)           per rank
///
/// each multiplied by the devices of a rank. mA · V · ns = pJ. Power-down and self-refresh are not
/// modelled (the controller never powers down).
public struct DRAMEnergy: Equatable, Sendable {
    public var activatePicojoules: Double
    public var readPicojoules: Double
    public var writePicojoules: Double
    public var refreshPicojoules: Double
    public var backgroundPicojoules: Double

    public var totalNanojoules: Double {
        (activatePicojoules + readPicojoules + writePicojoules + refreshPicojoules + backgroundPicojoules) / 1_000
    }

    static func estimate(power p: DRAMPowerSpec, timing t: DRAMTiming, organization o: DRAMOrganization,
                         commandCounts: [Int], cycles: Int64, activeRankCycles: Int64, ranks: Int) -> DRAMEnergy {
        let tCK = Double(t.tCKPicoseconds) / 1_000   // ns
        let devices = Double(o.devicesPerRank)
        func count(_ command: DRAMCommand) -> Double { Double(commandCounts[command.rawValue]) }
        let perActivate = p.vdd * (p.idd0 * Double(t.nRC) - p.idd3n * Double(t.nRAS) - p.idd2n * Double(t.nRC - t.nRAS)) * tCK
        let perRead = p.vdd * (p.idd4r - p.idd3n) * Double(t.nBL) * tCK
        let perWrite = p.vdd * (p.idd4w - p.idd3n) * Double(t.nBL) * tCK
        let perRefresh = p.vdd * (p.idd5 - p.idd3n) * Double(t.nRFC) * tCK
        let perBankRefresh = p.vdd * (p.idd5pb - p.idd3n) * Double(t.nRFCpb) * tCK
        let totalRankCycles = Double(cycles) * Double(ranks)
        let active = Double(activeRankCycles)
        let background = p.vdd * (p.idd3n * active + p.idd2n * max(0, totalRankCycles - active)) * tCK
        return DRAMEnergy(
            activatePicojoules: max(0, perActivate) * count(.activate) * devices,
            readPicojoules: perRead * (count(.read) + count(.readAutoPrecharge)) * devices,
            writePicojoules: perWrite * (count(.write) + count(.writeAutoPrecharge)) * devices,
            refreshPicojoules: (perRefresh * count(.refreshAllBank) + max(0, perBankRefresh) * count(.refreshPerBank)) * devices,
            backgroundPicojoules: background * devices)
    }
}
