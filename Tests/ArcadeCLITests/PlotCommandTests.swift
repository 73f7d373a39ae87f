import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Element names with their `class` attributes and the text of `<text>` elements of an SVG file.
private final class SVGOutline: NSObject, XMLParserDelegate {
    var classes: [String: Int] = [:]
    var elements: [String: Int] = [:]
    var texts: [String] = []
    private var inText = false

    init(file: String) throws {
        super.init()
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: file)))
        parser.delegate = self
        #expect(parser.parse(), "\(file) is not well-formed XML")
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if let kind = attributes["class"] { classes[kind, default: 0] += 1 }
        if name == "text" { inText = true; texts.append("") }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }
}

@Suite struct PlotCommandTests {
    @Test func simulatePlotsOneBarPairPerLayer() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plot = directory.appendingPathComponent("resnet.svg").path
        let result = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/conv/resnet18.csv",
                                        "--no-out", "--plot", plot])
        #expect(result.status == 0, "\(result.stderr)")
        let outline = try SVGOutline(file: plot)
        let layers = 21
        #expect(outline.classes["bar"] == 2 * 2 * layers)   // compute + stall, compute + overall utilisation
        #expect(outline.classes["category"] == layers)
        #expect(outline.texts.contains("cycles") && outline.texts.contains("utilisation (%)"))
    }

    @Test func simulatePlotRefusesToOverwriteTheResultFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("run.h5").path
        let result = try CLIRunner.run(["simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/gemm/bert_base_layer.csv",
                                        "--out", out, "--plot", out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--plot"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func explorePlotsBestSoFarOverEveryEvaluation() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plot = directory.appendingPathComponent("explore.svg").path
        let result = try CLIRunner.run(["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "random", "--budget", "12",
                                        "--no-out", "--plot", plot])
        #expect(result.status == 0, "\(result.stderr)")
        let outline = try SVGOutline(file: plot)
        #expect(outline.classes["series"] == 1)
        #expect((outline.elements["circle"] ?? 0) >= 12)   // the evaluated points (all feasible) + legend
        #expect(outline.texts.contains { $0.hasPrefix("cycles") })
    }

    @Test func sweepPlotsAScatterAndParallelCoordinates() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("tiny.h5").path
        let plot = directory.appendingPathComponent("sweep.svg").path
        let result = try CLIRunner.run(["sweep", "Workloads/spaces/systolic-tiny.yaml", "--out", out, "--jobs", "1", "--plot", plot])
        #expect(result.status == 0, "\(result.stderr)")
        let scatter = try SVGOutline(file: plot)
        #expect(scatter.texts.contains { $0.hasPrefix("cycles") })
        let parallel = try SVGOutline(file: directory.appendingPathComponent("sweep-parallel.svg").path)
        #expect((parallel.classes["line"] ?? 0) >= 5)
        #expect(parallel.classes["axis"] == 5)   // four knobs and the objective
    }

    @Test func comparePlotsOneSeriesPerAgentAndARegretView() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plot = directory.appendingPathComponent("cmp.svg").path
        let result = try CLIRunner.run(["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "random,sa", "--budget", "15",
                                        "--seeds", "2", "--exhaustive", "--no-out", "--plot", plot])
        #expect(result.status == 0, "\(result.stderr)")
        let main = try SVGOutline(file: plot)
        #expect(main.classes["series"] == 2)
        #expect(main.texts.contains { $0.hasPrefix("best cycles") })
        let regret = try SVGOutline(file: directory.appendingPathComponent("cmp-regret.svg").path)
        #expect(regret.classes["series"] == 2)
        #expect(regret.texts.contains { $0.hasPrefix("regret (% above optimum)") })
        #expect(regret.texts.contains { $0.contains("floor") })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("cmp-hypervolume.svg").path))
    }

    @Test(arguments: [
        ["explore", "Workloads/spaces/systolic-tiny.yaml", "--agent", "random", "--budget", "5", "--out", "PLOT"],
        ["sweep", "Workloads/spaces/systolic-tiny.yaml", "--out", "PLOT"],
        ["compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "random", "--budget", "5", "--out", "PLOT"],
    ])
    func aPlotNeverOverwritesTheResultFile(arguments: [String]) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let path = directory.appendingPathComponent("same.svg").path
        let result = try CLIRunner.run(arguments.map { $0 == "PLOT" ? path : $0 } + ["--plot", path])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("--plot"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
