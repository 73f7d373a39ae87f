import Foundation
import Testing
@testable import ArcadeCore

@Suite struct ReportRenderingTests {
    let report = SimulationReport(
        family: "test",
        totals: [("cycles", .int(1_234_567)), ("util", .double(12.5))],
        tables: [ResultTable(name: "layers", columns: [
            ResultColumn("name", .string(["a\"b", "c"])),
            ResultColumn("cycles", .int([1000, 2])),
            ResultColumn("ratio", .double([0.25, .nan])),
        ])],
        attributes: [("mode", "native"), ("architecture", "rows: 1\n")])

    @Test func jsonIsValidAndOrdered() throws {
        let text = ReportRendering.json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["cycles"] as? Int == 1_234_567)
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 2)
        #expect(layers[0]["name"] as? String == "a\"b")
        #expect(layers[1]["ratio"] is NSNull)
        // Bulky input texts go to HDF5, not to the terminal.
        #expect((object["attributes"] as? [String: String])?["architecture"] == nil)
        #expect(text.range(of: "\"cycles\": 1234567")!.lowerBound < text.range(of: "\"util\"")!.lowerBound)
    }

    @Test func textTableAlignsAndGroupsThousands() {
        let text = ReportRendering.textTable(report.tables[0])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "name  cycles  ratio")
        #expect(lines[2] == "a\"b    1,000   0.25")
        #expect(lines[3] == "c          2      -")
        #expect(ReportRendering.format(.int(-1_234_567)) == "-1,234,567")
        #expect(ReportRendering.format(.double(99.999)) == "100")
        #expect(ReportRendering.format(.double(8768)) == "8,768")
        #expect(ReportRendering.format(.double(0.001234)) == "0.001234")
    }

    @Test func headersCarryUnitsAndTotalsTheirUnits() {
        let report = SimulationReport(
            family: "test", totals: [("cycles", .int(8768)), ("time_us", .double(8.768)), ("utilization", .double(87.654))],
            tables: [ResultTable(name: "layers", columns: [
                ResultColumn("name", .string(["conv1"])),
                ResultColumn("cycles", .int([8768]), unit: "cycles"),
                ResultColumn("stall_cycles", .int([0]), unit: "cycles"),
                ResultColumn("compute_utilization", .double([87.654]), unit: "%", label: "compute util"),
                ResultColumn("energy_pj", .double([1.5e6]), unit: "pJ", label: "energy"),
            ])],
            attributes: [], totalUnits: ["cycles": "cycles", "time_us": "µs", "utilization": "%"])
        let text = ReportRendering.text(report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == ["                stall   compute     energy",
                          "name   cycles  cycles  util (%)       (pJ)",
                          "-----  ------  ------  --------  ---------",
                          "conv1   8,768       0     87.65  1,500,000",
                          "",
                          "totals",
                          "  cycles       8,768 cycles",
                          "  time_us      8.768 µs",
                          "  utilization  87.65 %",
                          ""])
        #expect(!text.contains(".00"))
    }

    @Test func presentationHintsAreNotData() {
        // A column read back from HDF5 has no label or importance and still equals the one written.
        #expect(ResultColumn("cycles", .int([1]), unit: "cycles", label: "cyc", importance: .detail)
                == ResultColumn("cycles", .int([1]), unit: "cycles"))
        #expect(ResultColumn("macs", .int([1]), unit: "MACs", label: "MACs").header == "MACs")
        #expect(ResultColumn("last_cycle", .int([1]), unit: "cycles").header == "last cycle")
        #expect(ResultColumn("energy_nj", .int([1]), unit: "nJ", label: "energy").header == "energy (nJ)")
        #expect(ResultColumn("ratio", .double([1])).header == "ratio")
    }
}
