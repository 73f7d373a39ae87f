import Testing
@testable import ArcadeCore

@Suite struct TextTableTests {
    static let full: Int? = nil

    func column(_ header: String, _ cells: [String], detail: Bool = false, right: Bool = true) -> TextTable.Column {
        TextTable.Column(header: header, cells: cells, rightAligned: right, importance: detail ? .detail : .summary)
    }

    @Test func longHeadersWrapOntoTwoLines() {
        #expect(TextTable.wrapHeader("cycles", within: 6) == ["cycles"])
        #expect(TextTable.wrapHeader("compute util (%)", within: 5) == ["compute", "util (%)"])
        #expect(TextTable.wrapHeader("DRAM rd ifmap (words)", within: 9) == ["DRAM rd", "ifmap (words)"])
        // One word cannot wrap.
        #expect(TextTable.wrapHeader("instances", within: 1) == ["instances"])
    }

    @Test func detailColumnsGoFirstWhenTooWide() {
        let cells = ["1,000,000,000"]
        let table = TextTable(columns: [column("name", ["conv1"], right: false)]
            + (0..<6).map { column("summary \($0)", cells) }
            + (0..<6).map { column("detail \($0)", cells, detail: true) })
        let fitted = table.render(width: 60)
        let lines = fitted.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(fitted)")
        #expect(!fitted.contains("detail"))
        #expect(fitted.contains("summary 0") && fitted.contains("summary 2"))
        #expect(lines.last == "9 more columns: --wide to show all, or the HDF5 file")
        let wide = table.render(width: Self.full)
        #expect(wide.contains("detail 5") && wide.contains("summary 5") && !wide.contains("more column"))
        // Everything fits: nothing is left out, no footer.
        #expect(!TextTable(columns: [column("a", ["1"], detail: true)]).render(width: 120).contains("more"))
    }

    @Test func longTextCellsAreShortenedUnlessWide() {
        let name = String(repeating: "x", count: 50)
        let table = TextTable(columns: [column("name", [name], right: false), column("cycles", ["1"])])
        #expect(table.render(width: 120).contains(String(repeating: "x", count: 31) + "…"))
        #expect(table.render(width: Self.full).contains(name))
    }

    @Test func packingFillsLinesAndBreaksLongItems() {
        #expect(TextTable.pack(["a: 1", "b: 2", "c: 3"], width: 11) == ["a: 1   b: 2", "c: 3"])
        #expect(TextTable.pack(["a: 1", "b: 2"], width: Self.full) == ["a: 1   b: 2"])
        let long = "definition: " + Array(repeating: "word", count: 10).joined(separator: " ")
        let lines = TextTable.pack([long, "next: 1"], width: 20)
        #expect(lines.allSatisfy { $0.count <= 20 }, "\(lines)")
        #expect(lines.first == "definition: word")
        #expect(lines.last == "next: 1")
        // A word longer than a line is cut hard rather than looping.
        #expect(TextTable.pack([String(repeating: "y", count: 25)], width: 10).allSatisfy { $0.count <= 10 })
    }
}
