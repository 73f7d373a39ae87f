import ArcadeCore
import Testing
@testable import ArcadeExplore

/// Every bad space file is an `InputError` naming the file, the line, the field and what is allowed.
@Suite struct DesignSpaceBadInputTests {
    typealias F = DesignSpaceFixture

    func loadError(parameters: String = "  rows: {values: [8, 16]}", constraints: String? = nil,
               objectives: String = "  - minimize: cycles") -> InputError? {
        F.error(F.text(parameters: parameters, constraints: constraints, objectives: objectives))
    }

    @Test func emptyRange() throws {
        let error = try #require(loadError(parameters: "  rows: {range: [64, 8], step: 8}"))
        #expect(error.file == F.folder + "/space.yaml")
        #expect(error.line == 5)
        #expect(error.field == "parameters.rows.range")
        #expect(error.message.contains("empty range"))
        #expect(error.message.contains("allowed: low ≤ high"))
        #expect(self.loadError(parameters: "  rows: {powers_of_two: [5, 7]}")?.message.contains("no power of two") == true)
        #expect(self.loadError(parameters: "  rows: {values: []}")?.message.contains("empty list") == true)
    }

    @Test func stepMustBePositive() throws {
        let error = try #require(loadError(parameters: "  rows: {range: [8, 64], step: 0}"))
        #expect(error.field == "parameters.rows.step")
        #expect(error.line == 5)
        #expect(error.message.contains("> 0"))
        #expect(self.loadError(parameters: "  rows: {range: [8, 64], step: -8}")?.field == "parameters.rows.step")
    }

    @Test func malformedParameters() {
        #expect(loadError(parameters: "  rows: {range: [8, 64], choices: [a]}")?.message.contains("exactly one of") == true)
        #expect(loadError(parameters: "  rows: {values: [8, 8]}")?.message.contains("duplicate value") == true)
        #expect(loadError(parameters: "  rows: {values: [8, big]}")?.message.contains("use 'choices'") == true)
        #expect(loadError(parameters: "  rows: {powers_of_two: [8, 64], step: 2}")?.field == "parameters.rows.step")
        #expect(loadError(parameters: "  rows: {ranges: [8, 64]}")?.message.contains("unknown key") == true)
        #expect(loadError(parameters: "  rows: {range: [1, 100000000]}")?.message.contains("too many") == true)
    }

    @Test func parameterTheArchitectureDoesNotAccept() throws {
        let error = try #require(loadError(parameters: "  rows: {values: [8]}\n  pe_count: {values: [1, 2]}"))
        #expect(error.line == 6)
        #expect(error.field == "parameters.pe_count")
        #expect(error.message.contains("is not a key of the 'systolic' architecture"))
        #expect(error.message.contains("known keys here"))
    }

    @Test func valueTheArchitectureRejects() throws {
        let error = try #require(loadError(parameters: "  rows: {values: [8]}\n  dataflow: {choices: [os, rs]}"))
        #expect(error.line == 6)
        #expect(error.field == "parameters.dataflow")
        #expect(error.message.contains("value 'rs' is rejected"))
        #expect(error.message.contains("allowed: os, ws, is"))
    }

    @Test func unknownParameterInConstraintGivesTheColumn() throws {
        let error = try #require(loadError(constraints: "  - rows * colums <= 16384"))
        #expect(error.line == 7)
        #expect(error.field == "constraints[0]")
        #expect(error.message.hasPrefix("column 12:"), "file column: the list item's value starts at 5, 'colums' is its 8th character")
        #expect(error.message.contains("unknown parameter 'colums'; allowed: rows"))
    }

    @Test func malformedExpressionGivesTheColumn() throws {
        let error = try #require(loadError(constraints: "  - \"rows <= = 4\""))
        #expect(error.message.hasPrefix("column 14:"), "quoted: one more for the opening quote")
        #expect(self.loadError(constraints: "  - rows * (2 + 3")?.message.contains("never closed") == true)
    }

    @Test func unsatisfiableConstraintsByEnumeration() throws {
        let error = try #require(loadError(parameters: "  rows: {range: [8, 64], step: 8}", constraints: "  - rows > 100"))
        #expect(error.field == "constraints")
        #expect(error.line == 6)
        #expect(error.message.contains("no design point satisfies the constraints (all 8 points checked)"))
    }

    @Test func unsatisfiableConstraintsBySamplingOnHugeSpaces() throws {
        // 200^3 = 8e6 points > the exhaustive limit: sampled, and the message says so.
        let parameters = """
              rows: {range: [1, 200]}
              columns: {range: [1, 200]}
              clock_mhz: {range: [1, 200]}
            """
        let error = try #require(loadError(parameters: parameters, constraints: "  - rows + columns + clock_mhz > 600"))
        #expect(error.message.contains("100000 seeded random samples of the 8000000 points"))
    }

