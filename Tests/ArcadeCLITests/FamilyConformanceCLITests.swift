import ArcadeHardware
import Foundation
import Testing

/// The CLI half of the family conformance suite (`FamilyConformanceTests` in ArcadeHardwareTests):
/// for every registered family, `arcade simulate` on a malformed workload exits with code 2 and
/// writes no result file, and `arcade list` names every declared metric with its unit.
@Suite struct FamilyConformanceCLITests {
    static let familyNames = HardwareRegistry.families.map { $0.family }

    static func firstArchitecture(_ family: String) throws -> String {
        let folder = CLIRunner.repositoryRoot + "/Architectures/\(family)"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        return folder + "/" + (try #require(files.first, "no architecture under Architectures/\(family)/"))
    }

    @Test(arguments: familyNames)
    func malformedWorkloadExitsTwoAndWritesNothing(_ name: String) throws {
        let family = try #require(HardwareRegistry.family(named: name))
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = family.malformedWorkloadExample
        let workload = directory.appendingPathComponent("bad.\(bad.fileExtension)").path
        try bad.text.write(toFile: workload, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out.h5").path
        let result = try CLIRunner.run(["simulate", try Self.firstArchitecture(name), workload, "--out", out])
        #expect(result.status == 2, "\(name): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("bad.\(bad.fileExtension)"), "\(name): \(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".h5") }
        #expect(left.isEmpty, "\(name) left \(left)")
    }

    @Test func listNamesEveryMetricWithItsUnit() throws {
        let result = try CLIRunner.run(["list"])
        #expect(result.status == 0)
        for family in HardwareRegistry.families {
            #expect(result.stdout.contains(family.family))
            for metric in family.metrics {
                let line = result.stdout.split(separator: "\n").first { $0.split(separator: " ").first.map(String.init) == metric.name }
                #expect(line?.contains("[\(metric.unit.symbol)]") == true, "\(family.family).\(metric.name) not listed with its unit")
            }
        }
    }
}
