import ArcadeCore
import Foundation
import Testing
@testable import ArcadeExplore

/// Design spaces over an architecture that names another file (`memory:`): a point's architecture
/// is built in memory from the base file, and its relative paths must still resolve against the
/// base file's folder (issue 10 item 5: every point used to fail with "architecture file not found").
@Suite struct MemoryArchitectureSpaceTests {
    static let space = try! DesignSpaceFile.load(path: DesignSpaceFixture.spacesDirectory + "/systolic-ddr4-tiny.yaml")

    @Test func aSweepOverAMemoryArchitectureHasNoFailedPoint() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .grid)
        let outcome = try SweepRunner(plan: plan, out: "m.h5", jobs: 2, storage: InMemorySweepStorage()).run()
        #expect(outcome.records.count == Self.space.cardinality)
        for record in outcome.records {
            #expect(record.feasible && record.failure.isEmpty, "\(record.parameters): \(record.failure)")
        }
        // The `memory` knob is resolved against Architectures/systolic/ too, and it matters: HBM2
        // and DDR4 points with the same array differ.
        let memory = try #require(Self.space.parameterNames.firstIndex(of: "memory"))
        let byMemory = Dictionary(grouping: outcome.records) { $0.parameters[memory] }
        #expect(Set(byMemory.keys) == ["../dram/ddr4-2400.yaml", "../dram/hbm2.yaml"])
        #expect(byMemory["../dram/ddr4-2400.yaml"]!.map(\.objectives) != byMemory["../dram/hbm2.yaml"]!.map(\.objectives))
    }

    @Test func anExploreOverAMemoryArchitectureHasNoFailedEvaluation() throws {
        let evaluator = DesignSpaceEvaluator(space: Self.space, parallelism: 1)
        let run = try Exploration.run(agent: "random", evaluator: evaluator, budget: 6, seed: 4)
        #expect(run.evaluations.count == 6)
        for evaluation in run.evaluations {
            #expect(evaluation.feasible && evaluation.failure == nil, "\(evaluation.parameters): \(evaluation.failure ?? "")")
        }
    }

    /// The base architecture two folders away from the space, its DRAM file beside it: the point's
    /// `memory:` must be found from the architecture's folder, where it would not be from the space's.
    @Test func memoryResolvesAgainstTheBaseArchitectureNotTheSpaceFolder() throws {
        let root = NSTemporaryDirectory() + "arcade-memory-space-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/hw/systolic", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/hw/dram", withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: root) }
        let repository = DesignSpaceFixture.repository
        try manager.copyItem(atPath: repository + "/Architectures/dram/ddr4-2400.yaml", toPath: root + "/hw/dram/d.yaml")
        try manager.copyItem(atPath: repository + "/Architectures/dram/hbm2.yaml", toPath: root + "/hw/dram/h.yaml")
        try manager.copyItem(atPath: DesignSpaceFixture.spacesDirectory + "/tiny_gemm.csv", toPath: root + "/tiny.csv")
        try "family: systolic\nrows: 16\ncolumns: 16\ndataflow: ws\nmemory: ../dram/d.yaml\n"
            .write(toFile: root + "/hw/systolic/sys.yaml", atomically: true, encoding: .utf8)
        let text = "architecture: hw/systolic/sys.yaml\nworkload: tiny.csv\n"
            + "parameters:\n  rows: {values: [8, 16]}\n  memory: {choices: [../dram/d.yaml, ../dram/h.yaml]}\n"
            + "objectives:\n  - minimize: cycles\n"
        let space = try DesignSpaceFile.load(text: text, path: root + "/space.yaml")
        for rank in 0..<space.cardinality {
            #expect(throws: Never.self) { _ = try space.simulate(space.encoding.point(rank: rank)) }
        }
    }

    @Test func inputPathsResolveFromTheNamingFilesFolder() throws {
        #expect(InputPath.resolve("../dram/d.yaml", against: "Architectures/systolic/a.yaml") == "Architectures/dram/d.yaml")
        #expect(InputPath.resolve("../dram/d.yaml", against: "a.yaml") == "../dram/d.yaml")
        #expect(InputPath.resolve("./d.yaml", against: "/x/y/a.yaml") == "/x/y/d.yaml")
        let derived = try ConfigSection.load(yaml: "memory: ../dram/d.yaml\n", file: "space.yaml at [rows=8]",
                                             relativeTo: "Architectures/systolic/a.yaml")
        #expect(derived.resolvePath("../dram/d.yaml") == "Architectures/dram/d.yaml")
        #expect(try derived.section("nothing") == nil)
    }
}
