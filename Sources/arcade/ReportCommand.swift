import ArcadeCore
import ArcadeExplore
import ArcadeResults
import ArgumentParser
import Foundation

/// `arcade report RESULT.h5 --out report.html`: any result file as one self-contained page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render any Arcade result file (run, sweep, exploration, comparison) as one self-contained HTML page.",
        discussion: """
            The page shows what the file is, its settings and settings groups, the plots that kind of \
            file has (a run: cycles and percentages per layer; a sweep: the first objective against the \
            second or area, coloured by the first categorical knob; an exploration: best-so-far over \
            every evaluation; a comparison: median best-so-far per agent), the totals, and every table \
            with units in its headers (the first \(ResultReportPage.maximumRows) rows of each). Nothing \
            is fetched: CSS and SVG are inline, so the file can be mailed or archived as it is.

            Examples:
              arcade report results/tpu-like-128x128-ws__resnet18.h5 --out results/resnet18.html
              arcade report results/systolic-tiny-sweep.h5
            """)

    @Argument(help: "An Arcade result file (.h5).")
    var result: String

    @Option(help: ArgumentHelp("The HTML file to write (default: the result file with .html).", valueName: "report.html"))
    var out: String?

    func run() throws {
        let outPath = out ?? (result.hasSuffix(".h5") ? String(result.dropLast(3)) : result) + ".html"
        try OutputPath.check(outPath, field: "--out")
        let report: SimulationReport
        let version: Int64
        let software: String
        do {
            report = try ResultFileReader.readVerified(path: result)
            version = try ResultFileReader.formatVersion(path: result, verifyingChecksum: false)
            software = try ResultFileReader.attributes(path: result, verifyingChecksum: false)
                .first { $0.key == "arcade_version" }?.value ?? "unknown"
        } catch let error as ResultFileError {
            throw InputError(file: result, error.message)
        }
        let html = ResultReportPage.html(report, path: result, formatVersion: version, softwareVersion: software)
        let url = URL(fileURLWithPath: outPath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw InputError(field: "--out", "cannot write \(outPath): \(error.localizedDescription)")
        }
        print("report written to \(outPath)")
    }
}
