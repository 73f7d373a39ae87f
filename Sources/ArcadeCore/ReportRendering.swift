/// Renders a `SimulationReport` for people (aligned text tables) and programs (one JSON document).
/// Lives in the library so every front end (CLI, sweeps, the Python bridge) prints the same thing.
public enum ReportRendering {
    /// The attributes every family stores whole input texts in (too long for a terminal or a JSON
    /// summary; they go to HDF5 only). A family adds its own through `HardwareModel.inputTextAttributes`.
    public static let inputTextAttributes: Set<String> = ["architecture", "workload"]

    // MARK: JSON

    /// `{"family": …, "attributes": {…}, "totals": {…}, "<table>": [{…}, …], "units": {"totals": {…},
    /// "<table>": {…}}}` with keys in report order; attributes in `bulkyAttributes` are left out;
    /// `units` names the unit of every total and column that has one.
    public static func json(_ report: SimulationReport, hiding bulkyAttributes: Set<String> = inputTextAttributes) -> String {
        var out = "{\n  \"family\": \(jsonString(report.family)),\n"
        let attributes = report.attributes.filter { !bulkyAttributes.contains($0.key) }
        out += "  \"attributes\": {" + attributes.map { "\(jsonString($0.key)): \(jsonValue($0.value))" }
            .joined(separator: ", ") + "},\n"
        out += "  \"totals\": {" + report.totals.map { "\(jsonString($0.key)): \(jsonValue($0.value))" }
            .joined(separator: ", ") + "}"
        for table in report.tables {
            out += ",\n  \(jsonString(table.name)): [\n"
            out += (0..<table.rowCount).map { row in
                "    {" + table.columns.map { "\(jsonString($0.name)): \(jsonValue($0.values[row]))" }
                    .joined(separator: ", ") + "}"
            }.joined(separator: ",\n")
            out += "\n  ]"
        }
        var units = [("totals", report.totals.compactMap { total in
            report.totalUnits[total.key].flatMap { $0.isEmpty ? nil : "\(jsonString(total.key)): \(jsonString($0))" }
        })]
        units += report.tables.map { table in
            (table.name, table.columns.filter { !$0.unit.isEmpty }.map { "\(jsonString($0.name)): \(jsonString($0.unit))" })
        }
        out += ",\n  \"units\": {" + units.map { "\(jsonString($0.0)): {" + $0.1.joined(separator: ", ") + "}" }
            .joined(separator: ", ") + "}"
        return out + "\n}"
    }

    public static func jsonValue(_ value: ResultValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? String(number) : "null"
        case .string(let text): return jsonString(text)
        case .bool(let flag): return flag ? "true" : "false"
        }
    }

    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: Text

    /// Every table as aligned columns (numbers right-aligned, with thousands separators),
    /// then the totals as `key  value` lines.
    public static func text(_ report: SimulationReport, hiding bulkyAttributes: Set<String> = inputTextAttributes) -> String {
        var out = ""
        let attributes = report.attributes.filter { !bulkyAttributes.contains($0.key) }
        out += attributes.map { "\($0.key): \($0.value)" }.joined(separator: "   ") + "\n\n"
        for table in report.tables {
            out += textTable(table) + "\n"
        }
        let width = report.totals.map(\.key.count).max() ?? 0
        out += "totals\n"
        for (key, value) in report.totals {
            out += "  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + format(value) + "\n"
        }
        return out
    }

    public static func textTable(_ table: ResultTable) -> String {
        let headers = table.columns.map(\.name)
        var cells: [[String]] = (0..<table.rowCount).map { row in table.columns.map { format($0.values[row]) } }
        cells.insert(headers, at: 0)
        let widths = headers.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        let rightAligned = table.columns.map { if case .string = $0.values { return false } else { return true } }
        var lines: [String] = []
        for (index, row) in cells.enumerated() {
            let line = row.indices.map { column -> String in
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned[column] ? pad + cell : cell + pad
            }.joined(separator: "  ")
            lines.append(line)
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Integers with thousands separators; doubles with 2 decimals (4 significant digits when small).
    public static func format(_ value: ResultValue) -> String {
        switch value {
        case .int(let number): return grouped(number)
        case .double(let number):
            guard number.isFinite else { return "-" }
            return fixed(number, decimals: abs(number) >= 0.01 || number == 0 ? 2 : 6)
        case .string(let text): return text
        case .bool(let flag): return flag ? "yes" : "no"
        }
    }

    static func grouped(_ number: Int64) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return number < 0 ? "-" + out : out
    }

    static func fixed(_ number: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(number) * scale).rounded()
        let whole = Int64(rounded / scale)
        let fraction = Int64(rounded - Double(whole) * scale)
        var fractionText = String(fraction)
        fractionText = String(repeating: "0", count: max(0, decimals - fractionText.count)) + fractionText
        return (number < 0 ? "-" : "") + grouped(whole) + "." + fractionText
    }
}
