import Testing
@testable import ArcadeHardware

/// Ramulator 2-style timing tests: issue the preceding command, then check the following command is
/// NOT legal one cycle before the constraint and IS legal at it. DDR4-2400 (peers' timings).
// `isLegal(…) == true`, not `#expect(state.isLegal(…))`: #expect's expansion of a bare method call
// copies the receiver, and DRAMTimingState is non-copyable.
struct DRAMTimingTests {
    static let standard = DRAMStandard.ddr4_2400
    static let t = standard.timing
    static let o = standard.organization
    // Banks within the channel: bank = bankGroup · 4 + bank.
    static let bank0 = 0          // BG0 bank 0
    static let sameGroup = 1      // BG0 bank 1
    static let otherGroup = 4     // BG1 bank 0

    static func state() -> DRAMTimingState {
        DRAMTimingState(organization: o, constraints: DRAMTimingConstraints.table(t))
    }

    /// After `preceding` to `fromBank` at cycle 100, `following` to `toBank` becomes legal exactly at 100 + latency.
    func check(_ preceding: DRAMCommand, _ fromBank: Int, _ following: DRAMCommand, _ toBank: Int, latency: Int,
               setup: (inout DRAMTimingState) -> Void = { _ in }) {
        var state = Self.state()
        setup(&state)
        state.issue(preceding, bank: fromBank, at: 100)
        let legalAt = Int64(100 + latency)
        #expect(state.isLegal(following, bank: toBank, at: legalAt - 1) == false,
                "\(preceding)→\(following) legal one cycle early")
        #expect(state.isLegal(following, bank: toBank, at: legalAt) == true, "\(preceding)→\(following) not legal at \(latency)")
    }

    @Test func activateToReadAtRCD() { check(.activate, Self.bank0, .read, Self.bank0, latency: Self.t.nRCD) }
    @Test func activateToWriteAtRCDWR() { check(.activate, Self.bank0, .write, Self.bank0, latency: Self.t.nRCDWR) }
    @Test func readToPrechargeAtRTP() {
        // ACT long before, so nRAS is not the binding constraint.
        check(.read, Self.bank0, .precharge, Self.bank0, latency: Self.t.nRTP) { $0.issue(.activate, bank: Self.bank0, at: 0) }
    }
    @Test func writeToPrechargeAtCWLPlusBLPlusWR() {
        check(.write, Self.bank0, .precharge, Self.bank0, latency: Self.t.nCWL + Self.t.nBL + Self.t.nWR) {
            $0.issue(.activate, bank: Self.bank0, at: 0)
        }
    }
    @Test func activateToPrechargeAtRAS() { check(.activate, Self.bank0, .precharge, Self.bank0, latency: Self.t.nRAS) }
    @Test func prechargeToActivateAtRP() { check(.precharge, Self.bank0, .activate, Self.bank0, latency: Self.t.nRP) }
    @Test func activateToActivateSameBankAtRC() {
        var state = Self.state()
        state.issue(.activate, bank: Self.bank0, at: 100)
        state.issue(.precharge, bank: Self.bank0, at: 100 + Int64(Self.t.nRAS))   // PRE → ACT = nRAS + nRP = nRC here
        #expect(state.isLegal(.activate, bank: Self.bank0, at: 100 + Int64(Self.t.nRC) - 1) == false)
        #expect(state.isLegal(.activate, bank: Self.bank0, at: 100 + Int64(Self.t.nRC)) == true)
        // nRC alone, without a PRE constraint in the way:
        check(.activate, Self.bank0, .activate, Self.bank0, latency: Self.t.nRC)
    }
    @Test func activateToActivateOtherGroupAtRRD_S() { check(.activate, Self.bank0, .activate, Self.otherGroup, latency: Self.t.nRRD_S) }
    @Test func activateToActivateSameGroupAtRRD_L() { check(.activate, Self.bank0, .activate, Self.sameGroup, latency: Self.t.nRRD_L) }

    @Test func fifthActivateAtFAW() {
        var state = Self.state()
        // Four ACTs to four bank groups, nRRD_S apart: 0, 4, 8, 12.
        for index in 0..<4 { state.issue(.activate, bank: index * 4, at: Int64(index * Self.t.nRRD_S)) }
        let fifth = 1   // BG0 bank 1: nRRD_L from the first ACT is long past
        #expect(state.earliest(.activate, bank: fifth) == Int64(Self.t.nFAW))
        #expect(state.isLegal(.activate, bank: fifth, at: Int64(Self.t.nFAW) - 1) == false)
        #expect(state.isLegal(.activate, bank: fifth, at: Int64(Self.t.nFAW)) == true)
    }

    @Test func readToReadOtherGroupAtCCD_S() { check(.read, Self.bank0, .read, Self.otherGroup, latency: Self.t.nCCD_S) }
    @Test func readToReadSameGroupAtCCD_L() { check(.read, Self.bank0, .read, Self.sameGroup, latency: Self.t.nCCD_L) }
    @Test func writeToWriteSameGroupAtCCD_L() { check(.write, Self.bank0, .write, Self.sameGroup, latency: Self.t.nCCD_L) }
    @Test func writeToReadOtherGroupAtWTR_S() {
        check(.write, Self.bank0, .read, Self.otherGroup, latency: Self.t.nCWL + Self.t.nBL + Self.t.nWTR_S)
    }
    @Test func writeToReadSameGroupAtWTR_L() {
        check(.write, Self.bank0, .read, Self.sameGroup, latency: Self.t.nCWL + Self.t.nBL + Self.t.nWTR_L)
    }
    @Test func readToWriteTurnaround() {
        check(.read, Self.bank0, .write, Self.otherGroup, latency: Self.t.nCL + Self.t.nBL + 2 - Self.t.nCWL)
    }
    @Test func readToPrechargeAllAtRTP() {
        check(.read, Self.bank0, .prechargeAll, Self.otherGroup, latency: Self.t.nRTP) { $0.issue(.activate, bank: Self.bank0, at: 0) }
    }
    @Test func prechargeToRefreshAtRP() {
        check(.precharge, Self.bank0, .refreshAllBank, Self.bank0, latency: Self.t.nRP) { $0.issue(.activate, bank: Self.bank0, at: 0) }
    }
    @Test func refreshBlocksActivateForRFC() {
        for bank in [Self.bank0, Self.sameGroup, Self.otherGroup, 15] {
            check(.refreshAllBank, Self.bank0, .activate, bank, latency: Self.t.nRFC)
        }
    }
    @Test func readAutoPrechargeToActivate() {
        check(.readAutoPrecharge, Self.bank0, .activate, Self.bank0, latency: Self.t.nRTP + Self.t.nRP) {
            $0.issue(.activate, bank: Self.bank0, at: 0)
        }
    }
    @Test func perBankRefreshBlocksOnlyItsBankForRFCpb() {
        let timing = DRAMStandard.ddr5_4800.timing
        let organization = DRAMStandard.ddr5_4800.organization
        var state = DRAMTimingState(organization: organization, constraints: DRAMTimingConstraints.table(timing))
        state.issue(.refreshPerBank, bank: 0, at: 100)
        #expect(state.isLegal(.activate, bank: 0, at: 100 + Int64(timing.nRFCpb) - 1) == false)
        #expect(state.isLegal(.activate, bank: 0, at: 100 + Int64(timing.nRFCpb)) == true)
        #expect(state.isLegal(.activate, bank: 5, at: 100) == true)
        #expect(state.isLegal(.refreshPerBank, bank: 5, at: 100 + Int64(timing.nRREFD) - 1) == false)
        #expect(state.isLegal(.refreshPerBank, bank: 5, at: 100 + Int64(timing.nRREFD)) == true)
    }
    @Test func dataBusOccupancyBetweenPseudoChannelsIsIndependent() {
        let standard = DRAMStandard.hbm3_6400
        var state = DRAMTimingState(organization: standard.organization, constraints: DRAMTimingConstraints.table(standard.timing))
        let otherPseudoChannel = standard.organization.banksPerRank   // first bank of pseudo-channel 1
        state.issue(.read, bank: 0, at: 100)
        #expect(state.isLegal(.read, bank: otherPseudoChannel, at: 100) == true)
        #expect(state.isLegal(.read, bank: 4, at: 100 + Int64(standard.timing.nCCD_S) - 1) == false)
    }
}
