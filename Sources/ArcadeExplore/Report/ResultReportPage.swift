import ArcadeCore
import Foundation

/// `arcade report RESULT.h5 --out report.html`: any Arcade result file — a simulation run, a
/// sweep, an exploration, a comparison — as one self-contained HTML page (inline CSS and SVG, no
/// scripts or files fetched from anywhere): what the file is, its settings, every table with
/// units in the headers, and the plots that kind of file has (`ResultReportPlots`).
///
/// The page carries a small inline script that, once loaded, counts what it shows and writes it
/// to `<body data-tables=… data-plots=… data-plotted=…>`, so a headless browser's DOM dump tells
/// a test that every table rendered and every SVG has a non-empty box (`data-plotted`).
public enum ResultReportPage {
    /// Rows shown per table; the rest are summarised (the HDF5 file has them all).
    public static let maximumRows = 500

    public static func html(_ report: SimulationReport, path: String, formatVersion: Int64, softwareVersion: String) -> String {
        let kind = ResultReportKind(report)
        var body = "<h1>\(escape(kind.title(report)))</h1>\n"
        body += "<p class=\"meta\">\(escape(path)) · written by Arcade \(escape(softwareVersion)) · result format \(formatVersion)"
        if formatVersion < 2 { body += " (an older file: attributes are text and columns carry no units)" }
        body += "</p>\n"
        body += section("Settings", settingsTable(report))
        for group in report.groups {
            body += section(group.name, group.attributes.isEmpty ? "<p class=\"note\">none</p>\n"
                            : keyValueTable(group.attributes.map { ($0.key, $0.value, $0.unit) }))
        }
        // A run of a family with its own plot (`arcade simulate --plot`) shows that one: bars per
        // layer, channel or FIFO say more than generic per-row lines.
        var plots = ResultReportPlots.charts(for: report, kind: kind).map { $0.render() }
        if kind == .run, let bars = try? RunPlots.chart(for: report) { plots = [bars.render()] }
        if !plots.isEmpty {
            body += "<h2>Plots</h2>\n" + plots.map { "<figure class=\"plot\">\($0)</figure>\n" }.joined()
        }
        if !report.totals.isEmpty {
            body += section("Totals", keyValueTable(report.totals.map { ($0.key, $0.value, report.totalUnits[$0.key] ?? "") }))
        }
        for table in report.tables { body += section("Table \(table.name)", dataTable(table)) }
        for (key, value) in report.attributes where isBulky(value) {
            body += "<details><summary>\(escape(key)) (input text)</summary><pre>\(escape(value.description))</pre></details>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>\(escape(kind.title(report)))</title>
            <style>\(style)</style></head>
            <body>
            \(body)<script>\(checkScript)</script>
            </body></html>

            """
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
        h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
        .meta{color:#666}table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
        th,td{border:1px solid #ddd;padding:3px 8px}th{background:#f4f4f4;text-align:left;vertical-align:bottom}
        td.n{text-align:right}th small{display:block;color:#777;font-weight:normal}
        .scroll{overflow-x:auto}.note{color:#666;font-style:italic}figure.plot{margin:12px 0}
        figure.plot svg{max-width:100%;height:auto}pre{white-space:pre-wrap;background:#f8f8f8;padding:8px}
        """

    /// Counts rendered tables and plots, and plots whose SVG has a non-empty box.
    static let checkScript = """
        window.addEventListener('load',function(){var s=document.querySelectorAll('figure.plot svg');var p=0;
        s.forEach(function(e){var b=e.getBBox();if(b.width>0&&b.height>0)p++;});
        document.body.dataset.tables=document.querySelectorAll('table.data').length;
        document.body.dataset.plots=s.length;document.body.dataset.plotted=p;});
        """

    static func section(_ title: String, _ content: String) -> String {
        "<h2>\(escape(title))</h2>\n" + content
    }

    static func isBulky(_ value: ResultValue) -> Bool {
        if case .string(let text) = value { return text.count > 120 || text.contains("\n") }
        return false
    }

    static func settingsTable(_ report: SimulationReport) -> String {
        keyValueTable([("family", .string(report.family), "")]
                      + report.attributes.filter { !isBulky($0.value) }.map { ($0.key, $0.value, "") })
    }

    static func keyValueTable(_ rows: [(String, ResultValue, String)]) -> String {
        var html = "<table class=\"settings\">\n"
        for (key, value, unit) in rows {
            html += "<tr><th>\(escape(key))</th><td\(isNumber(value) ? " class=\"n\"" : "")>\(escape(ReportRendering.format(value)))"
                + (unit.isEmpty ? "" : " \(escape(unit))") + "</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func dataTable(_ table: ResultTable) -> String {
        let shown = min(table.rowCount, maximumRows)
        var html = "<div class=\"scroll\"><table class=\"data\" data-name=\"\(escape(table.name))\">\n<tr>"
        for column in table.columns {
            html += "<th>\(escape(column.name))" + (column.unit.isEmpty ? "" : "<small>\(escape(column.unit))</small>") + "</th>"
        }
        html += "</tr>\n"
        for row in 0..<shown {
            html += "<tr>" + table.columns.map { column in
                let value = column.values[row]
                return "<td\(isNumber(value) ? " class=\"n\"" : "")>\(escape(ReportRendering.format(value)))</td>"
            }.joined() + "</tr>\n"
        }
        html += "</table></div>\n"
        if shown < table.rowCount {
            html += "<p class=\"note\">showing the first \(shown) of \(ReportRendering.format(.int(Int64(table.rowCount)))) rows; "
                + "the file has them all</p>\n"
        }
        return html
    }

    static func isNumber(_ value: ResultValue) -> Bool {
        switch value {
        case .int, .double: return true
        case .string, .bool: return false
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// What a result file holds, from its `family` and attributes.
public enum ResultReportKind: Equatable, Sendable {
    case run, sweep, exploration, comparison

    public init(_ report: SimulationReport) {
        if report.family == ExplorationResults.exploreFamily { self = .exploration }
        else if report.family == ExplorationResults.compareFamily { self = .comparison }
        else if report.attribute("sweep_hash") != nil { self = .sweep }
        else { self = .run }
    }

    func title(_ report: SimulationReport) -> String {
        switch self {
        case .run:
            return "\(report.family) run: \(report.attribute("architecture_name") ?? "architecture") on \(report.attribute("workload_name") ?? "workload")"
        case .sweep: return "Sweep of \(report.attribute("sweep_space") ?? "a design space") (\(report.family))"
        case .exploration: return "Exploration of \(report.attribute("space_name") ?? "a design space") by \(report.attribute("agent") ?? "an agent")"
        case .comparison: return "Comparison of agents on \(report.attribute("space_name") ?? "a design space")"
        }
    }
}
