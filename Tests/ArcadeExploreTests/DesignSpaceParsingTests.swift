import ArcadeCore
import Testing
@testable import ArcadeExplore

@Suite struct DesignSpaceParsingTests {
    @Test func everyParameterKindParsesInValueOrder() throws {
        let space = try DesignSpaceFixture.load(DesignSpaceFixture.basic)
        #expect(space.parameterNames == ["rows", "columns", "dataflow", "ifmap_sram_kib"])
        #expect(space.parameters[0].values == ["4", "8", "16", "32"])
        #expect(space.parameters[1].values == ["8", "16", "24"])
        #expect(space.parameters[2].values == ["os", "ws", "is"])
        #expect(space.parameters[3].values == ["1", "4", "16"], "explicit values are sorted so index order is value order")
        #expect(space.ordered == [true, true, false, true])
        #expect(space.encoding.counts == [4, 3, 3, 3])
        #expect(space.cardinality == 108)
        #expect(space.objectiveNames == ["cycles"])
        #expect(space.name == "test")
        #expect(space.workloadPath == DesignSpaceFixture.folder + "/tiny.csv")
    }

    @Test func decimalRangesAndDefaultStep() throws {
        let space = try DesignSpaceFixture.load(DesignSpaceFixture.text(parameters: """
              clock_mhz: {range: [500, 1000], step: 250.5}
              rows: {range: [30, 33]}
            """))
        #expect(space.parameters[0].values == ["500", "750.5"])
        #expect(space.parameters[1].values == ["30", "31", "32", "33"])
    }

    @Test func decodeAndEncodingRoundTrip() throws {
        let space = try DesignSpaceFixture.load(DesignSpaceFixture.basic)
        #expect(space.decode([3, 0, 1, 2]) == ["32", "8", "ws", "16"])
        for rank in [0, 17, 107] {
            let point = space.encoding.point(rank: rank)
            #expect(space.encoding.rank(of: point) == rank)
            #expect(space.decode(point).count == 4)
        }
    }

    @Test func architectureTextSetsEveryKey() throws {
        let space = try DesignSpaceFixture.load(DesignSpaceFixture.basic)
        let text = space.architectureText(for: [3, 2, 1, 0])
        let document = try ConfigSection.load(yaml: text, file: "generated")
        #expect(try document.int("rows") == 32)
        #expect(try document.int("columns") == 24)
        #expect(try document.string("dataflow") == "ws")
        #expect(try document.int("ifmap_sram_kib") == 1)
        #expect(try document.int("filter_sram_kib") == 64, "keys that are not parameters keep the base value")
        #expect(try document.string("family") == "systolic")
    }

    @Test func nestedKeysAreCreatedAndQuotedWhenNeeded() throws {
        let architecture = try DesignSpaceArchitecture(baseText: "family: systolic\nrows: 4\n", file: "a.yaml",
                                                       keys: ["rows", "controller.scheduler"])
        let text = architecture.text(values: ["8", "fr fcfs: yes"])
        let document = try ConfigSection.load(yaml: text, file: "generated")
        #expect(try document.int("rows") == 8)
        #expect(try document.section("controller")?.string("scheduler") == "fr fcfs: yes")
        #expect(DesignSpaceArchitecture.quoted("yes") == "'yes'")
        #expect(DesignSpaceArchitecture.quoted("128") == "128")
    }

