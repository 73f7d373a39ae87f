import Foundation
import Testing

/// `arcade simulate … --compat scalesim --report-dir DIR`: SCALE-Sim's own three report files, as
/// SCALE-Sim 3.0.0 wrote them for the fixtures (Tests/ArcadeHardwareTests/Fixtures/scalesim/;
/// every fixture is checked byte for byte in ScaleSimReportFileTests, one per dataflow here
/// through the binary).
@Suite struct ScaleSimReportDirTests {
    static let fixtures = CLIRunner.repositoryRoot + "/Tests/ArcadeHardwareTests/Fixtures/scalesim"
    static let reportNames = ["COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"]

    @Test(arguments: ["is_conv_refetch_8x16", "os_conv_user_8x8", "ws_gemm_8x32"])
    func reportDirHoldsScaleSimsFilesByteForByte(_ name: String) throws {
        let fixture = "\(Self.fixtures)/\(name)"
        let reports = try CLIRunner.temporaryDirectory().appendingPathComponent("new/reports").path
        let result = try CLIRunner.run(["simulate", "\(fixture)/arch.cfg", "\(fixture)/topology.csv",
                                        "--compat", "scalesim", "--report-dir", reports, "--no-out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports).sorted() == Self.reportNames.sorted())
        for file in Self.reportNames {
            let ours = try Data(contentsOf: URL(fileURLWithPath: "\(reports)/\(file)"))
            let scaleSim = try Data(contentsOf: URL(fileURLWithPath: "\(fixture)/\(file)"))
            #expect(ours == scaleSim, "\(name)/\(file)")
        }
    }

    /// Bad uses are refused before anything runs: exit 2, the option named, no result file, no folder.
    @Test(arguments: [
        (["Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/gemm/gemm_set.csv"], "needs --compat"),
        (["Architectures/dram/ddr4-2400.yaml", "Workloads/dram/mixed-2k.ramulator2.trace", "--compat", "scalesim"],
         "writes no peer simulator's report files"),
    ])
    func reportDirNeedsAFamilyAndModeThatWriteThem(_ arguments: [String], _ message: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("run.h5").path
        let reports = directory.appendingPathComponent("reports").path
        let result = try CLIRunner.run(["simulate"] + arguments + ["--report-dir", reports, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'--report-dir'") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("scalesim"), "names what is allowed: \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func reportDirThatIsAFileIsRefused() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("taken").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("run.h5").path
        let result = try CLIRunner.run(["simulate", "\(Self.fixtures)/os_conv_8x8/arch.cfg", "\(Self.fixtures)/os_conv_8x8/topology.csv",
                                        "--compat", "scalesim", "--report-dir", file, "--out", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("'--report-dir'") && result.stderr.contains("is a file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
