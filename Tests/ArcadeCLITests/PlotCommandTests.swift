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
}
