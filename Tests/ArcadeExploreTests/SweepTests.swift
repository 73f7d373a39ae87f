import ArcadeCore
import Foundation
import Testing
@testable import ArcadeExplore

@Suite struct SweepTests {
    static let space = try! DesignSpaceFile.load(path: DesignSpaceFixture.spacesDirectory + "/systolic-tiny.yaml")

    @Test func gridIsEveryFeasiblePointInRankOrder() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .grid)
        let encoding = Self.space.encoding
        #expect(plan.ranks == (0..<encoding.cardinality).filter { Self.space.isFeasible(encoding.point(rank: $0)) })
        #expect(plan.ranks.count == 216)
    }

    @Test func samplingIsSeededDistinctAndPartOfTheHash() throws {
        for sampling in [SweepSampling.random(50), .lhs(40)] {
            let a = try SweepPlan(space: Self.space, sampling: sampling)
            let b = try SweepPlan(space: Self.space, sampling: sampling)
            let c = try SweepPlan(space: Self.space, sampling: sampling, seed: 9)
            #expect(a.ranks == b.ranks && a.hash == b.hash)
            #expect(a.ranks != c.ranks && a.hash != c.hash)
            #expect(Set(a.ranks).count == a.ranks.count)
            #expect(a.ranks.allSatisfy { (0..<Self.space.cardinality).contains($0) })
        }
        #expect(try SweepPlan(space: Self.space, sampling: .random(50)).ranks.count == 50)
        #expect(try SweepPlan(space: Self.space, sampling: .random(5000)).ranks.count == Self.space.cardinality)
        #expect(try SweepPlan(space: Self.space, sampling: .grid).hash != SweepPlan(space: Self.space, sampling: .random(50)).hash)
    }

    @Test func shardsPartitionThePlan() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .random(100))
        let shards = try (1...3).map { plan.ranks(shard: try SweepShard(index: $0, count: 3)) }
        #expect(shards.map(\.count) == [34, 33, 33])
        #expect(Set(shards.flatMap { $0 }) == Set(plan.ranks))
        #expect(throws: InputError.self) { try SweepShard(parsing: "4/3") }
        #expect(throws: InputError.self) { try SweepShard(parsing: "x") }
        #expect(throws: InputError.self) { try SweepShard(parsing: "1/\(SweepShard.maximumCount + 1)") }
        #expect(try SweepShard(parsing: "1/\(SweepShard.maximumCount)").count == SweepShard.maximumCount)
        #expect(SweepFiles.shardPath(out: "results/a.h5", shard: try SweepShard(index: 2, count: 3)) == "results/a.shard-2-of-3.h5")
        #expect(SweepMerge.baseOut(ofShardPath: "results/a.shard-2-of-3.h5") == "results/a.h5")
        #expect(SweepFiles.partialPath(for: "results/a.h5") == "results/.a.h5.partial")
    }

    @Test func runRecordsFailuresAndSummarises() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .random(100))
        let storage = InMemorySweepStorage()
        let outcome = try SweepRunner(plan: plan, out: "x.h5", jobs: 2, batchSize: 7, storage: storage).run()
        #expect(outcome.records.map(\.rank) == plan.ranks.sorted())
        let failed = outcome.records.filter { !$0.feasible }
        #expect(!failed.isEmpty)
        #expect(failed.allSatisfy { $0.failure.contains("violates constraint") && $0.objectives.allSatisfy(\.isNaN) })
        #expect(!storage.exists(path: ".x.h5.partial") && storage.exists(path: "x.h5"))
        let summary = SweepSummary(outcome: outcome, space: Self.space)
        #expect(summary.points == 100 && summary.failures == failed.count)
        #expect(summary.best.first?.value == outcome.records.filter(\.feasible).map { $0.objectives[0] }.min())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.json.utf8)) as? [String: Any])
        #expect(json["points"] as? Int == 100 && json["failures"] as? Int == failed.count && json["best"] is [Any])
        // One worker gives the same rows.
        let serial = try SweepRunner(plan: plan, out: "y.h5", jobs: 1, storage: storage).run()
        #expect(serial.records == outcome.records)
    }

    /// Issue 12: the summary prints numbers for people (`1,504,043 pJ·s`, not `1504043.1347339968`)
    /// and wraps a long parameter list at 120 columns unless asked for full lines.
    @Test func summaryTextFormatsNumbersAndFitsTheWidth() {
        let names = (0..<30).map { "parameter_\($0)" }
        let records = [SweepRecord(rank: 3, parameters: names.map { _ in "value" }, objectives: [1_504_043.1347339968, 0.87654],
                                   feasible: true, failure: ""),
                       SweepRecord(rank: 5, parameters: names.map { _ in "other" }, objectives: [.nan, .nan], feasible: false,
                                   failure: "violates constraint rows * columns <= 2048")]
        let summary = SweepSummary(records: records, space: "s", path: "s.h5", parameterNames: names, objectiveNames: ["edp", "util"],
                                   objectiveUnits: ["pJ·s", "%"], evaluated: 2, seconds: 0.5)
        let text = summary.text()
        #expect(text.contains("  best edp: 1,504,043 pJ·s at rank 3 [parameter_0=value"), "\(text)")
        #expect(text.contains("  best util: 0.8765 % at rank 3"), "\(text)")
        #expect(!text.contains("1504043") && text.contains("(0.5 s, 4 points/s)"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 120 }, "\(text)")
        let wide = summary.text(width: nil)
        #expect(wide.split(separator: "\n").contains { $0.hasPrefix("  best edp:") && $0.hasSuffix("parameter_29=value]") }, "\(wide)")
    }

    @Test func resumeSkipsFinishedPointsAndRefusesAnotherDefinition() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .grid)
        let storage = InMemorySweepStorage()
        let runner = SweepRunner(plan: plan, out: "r.h5", jobs: 2, storage: storage)
        let full = try SweepRunner(plan: plan, out: "full.h5", jobs: 2, storage: storage).run()
        // An interrupted run: 50 rows (and one repeated) in the partial file.
        let appender = try storage.openAppending(path: runner.partialPath, attributes: runner.attributes, columns: runner.format.columns([]))
        try appender.append(runner.format.columns(Array(full.records.prefix(50)) + [full.records[3]]))
        let resumed = try runner.run()
        #expect(resumed.resumed == 50 && resumed.evaluated == 166)
        #expect(resumed.records == full.records)
        let again = try runner.run()
        #expect(again.alreadyComplete && again.records == full.records)
        let other = SweepRunner(plan: try SweepPlan(space: Self.space, sampling: .grid, seed: 3), out: "r.h5", storage: storage)
        #expect(throws: InputError.self) { try other.run() }
    }

    @Test func mergedShardsEqualTheUnshardedRun() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .lhs(60))
        let storage = InMemorySweepStorage()
        let whole = try SweepRunner(plan: plan, out: "w.h5", jobs: 2, storage: storage).run()
        var paths: [String] = []
        for index in 1...3 {
            let outcome = try SweepRunner(plan: plan, shard: try SweepShard(index: index, count: 3), out: "s.h5", storage: storage).run()
            paths.append(outcome.path)
        }
        let error = #expect(throws: InputError.self) { try SweepMerge.merge(paths: [paths[0], paths[2]], out: "m.h5", storage: storage) }
        #expect(error?.message.contains("s.shard-2-of-3.h5") == true)
        #expect(error?.message.contains("--out s.h5 --shard 2/3") == true)
        let merged = try SweepMerge.merge(paths: paths, out: "m.h5", storage: storage)
        #expect(merged.records == whole.records)
        let a = try #require(try storage.read(path: "w.h5")), b = try #require(try storage.read(path: "m.h5"))
        let format = SweepTableFormat(space: Self.space)
        #expect(try format.records(a.table, file: "w.h5") == format.records(b.table, file: "m.h5"))
        #expect(a.attributes.map(\.key) == b.attributes.map(\.key) && a.attributes.map(\.value) == b.attributes.map(\.value))
    }

    /// A complete file of the same sweep written before typed tables (no `point_layout`, text
    /// knobs, 0/1 feasible) is refused naming its age, not read with the wrong column types.
    @Test func aSweepFileFromAnOlderArcadeIsRefusedSayingSo() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .lhs(8))
        let storage = InMemorySweepStorage()
        let runner = SweepRunner(plan: plan, out: "old.h5", storage: storage)
        let old = runner.attributes.filter { $0.key != PointTableLayout.attributeName }
        try storage.writeComplete(path: "old.h5", family: "systolic", totals: [], attributes: old,
                                  table: ResultTable(name: "points", columns: [ResultColumn("rank", .int([]))]))
        let error = #expect(throws: InputError.self) { try runner.run() }
        #expect(error?.message.contains("older Arcade") == true, "\(String(describing: error))")
    }

    @Test func typedColumnsDecodeBackToTheSpacesTexts() throws {
        let plan = try SweepPlan(space: Self.space, sampling: .lhs(20))
        let outcome = try SweepRunner(plan: plan, out: "t.h5", storage: InMemorySweepStorage()).run()
        let format = SweepTableFormat(space: Self.space)
        let table = format.table(outcome.records)
        #expect(try format.records(table, file: "t.h5") == outcome.records)
        // Integer knobs are int64 columns, categorical ones text, feasibility a boolean.
        for (parameter, column) in zip(format.layout.parameters, table.columns.dropFirst()) {
            switch (parameter.kind, column.values) {
            case (.integer, .int), (.real, .double), (.text, .string): break
            default: Issue.record("\(parameter.name): \(parameter.kind) stored as \(column.values)")
            }
        }
        #expect(table.column("feasible").map { if case .bool = $0 { return true } else { return false } } == true)
        #expect(format.layout.metrics.count == outcome.records.first?.metrics.count)
    }

    /// A space of 10^20 points (more than 2^63).
    static let hugeSpace = try! DesignSpaceFixture.load(DesignSpaceFixture.text(parameters: """
          rows: {range: [1, 10000]}
          columns: {range: [1, 10000]}
          ifmap_sram_kib: {range: [1, 10000]}
          filter_sram_kib: {range: [1, 10000]}
          ofmap_sram_kib: {range: [1, 10000]}
        """))

    /// Issue 11: `--random 4` and `--lhs 5` trapped on ranks beyond Int.max; there the plan keys
    /// points by position, and sizes saturate instead of overflowing.
    @Test func spacesBeyondInt64PlanByPosition() throws {
        let space = Self.hugeSpace
        #expect(space.encoding.cardinalityExceedsInt && space.cardinality == Int.max)
        #expect(!Self.space.encoding.cardinalityExceedsInt)
        for sampling in [SweepSampling.random(4), .lhs(5)] {
            let plan = try SweepPlan(space: space, sampling: sampling)
            #expect(plan.ranksArePositions)
            #expect(plan.ranks == Array(0..<plan.ranks.count))
            let points = plan.ranks.map(plan.point(rank:))
            #expect(Set(points).count == points.count)
            #expect(points.allSatisfy { zip($0, space.encoding.counts).allSatisfy { $0.0 >= 0 && $0.0 < $0.1 } })
            let again = try SweepPlan(space: space, sampling: sampling)
            #expect(again.ranks.map(again.point(rank:)) == points && again.hash == plan.hash)
        }
        let grid = #expect(throws: InputError.self) { try SweepPlan(space: space, sampling: .grid) }
        #expect(grid?.message.contains("more than \(Int.max) points") == true)
        #expect(throws: InputError.self) { try SweepPlan(space: space, sampling: .random(SweepPlan.maximumPoints + 1)) }
        #expect(throws: InputError.self) { try SweepPlan(space: space, sampling: .lhs(Int.max)) }
        let storage = InMemorySweepStorage()
        let plan = try SweepPlan(space: space, sampling: .random(4))
        let runner = SweepRunner(plan: plan, out: "huge.h5", jobs: 2, storage: storage)
        let outcome = try runner.run()
        #expect(outcome.records.map(\.rank) == [0, 1, 2, 3])
        #expect(runner.attributes.contains { $0.key == "sweep_rank" })
    }

    @Test func budgetsAreCappedAndSaturate() throws {
        let tiny = Self.space.encoding
        let capped = Exploration.effectiveBudget(1_000_000_000_000_000_000, space: tiny)
        #expect(capped.budget == 225)
        #expect(capped.note?.contains("using 225") == true)
        #expect(Exploration.effectiveBudget(10, space: tiny).note == nil)
        let huge = Self.hugeSpace.encoding
        #expect(Exploration.effectiveBudget(1_000_000_000_000_000_000, space: huge).budget == 1_000_000_000_000_000_000)
        #expect(Exploration.proposalLimit(budget: 1_000_000_000_000_000_000) == Int.max)
        #expect(Exploration.proposalLimit(budget: 10) == 10 * Exploration.proposalLimitFactor)
    }
}
