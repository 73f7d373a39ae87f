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

@Suite struct ComparisonPlotTests {
    func point(_ index: Int, _ objectives: [Double], feasible: Bool = true) -> EvaluatedPoint {
        EvaluatedPoint(index: index, point: [index], parameters: ["\(index)"], objectives: objectives, feasible: feasible, failure: nil)
    }

    @Test func regretOnAHandMadeCase() {
        // Optimum 4: best-so-far 10, 5, 4.04, 4 → 150%, 25%, 1%, 0%.
        let regrets = [10, 5, 4.04, 4].map { ExplorationPlots.regretPercent($0, optimum: 4) }
        #expect(regrets.map { ($0 * 1e6).rounded() / 1e6 } == [150, 25, 1, 0])
        #expect(ExplorationPlots.regretPercent(.infinity, optimum: 4) == .infinity)
        #expect(ExplorationPlots.regretPercent(-9, optimum: -10) == 10)   // negative optimum: |optimum|
        #expect(ExplorationPlots.regretFloor(regrets) == 0.01)
        #expect(ExplorationPlots.regretFloor([0, 0.003]) == 0.001)
        #expect(ExplorationPlots.regretFloor([0, 0.01]) == 0.001)   // a real 0.01% is never drawn at the floor
    }

    @Test func hypervolumeOverEvaluationsOfAHandComputedFront() {
        // Log10 space: front (0,2) (1,1) (2,0); reference point (2.2, 2.2); volume 0.44 + 1.2 + 0.2 = 1.84.
        let front: [[Double]] = [[1, 100], [10, 10], [100, 1]]
        let evaluations = [point(0, [.nan, .nan], feasible: false), point(1, [10, 10]), point(2, [1, 100]), point(3, [100, 1])]
        let curve = ExplorationPlots.hypervolumeCurve(evaluations, counts: [1, 2, 3, 4], referenceFront: front)
        let expected = [0, 1.44 / 1.84 * 100, 1.64 / 1.84 * 100, 100]
        #expect(zip(curve, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(curve)")
    }

    @Test func regretAndConvergencePlotsHaveOneSeriesPerAgentAndUnits() throws {
        let agents = ["random", "grid", "sa", "ga", "aco", "tpe"]
        var result = try Comparison.run(evaluator: bowlEvaluator(), options: ComparisonOptions(agents: agents, seeds: [1, 2],
                                                                                             budget: 30, exhaustive: true))
        result.layout.objectives[0].unit = "cycles"
        let regret = try #require(ExplorationPlots.regret(result, spaceName: "bowl"))
        #expect(regret.logY && regret.series.count == agents.count)
        #expect(regret.caption?.contains("0 is drawn at 0.01%") == true)
        #expect(regret.caption?.contains("exact optimum") == true)
        let parsedRegret = try SVGElements(regret.render())
        #expect(parsedRegret.named("path", class: "series").count == agents.count)
        #expect(parsedRegret.named("polygon", class: "band").isEmpty)   // six agents: medians only
        // The median regret of every agent ends at the floor or above, never below it.
        #expect(regret.series.allSatisfy { $0.y.allSatisfy { $0 >= 0.01 } })

        let files = ExplorationPlots.files(result, spaceName: "bowl")
        #expect(files.map(\.suffix) == [nil, "regret"])
        let main = try SVGElements(files[0].svg)
        #expect(main.named("svg", class: "panel").count == agents.count)
        #expect(main.named("polygon", class: "band").count == agents.count)   // one band per panel
        #expect(main.texts.contains { $0.hasPrefix("best cost (cycles)") })
    }

    @Test func multiObjectiveComparisonsGetParetoAndHypervolumePlots() throws {
        let result = try Comparison.run(evaluator: tradeoffEvaluator(), options: ComparisonOptions(agents: ["random", "grid"], seeds: [1, 2],
                                                                                                 budget: 20, exhaustive: true))
        let files = ExplorationPlots.files(result, spaceName: "tradeoff")
        #expect(files.map(\.suffix) == [nil, "pareto", "regret", "hypervolume"])
        let hypervolume = try #require(ExplorationPlots.hypervolume(result, spaceName: "tradeoff"))
        #expect(hypervolume.series.count == 2)
        #expect(hypervolume.series.allSatisfy { ($0.y.last ?? 0) <= 100 + 1e-9 && zip($0.y, $0.y.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 } })
        // The final median matches the comparison table's hypervolume ratio.
        for (series, agent) in zip(hypervolume.series, result.agents) {
            #expect(abs(series.y.last! - agent.hypervolumeRatio!.median * 100) < 1e-6)
        }
        _ = try SVGElements(files[3].svg)
    }
}

