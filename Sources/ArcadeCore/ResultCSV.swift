import Foundation

/// Result tables as plain CSV files (`arcade simulate --csv DIR`, `arcade sweep --csv DIR`), for
/// spreadsheets and scripts that do not read HDF5. The same tables the HDF5 writer stores, so the
/// header is exactly the HDF5 column names.
///
/// Cells: integers in decimal; floats as Swift's `description` (the shortest text that reads back
/// as the same Double: `0.1`, `1e-05`, `inf`, `nan`); booleans `true`/`false`; strings as they are,
/// quoted RFC 4180-style (in `"`, inner `"` doubled) only when they hold a comma, a quote or a line
/// break. Lines end in `\n`.
public enum ResultCSV {
    /// The table as CSV text: a header of column names, then one line per row.
    public static func text(_ table: ResultTable) -> String {
        var text = line(table.columns.map(\.name))
        for row in 0..<table.rowCount { text += line(table.columns.map { cell($0.values[row]) }) }
        return text
    }

    /// The report's totals as a `name,value,unit` table, in report order ("" when a total has no unit).
    public static func totalsText(_ report: SimulationReport) -> String {
        var text = line(["name", "value", "unit"])
        for total in report.totals {
            text += line([total.key, cell(total.value), report.totalUnits[total.key] ?? ""])
        }
        return text
    }

    /// The files for `report` (`OutputFolder.write` them): `<table>.csv` per table, then `totals.csv`.
    public static func files(_ report: SimulationReport) -> [(name: String, contents: String)] {
        report.tables.map { ("\($0.name).csv", text($0)) } + [("totals.csv", totalsText(report))]
    }

    /// One cell's text (strings unquoted; `line` quotes).
    public static func cell(_ value: ResultValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .double(let number): return number.description
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return text
        }
    }

    /// `text` quoted when RFC 4180 requires it: it holds a comma, a double quote, CR or LF.
    public static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func line(_ cells: [String]) -> String { cells.map(quoted).joined(separator: ",") + "\n" }
}
