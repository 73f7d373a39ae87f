import Testing
import ArcadeCore

struct ResultCSVTests {
    @Test func headerIsTheColumnNamesAndCellsAreTyped() {
        let table = ResultTable(name: "layers", columns: [
            ResultColumn("name", .string(["plain", "a,b", "say \"hi\"", "two\nlines"])),
            ResultColumn("cycles", .int([1, -2, 3_000_000_000, 0]), unit: "cycles"),
            ResultColumn("util", .double([0.1, 1e-05, 100.0, .infinity]), unit: "%"),
            ResultColumn("feasible", .bool([true, false, true, false])),
        ])
        let lines = ResultCSV.text(table).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "name,cycles,util,feasible")
        #expect(lines[1] == "plain,1,0.1,true")
        #expect(lines[2] == "\"a,b\",-2,1e-05,false")
        #expect(lines[3] == "\"say \"\"hi\"\"\",3000000000,100.0,true")
        // A quoted line break stays inside its cell (RFC 4180), so the row spans two text lines.
        #expect(lines[4] == "\"two" && lines[5] == "lines\",0,inf,false")
        #expect(lines.count == 7 && lines[6] == "")
    }

    @Test func floatsReadBackExactly() {
        let values = [0.1 + 0.2, 1.0 / 3, .leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 123456789.125]
        let text = ResultCSV.text(ResultTable(name: "t", columns: [ResultColumn("x", .double(values))]))
        let cells = text.split(separator: "\n").dropFirst().map { Double(String($0))! }
        #expect(cells.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func totalsAreNameValueUnit() {
        let report = SimulationReport(family: "test", totals: [("cycles", .int(42)), ("time_us", .double(0.5)),
                                                               ("label", .string("x,y")), ("ok", .bool(true))],
                                      tables: [], attributes: [], totalUnits: ["cycles": "cycles", "time_us": "µs"])
        #expect(ResultCSV.totalsText(report) == "name,value,unit\ncycles,42,cycles\ntime_us,0.5,µs\nlabel,\"x,y\",\nok,true,\n")
        #expect(ResultCSV.files(report).map(\.name) == ["totals.csv"])
    }
}