    /// Keys reach into a list of mappings by an element's `name:` or by index (a cache's levels).
    @Test func keysReachIntoListsByNameOrIndex() throws {
        let base = "family: cache\nlevels:\n  - {name: L1, sets: 64, ways: 8}\n  - {name: L3, sets: 1024, ways: 16}\n"
        let architecture = try DesignSpaceArchitecture(baseText: base, file: "a.yaml",
                                                       keys: ["levels.L3.stacked.layers", "levels.0.ways"])
        let document = try ConfigSection.load(yaml: architecture.text(values: ["4", "2"]), file: "generated")
        let levels = try #require(try document.sectionList("levels"))
        #expect(try levels[1].section("stacked")?.int("layers") == 4)
        #expect(try levels[0].int("ways") == 2)
        #expect(try levels[1].int("ways") == 16)
        let error = try #require(throws: InputError.self) {
            try DesignSpaceArchitecture(baseText: base, file: "a.yaml", keys: ["levels.L2.ways"])
        }
        #expect(error.field == "levels.L2.ways")
        #expect(error.message.contains("name:"))
    }

    /// A point's document built from the parsed template reads exactly as its text would.
    @Test func documentFromTheTemplateReadsAsTheText() throws {
        let architecture = try DesignSpaceArchitecture(baseText: "family: systolic\nrows: 4\n", file: "a.yaml",
                                                       keys: ["rows", "controller.scheduler", "name"])
        for values in [["8", "fr fcfs: yes", "null"], ["16", "'quoted'", "a-b"], ["0x10", "yes", "#x"]] {
            let fromText = try ConfigSection.load(yaml: architecture.text(values: values), file: "generated")
            let fromTemplate = try ConfigSection.load(node: architecture.document(values: values), file: "generated")
            #expect(fromTemplate.keys == fromText.keys, "\(values)")
            #expect(try fromTemplate.string("rows") == fromText.string("rows"), "\(values)")
            #expect(try fromTemplate.string("name") == fromText.string("name"), "\(values)")
            #expect(try fromTemplate.section("controller")?.string("scheduler")
                        == fromText.section("controller")?.string("scheduler"), "\(values)")
            #expect(try fromTemplate.string("name") == values[2], "\(values)")
        }
    }

    @Test func objectivesOfEveryKind() throws {
        let space = try DesignSpaceFixture.load(DesignSpaceFixture.text(parameters: "  rows: {values: [8, 16]}", objectives: """
              - minimize: cycles
              - maximize: overall_utilization
              - target: {metric: cycles, value: 1000}
            """))
        #expect(space.objectiveNames == ["cycles", "-overall_utilization", "cycles~1000"])
        #expect(space.objectives[1].minimised(80) == -80)
        #expect(space.objectives[2].minimised(1500) == 0.5)
        #expect(space.objectives[2].minimised(500) == 0.5)
    }

    @Test func hashIsStableAndChangesWithTheDefinition() throws {
        let first = try DesignSpaceFixture.load(DesignSpaceFixture.basic)
        let again = try DesignSpaceFixture.load(DesignSpaceFixture.basic)
        let changed = try DesignSpaceFixture.load(DesignSpaceFixture.basic.replacingOccurrences(of: "512", with: "256"))
        #expect(first.hash == again.hash)
        #expect(first.hash != changed.hash)
        #expect(first.hash.count == 16)
        #expect(DesignSpaceHash.fnv1a([""]) == "cbf29ce484222325", "FNV-1a 64 offset basis for empty input")
        #expect(DesignSpaceHash.fnv1a(["a"]) == "af63dc4c8601ec8c", "reference FNV-1a 64 of 'a'")
    }

    @Test func pathsResolveAgainstTheSpaceFile() {
        #expect(DesignSpaceFile.resolvePath("../conv/x.csv", against: "Workloads/spaces/s.yaml") == "Workloads/conv/x.csv")
        #expect(DesignSpaceFile.resolvePath("../../A/a.yaml", against: "Workloads/spaces/s.yaml") == "A/a.yaml")
        #expect(DesignSpaceFile.resolvePath("../a.yaml", against: "s.yaml") == "../a.yaml")
        #expect(DesignSpaceFile.resolvePath("x.csv", against: "/abs/dir/s.yaml") == "/abs/dir/x.csv")
        #expect(DesignSpaceFile.resolvePath("/etc/x", against: "s.yaml") == "/etc/x")
    }

    @Test func compatModeIsPassedAndChecked() throws {
        let space = try DesignSpaceFixture.load(DesignSpaceFixture.text(parameters: "  rows: {values: [8]}", extra: "compat: scalesim\n"))
        #expect(space.compatibility == "scalesim")
        let error = DesignSpaceFixture.error(DesignSpaceFixture.text(parameters: "  rows: {values: [8]}", extra: "compat: timeloop\n"))
        #expect(error?.field == "compat")
        #expect(error?.line == 4)
        #expect(error?.message.contains("scalesim") == true)
    }
}
