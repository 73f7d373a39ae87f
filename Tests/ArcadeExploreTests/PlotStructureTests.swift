import ArcadeCore
@testable import ArcadeExplore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Every element of an SVG document with its attributes and the text inside it, failing on malformed XML.
final class SVGElements: NSObject, XMLParserDelegate {
    struct Element { var name: String; var attributes: [String: String]; var text = ""; var depth: Int }
    var elements: [Element] = []
    private var open: [Int] = []

    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { throw InputError("SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes, depth: open.count))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func named(_ name: String, class kind: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (kind == nil || $0.attributes["class"] == kind) }
    }

    /// Text of every `<text>` element.
    var texts: [String] { named("text").map(\.text) }
}

@Suite struct PlotStructureTests {
    func layersReport(names: [String]) -> SimulationReport {
        let count = names.count
        let cycles = (0..<count).map { Int64(1000 * ($0 + 1)) }
        let table = ResultTable(name: "layers", columns: [
            ResultColumn("name", .string(names)),
            ResultColumn("cycles", .int(cycles), unit: "cycles"),
            ResultColumn("stall_cycles", .int(cycles.map { $0 / 4 }), unit: "cycles"),
            ResultColumn("compute_utilization", .double((0..<count).map { Double($0) * 3 }), unit: "%"),
            ResultColumn("overall_utilization", .double((0..<count).map { Double($0) * 2 }), unit: "%"),
        ])
        return SimulationReport(family: "systolic", totals: [], tables: [table],
                                attributes: [("architecture_name", .string("arch")), ("workload_name", .string("net"))])
    }

    @Test func runPlotHasOneStackedPairAndOneUtilisationPairPerLayer() throws {
        let names = (1...21).map { "L\($0)_block_conv" }
        let svg = try RunPlots.chart(for: layersReport(names: names)).render()
        let parsed = try SVGElements(svg)
        let panels = parsed.named("g", class: "panel")
        #expect(panels.count == 2)
        let bars = parsed.named("rect", class: "bar")
        #expect(bars.count == 2 * 2 * names.count)
        // The first panel's pairs: compute + stall stacked end to end, summing to the layer's cycles.
        let first = Array(bars[0..<(2 * names.count)])
        for row in names.indices {
            let compute = first[2 * row], stall = first[2 * row + 1]
            #expect(compute.attributes["y"] == stall.attributes["y"])
            let end = Double(compute.attributes["x"]!)! + Double(compute.attributes["width"]!)!
            #expect(abs(end - Double(stall.attributes["x"]!)!) < 0.02)
        }
        #expect(parsed.named("title").contains { $0.text == "L1_block_conv: compute cycles 750" })
        #expect(parsed.named("title").contains { $0.text == "L1_block_conv: stall cycles (waiting on DRAM) 250" })
        #expect(names.allSatisfy { name in parsed.named("text", class: "category").contains { $0.text.hasPrefix(name) } })
        #expect(parsed.texts.contains("cycles"))
        #expect(parsed.texts.contains("utilisation (%)"))
    }

    @Test func familiesWithoutAPlotAreRefused() {
        #expect(throws: InputError.self) { try RunPlots.check(family: "quantum") }
        #expect(throws: InputError.self) {
            try RunPlots.chart(for: SimulationReport(family: "quantum", totals: [], tables: [], attributes: []))
        }
    }

    @Test func plotCompanionPaths() throws {
        #expect(PlotFiles.path("plots/run.svg", suffix: "regret") == "plots/run-regret.svg")
        #expect(PlotFiles.path("run", suffix: "pareto") == "run-pareto.svg")
        #expect(throws: InputError.self) { try PlotFiles.check("a.h5", otherOutputs: ["./a.h5"]) }
    }
}
