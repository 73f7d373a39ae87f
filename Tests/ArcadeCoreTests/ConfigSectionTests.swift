import Testing
@testable import ArcadeCore

@Suite struct ConfigSectionTests {
    @Test func readsTypedFieldsWithDefaults() throws {
        let doc = try ConfigSection.load(yaml: "rows: 32\nname: a\nratio: 0.5\nflag: yes\nnested:\n  x: 1_000\n",
                                         file: "a.yaml")
        #expect(try doc.int("rows", range: 1...64) == 32)
        #expect(try doc.int("columns", default: 8) == 8)
        #expect(try doc.string("name") == "a")
        #expect(try doc.double("ratio") == 0.5)
        #expect(try doc.bool("flag", default: false))
        let nested = try #require(try doc.section("nested"))
        #expect(try nested.int("x") == 1000)
        try nested.finish()
        try doc.finish()
    }

    @Test func unknownKeyIsAnErrorWithItsLine() throws {
        let doc = try ConfigSection.load(yaml: "rows: 32\ncolums: 8\n", file: "a.yaml")
        _ = try doc.int("rows")
        let error = try #require(throws: InputError.self) { try doc.finish() }
        #expect(error.line == 2 && error.field == "colums")
        #expect(error.description.hasPrefix("a.yaml:2: field 'colums': unknown key"))
    }

    @Test func outOfRangeAndWrongTypeNameTheAllowedValues() throws {
        let doc = try ConfigSection.load(yaml: "rows: 0\ncolumns: abc\ndataflow: xs\nlist: [1, 2]\n", file: "b.yaml")
        let range = try #require(throws: InputError.self) { try doc.int("rows", range: 1...100) }
        #expect(range.line == 1 && range.message.contains("1...100"))
        let type = try #require(throws: InputError.self) { try doc.int("columns") }
        #expect(type.line == 2 && type.message.contains("not a whole number"))
        let choice = try #require(throws: InputError.self) { try doc.choice("dataflow", ["os", "ws", "is"]) }
        #expect(choice.line == 3 && choice.message.contains("allowed: os, ws, is"))
        let list = try #require(throws: InputError.self) { try doc.int("list") }
        #expect(list.line == 4 && list.message.contains("list"))
        let missing = try #require(throws: InputError.self) { try doc.int("depth") }
        #expect(missing.message.contains("required"))
    }

    @Test func malformedYAMLReportsALine() {
        let error = #expect(throws: InputError.self) {
            try ConfigSection.load(yaml: "rows: 32\n  columns: [8\n", file: "c.yaml")
        }
        #expect(error?.file == "c.yaml")
        #expect(error?.line != nil)
    }

    @Test func topLevelMustBeAMapping() {
        #expect(throws: InputError.self) { try ConfigSection.load(yaml: "- 1\n- 2\n", file: "d.yaml") }
        #expect(throws: InputError.self) { try ConfigSection.load(yaml: "", file: "e.yaml") }
    }

    @Test func duplicateKeysAreRejected() {
        let error = #expect(throws: InputError.self) { try ConfigSection.load(yaml: "a: 1\na: 2\n", file: "f.yaml") }
        #expect(error?.message.contains("duplicate") == true)
    }
}