    @Test func unknownObjectiveMetric() throws {
        let error = try #require(loadError(objectives: "  - minimize: cycles\n  - minimize: cyclez"))
        #expect(error.line == 8)
        #expect(error.field == "objectives[1]")
        #expect(error.message.contains("unknown metric 'cyclez'"))
        #expect(error.message.contains("cycles"), "lists the metrics the report has")
        #expect(self.loadError(objectives: "  - maximise: cycles")?.message.contains("unknown key") == true)
        #expect(self.loadError(objectives: "  - target: {metric: cycles}")?.message.contains("needs both") == true)
        #expect(self.loadError(objectives: "  - target: {metric: cycles, value: 0}")?.message.contains("0 is not allowed") == true)
        #expect(self.loadError(objectives: "  []")?.message.contains("at least one objective") == true)
    }

    @Test func missingFilesAndKeys() {
        #expect(F.error("architecture: arch.yaml\nworkload: tiny.csv\nparameters:\n  rows: {values: [8]}\n")?.field == "objectives")
        #expect(F.error(F.text(parameters: "  rows: {values: [8]}").replacingOccurrences(of: "tiny.csv", with: "none.csv"))?.field == "workload")
        #expect(F.error(F.text(parameters: "  rows: {values: [8]}", extra: "budget: 3\n"))?.message.contains("unknown key") == true)
        #expect(F.error("name: [unclosed\n")?.message.contains("malformed YAML") == true)
        #expect(throws: InputError.self) { try DesignSpaceFile.load(path: F.folder + "/missing.yaml") }
    }

    /// Issue 11: hostile numbers in a range are refused before any conversion to Int.
    @Test func rangeStepsThatWouldOverflowOrRepeat() throws {
        let tiny = try #require(loadError(parameters: "  rows: {range: [4, 64], step: 1e-300}"))
        #expect(tiny.line == 5)
        #expect(tiny.field == "parameters.rows.range")
        #expect(tiny.message.contains("allowed: at most 1000000 per parameter"))
        #expect(loadError(parameters: "  rows: {range: [4, 1e308], step: 1e-308}")?.message.contains("more values than a number can hold") == true)
        #expect(loadError(parameters: "  rows: {range: [4, 64], step: .nan}") != nil)
        #expect(loadError(parameters: "  rows: {range: [4, .inf], step: 1}") != nil)
        let repeats = try #require(loadError(parameters: "  ifmap_sram_kib: {range: [1e15, 1.0000000000001e15], step: 0.001}"))
        #expect(repeats.message.contains("occurs twice"))
    }

    /// Issue 11: a repeated objective made two columns of one name (and left a partial file behind).
    @Test func duplicatedObjective() throws {
        let error = try #require(loadError(objectives: "  - minimize: cycles\n  - minimize: cycles"))
        #expect(error.line == 8)
        #expect(error.field == "objectives[1]")
        #expect(error.message.contains("repeats objectives[0]"))
    }

    /// Constraint errors quote a bounded excerpt of the expression, not 200 kB of it.
    @Test func deeplyNestedConstraintIsAnErrorWithALocation() throws {
        let constraint = String(repeating: "(", count: 100_000) + "rows <= 64" + String(repeating: ")", count: 100_000)
        let error = try #require(loadError(constraints: "  - \"\(constraint)\""))
        #expect(error.line == 7)
        #expect(error.field == "constraints[0]")
        #expect(error.message.contains("allowed: at most \(DesignSpaceExpression.maximumDepth) levels"))
        #expect(error.description.count < 500)
    }

    /// The documented maximum, one million values, loads in linear time (it took over two minutes).
    @Test func aMillionValuesLoadQuickly() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let space = try F.load(F.text(parameters: "  ifmap_sram_kib: {range: [1, 1000000]}"))
        #expect(space.parameters[0].values.count == 1_000_000)
        #expect(clock.now - start < .seconds(20))
        #expect(DesignSpaceFile.checkedIndices(count: 1_000_000).count == DesignSpaceFile.checkedValuesPerParameter)
        #expect(DesignSpaceFile.checkedIndices(count: 1_000_000).first == 0)
        #expect(DesignSpaceFile.checkedIndices(count: 1_000_000).last == 999_999)
        #expect(DesignSpaceFile.checkedIndices(count: 10) == Array(0..<10))
        #expect(loadError(parameters: "  rows: {range: [1, 1000001]}")?.message.contains("too many") == true)
    }
}
