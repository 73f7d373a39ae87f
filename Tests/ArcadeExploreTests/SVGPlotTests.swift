@testable import ArcadeExplore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Counts elements (and `class` attributes) of an SVG document, failing on malformed XML.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var elements: [String: Int] = [:]
    var classes: [String: Int] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if let kind = attributes["class"] { classes[kind, default: 0] += 1 }
    }
}

private func parse(_ svg: String) throws -> ElementCounter {
    let counter = ElementCounter()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = counter
    #expect(parser.parse(), "SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
    return counter
}

@Suite struct SVGPlotTests {
    private func comparison(_ evaluator: SyntheticEvaluator, agents: [String], budget: Int) throws -> ComparisonSummary {
        try Comparison.run(evaluator: evaluator, options: ComparisonOptions(agents: agents, seeds: [1, 2, 3],
                                                                           budget: budget, exhaustive: true))
    }

    @Test func convergencePlotIsWellFormedWithOnePathPerAgent() throws {
        let agents = ["random", "grid", "sa"].filter { (try? AgentRegistry.agent(named: $0)) != nil }
        let result = try comparison(bowlEvaluator(), agents: agents, budget: 40)
        let chart = ExplorationPlots.convergence(result, spaceName: "bowl & co")
        let counts = try parse(chart.render())
        #expect(counts.elements["path"] == agents.count)
        #expect(counts.classes["series"] == agents.count)
        #expect(counts.classes["band"] == agents.count)
        #expect(counts.classes["reference"] == 1)
        #expect(counts.elements["svg"] == 1)
        #expect(chart.render().contains("bowl &amp; co"))
        #expect(chart.logY)
    }

    @Test func paretoPlotHasTheFrontAndEachAgentsPoints() throws {
        let result = try comparison(tradeoffEvaluator(), agents: ["random"], budget: 30)
        let chart = try #require(ExplorationPlots.paretoFront(result, spaceName: "tradeoff"))
        #expect(chart.logX && chart.logY)
        #expect(chart.series.map(\.name) == ["exact front", "random"])
        #expect(chart.series[0].x.count == 12)
        let counts = try parse(chart.render())
        #expect(counts.classes["series"] == 1)
        #expect((counts.elements["circle"] ?? 0) >= 12 + 1)
        let single = try comparison(bowlEvaluator(), agents: ["random"], budget: 5)
        #expect(ExplorationPlots.paretoFront(single, spaceName: "bowl") == nil)
    }

    @Test func leadingInfeasibleValuesDrawNoLine() throws {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: true)
        chart.series.append(.init(name: "a", x: [1, 2, 3], y: [.infinity, 10, 5], lower: [.infinity, 8, 4], upper: [.infinity, 12, 6]))
        let svg = chart.render()
        _ = try parse(svg)
        #expect(!svg.contains("inf") && !svg.contains("nan"))
    }

    @Test func ticks() {
        #expect(SVGChart.tickLabel(1500) == "1.5k")
        #expect(SVGChart.tickLabel(2_000_000) == "2M")
        #expect(SVGChart.tickLabel(0.25) == "0.25")
        #expect(SVGChart.tickLabel(100) == "100")
        #expect(SVGChart.tickLabel(0) == "0")
        let decades = SVGAxis(values: [1, 1000], logarithmic: true).ticks
        #expect([1.0, 10, 100, 1000].allSatisfy { decades.contains($0) })
        let linear = SVGAxis(values: [0, 100], logarithmic: false).ticks
        #expect(linear.contains(0) && linear.contains(100) && linear.count >= 5)
        // Less than a decade on a log axis still gets several readable ticks.
        #expect(SVGAxis(values: [2e6, 5e6], logarithmic: true).ticks.count >= 3)
        // A log axis over non-positive values falls back to linear instead of dropping data.
        #expect(!SVGAxis(values: [-1, 5], logarithmic: true).logarithmic)
    }
}
