import ArcadeCore
import Testing
@testable import ArcadeHardware

/// Units and the derived `edp`: the family-declared computation gives exactly what the objective
/// computed before families declared their delay and energy (`energy_uj × time_us`, DRAM's
/// `energy_nj / 1000 × time_us`).
@Suite struct FamilyMetricsTests {
    @Test func unitsConvertByExactPowersOfTen() {
        #expect(MetricUnit.nanojoules.value(2500, in: .microjoules) == 2.5)
        #expect(MetricUnit.nanojoules.value(0.3, in: .microjoules) == 0.3 / 1000)
        #expect(MetricUnit.microjoules.value(2.5, in: .nanojoules) == 2500)
        #expect(MetricUnit.microseconds.value(7.25, in: .microseconds) == 7.25)
    }

    func report(_ family: String, _ totals: [(key: String, value: ResultValue)]) -> SimulationReport {
        SimulationReport(family: family, totals: totals, tables: [], attributes: [])
    }

    @Test func edpUsesEachFamilysDeclaredDelayAndEnergy() {
        let systolic = report(SystolicArrayModel.family, [("time_us", .double(12.5)), ("energy_uj", .double(3.3))])
        #expect(SystolicArrayModel.metricValue("edp", in: systolic) == 3.3 * 12.5)
        let dram = report(DRAMModel.family, [("time_us", .double(1.7)), ("energy_nj", .double(1234.5))])
        #expect(DRAMModel.metricValue("edp", in: dram) == 1234.5 / 1000 * 1.7)
        #expect(DRAMModel.metricValue("edp", in: report(DRAMModel.family, [("time_us", .double(1))])) == nil)
        #expect(DRAMModel.metricValue("reads", in: report(DRAMModel.family, [("reads", .int(4))])) == 4)
    }
}
