import Foundation
import Testing
import ArcadeCore
import ArcadeWorkloads
@testable import ArcadeHardware

/// `ScaleSimReports` against the report files SCALE-Sim 3.0.0 itself wrote for every fixture
/// (Tests/ArcadeHardwareTests/Fixtures/scalesim/<case>/): byte-equal, so scripts written for
/// SCALE-Sim's outputs read Arcade's unchanged.
struct ScaleSimReportFileTests {
    /// The files Arcade writes for a fixture, run as `arcade simulate arch.cfg topology.csv
    /// --compat scalesim --report-dir` does: the cfg through the same reader, the model's own run.
    static func arcadeFiles(_ name: String) throws -> [PeerReportFile] {
        let dir = ScaleSimFixtureTests.fixtureRoot.appendingPathComponent(name)
        let cfg = dir.appendingPathComponent("arch.cfg").path
        let model = try #require(try SystolicArrayModel.load(foreignFile: cfg, text: String(contentsOfFile: cfg, encoding: .utf8)))
        let report = try model.simulate(workloadPath: dir.appendingPathComponent("topology.csv").path,
                                        options: SimulationOptions(compatibility: "scalesim", peerReports: true))
        return report.peerReportFiles
    }

    @Test("Every report file equals SCALE-Sim's byte for byte", arguments: ScaleSimFixtureTests.cases)
    func reportFilesEqualScaleSims(_ name: String) throws {
        let files = try Self.arcadeFiles(name)
        #expect(files.map(\.name) == ["COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"])
        for file in files {
            let expected = try String(contentsOf: ScaleSimFixtureTests.fixtureRoot
                .appendingPathComponent("\(name)/\(file.name)"), encoding: .utf8)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let got = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(got.count == want.count, "\(name)/\(file.name): \(got.count) lines, SCALE-Sim \(want.count)")
            // Line by line first, so a failure names the layer and the field.
            for (index, (line, wanted)) in zip(got, want).enumerated() where line != wanted {
                Issue.record("\(name)/\(file.name) line \(index + 1):\n  Arcade:    \(line)\n  SCALE-Sim: \(wanted)")
            }
            #expect(file.contents == expected, "\(name)/\(file.name) bytes")
        }
    }

    @Test("Native numbers cannot be written as SCALE-Sim's files")
    func nativeModeIsRefused() throws {
        let dir = ScaleSimFixtureTests.fixtureRoot.appendingPathComponent("os_conv_8x8")
        let cfg = dir.appendingPathComponent("arch.cfg").path
        let model = try #require(try SystolicArrayModel.load(foreignFile: cfg, text: String(contentsOfFile: cfg, encoding: .utf8)))
        #expect(throws: InputError.self) {
            try model.simulate(workloadPath: dir.appendingPathComponent("topology.csv").path,
                               options: SimulationOptions(peerReports: true))
        }
    }

    /// What CPython 3 prints for these (`repr(x)`, the same as numpy's `str` of a float64).
    @Test("Floats print as Python prints them", arguments: [
        (100.0, "100.0"), (99.21875, "99.21875"), (-66.0, "-66.0"), (0.0, "0.0"), (-0.0, "-0.0"),
        (0.1 + 0.2, "0.30000000000000004"), (0.0001, "0.0001"), (0.00001, "1e-05"), (1.5e-7, "1.5e-07"),
        (9999999999999998.0, "9999999999999998.0"), (1e16, "1e+16"), (1.2345678901234568e+17, "1.2345678901234568e+17"),
        (.leastNonzeroMagnitude, "5e-324"), (1e22, "1e+22"), (123456.789, "123456.789"), (.infinity, "inf"),
    ])
    func pythonRepr(_ value: Double, _ python: String) {
        #expect(PythonFloatText.repr(value) == python)
    }
}