@Suite struct SweepPlotTests {
    /// Knob `size` (numeric) decides the objective; `shape` (text) barely; `noise` (numeric) not at all.
    func sweep(objectives: Int) -> (records: [SweepRecord], layout: PointTableLayout) {
        let sizes = ["1", "2", "4", "8"], shapes = ["a", "b"], noise = ["10", "20", "30"]
        var records: [SweepRecord] = []
        for (i, size) in sizes.enumerated() { for (j, shape) in shapes.enumerated() { for (k, n) in noise.enumerated() {
            let value = 100 / Double(size)! * (1 + 0.5 * Double(j))
            records.append(SweepRecord(rank: records.count, parameters: [size, shape, n],
                                       objectives: objectives == 1 ? [value] : [value, Double(size)! * 3 + Double(k)],
                                       feasible: !(i == 0 && j == 0 && k == 0), failure: ""))
        } } }
        let layout = PointTableLayout(
            parameters: [.init(name: "size", kind: .integer, values: sizes), .init(name: "shape", kind: .text, values: shapes),
                         .init(name: "noise", kind: .integer, values: noise)],
            objectives: [.init(name: "latency", unit: "ns"), .init(name: "area", unit: "mm2")].prefix(objectives).map { $0 },
            metrics: [])
        return (records, layout)
    }

    @Test func oneObjectiveScatterUsesTheMostInfluentialKnobAndUnits() throws {
        let (records, layout) = sweep(objectives: 1)
        #expect(SweepPlots.knobsByInfluence(SweepPlots.feasible(records), layout: layout) == [0, 1, 2])
        let chart = SweepPlots.scatter(records: records, layout: layout, spaceName: "toy")
        #expect(chart.xLabel == "size" && chart.yLabel == "latency (ns)")
        #expect(chart.series.map(\.name) == ["shape = a", "shape = b"])   // coloured by the next knob
        #expect(chart.series.map(\.x.count).reduce(0, +) == records.count - 1)   // the failed point is left out
        let parsed = try SVGElements(chart.render())
        #expect(parsed.named("circle").count == records.count - 1 + 2)   // points + legend swatches
    }

    @Test func twoObjectiveScatterDrawsTheParetoFront() throws {
        let (records, layout) = sweep(objectives: 2)
        let chart = SweepPlots.scatter(records: records, layout: layout, spaceName: "toy")
        #expect(chart.xLabel == "latency (ns)" && chart.yLabel == "area (mm2)")
        let front = try #require(chart.series.last)
        #expect(front.name.hasPrefix("Pareto front"))
        // One point per size at noise 10, shape a; size 1 (whose such point failed) has two.
        #expect(front.x.count == 5)
        _ = try SVGElements(chart.render())
    }

    /// A third objective gets its own scatter against the first (`FILE-<objective>.svg`).
    @Test func everyFurtherObjectiveIsPlottedAgainstTheFirst() throws {
        var (records, layout) = sweep(objectives: 2)
        layout.objectives.append(.init(name: "power", unit: "W"))
        records = records.map { var record = $0; record.objectives.append(record.objectives[0] * 2); return record }
        let files = SweepPlots.files(records: records, layout: layout, spaceName: "toy")
        #expect(files.map(\.suffix) == [nil, "parallel", "power"])
        #expect(SweepPlots.companions(objectives: ["latency", "area", "power"]) == ["parallel", "power"])
        let chart = SweepPlots.scatter(records: records, layout: layout, spaceName: "toy", yObjective: 2)
        #expect(chart.xLabel == "latency (ns)" && chart.yLabel == "power (W)")
        _ = try SVGElements(files[2].svg)
    }

    @Test func parallelCoordinatesShowTheBestPointsOnEveryAxis() throws {
        let (records, layout) = sweep(objectives: 1)
        let chart = SweepPlots.parallel(records: records, layout: layout, spaceName: "toy")
        #expect(chart.axes.map(\.label) == ["size", "shape", "noise", "latency (ns)"])
        #expect(chart.scores.count == 5)   // 10% of 23, at least 5
        let parsed = try SVGElements(chart.render())
        #expect(parsed.named("polyline", class: "line").count == 5)
        #expect(parsed.named("line", class: "axis").count == 4)
        let pareto = SweepPlots.parallel(records: sweep(objectives: 2).records, layout: sweep(objectives: 2).layout, spaceName: "toy")
        #expect(pareto.title.contains("Pareto set"))
    }
}
