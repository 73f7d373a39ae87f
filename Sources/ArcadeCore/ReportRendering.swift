/// Renders a `SimulationReport` for people (aligned text tables) and programs (one JSON document).
/// Lives in the library so every front end (CLI, sweeps, the Python bridge) prints the same thing.
public enum ReportRendering {
    /// The attributes every family stores whole input texts in (too long for a terminal or a JSON
    /// summary; they go to HDF5 only). A family adds its own through `HardwareModel.inputTextAttributes`.
    public static let inputTextAttributes: Set<String> = ["architecture", "workload"]

    // MARK: JSON

    /// `{"family": …, "deadlock": false, "attributes": {…}, "totals": {…}, "<table>": [{…}, …],
    /// "<section>": {"<name>": {…}}, "units": {"totals": {…}, "<table>": {…}}}` with keys in report order;
    /// groups named `section.name` (the PIM family's `baselines.no_pim`) become nested objects, other
    /// groups (settings such as DRAM timing) stay out of the JSON; attributes in
    /// `bulkyAttributes` are left out; `units` names the unit of every total and column that has
    /// one. `deadlock` is false in every report: a chip that deadlocks produces no report, and
    /// `arcade simulate --json` prints `{"deadlock": {…}}` naming the blocked components instead.
    public static func json(_ report: SimulationReport, hiding bulkyAttributes: Set<String> = inputTextAttributes) -> String {
        var out = "{\n  \"family\": \(jsonString(report.family)),\n  \"deadlock\": false,\n"
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
        var sections: [(name: String, entries: [String])] = []
        for group in report.groups {
            guard let dot = group.name.firstIndex(of: ".") else { continue }
            let section = String(group.name[..<dot]), name = String(group.name[group.name.index(after: dot)...])
            let entry = "\(jsonString(name)): {" + group.attributes.map { "\(jsonString($0.key)): \(jsonValue($0.value))" }
                .joined(separator: ", ") + "}"
            if let index = sections.firstIndex(where: { $0.name == section }) {
                sections[index].entries.append(entry)
            } else {
                sections.append((section, [entry]))
            }
        }
        for section in sections {
            out += ",\n  \(jsonString(section.name)): {\n    " + section.entries.joined(separator: ",\n    ") + "\n  }"
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
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendJSONString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string literal appended to UTF-8 `out`: bytes as they are, but for `"`, `\\`
    /// and control characters (byte by byte: appending unicode scalars to a String cost a third of an
    /// `arcade serve` response, callgrind).
    public static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: Text

    /// The attributes (packed into lines), every table as aligned columns with units in the
    /// headers (`TextTable`: fitted to `width` unless nil, the family's `.detail` columns left out
    /// first), then the totals as `key  value unit` lines. Numbers as `NumberText` writes them.
    public static func text(_ report: SimulationReport, hiding bulkyAttributes: Set<String> = inputTextAttributes,
                            width: Int? = TextTable.defaultWidth) -> String {
        var out = ""
        let attributes = report.attributes.filter { !bulkyAttributes.contains($0.key) }
        if !attributes.isEmpty {
            // Numbers as everywhere else in the text (4 significant digits, thousands separated):
            // `dynamic_logic_power_w: 8.372`, not `8.371612799999998`; the JSON and HDF5 keep the full value.
            func shown(_ value: ResultValue) -> String {
                switch value {
                case .double(let number): return NumberText.real(number)
                case .int(let number): return NumberText.integer(Int(number))
                default: return value.description
                }
            }
            out += TextTable.pack(attributes.map { "\($0.key): \(shown($0.value))" }, width: width).joined(separator: "\n") + "\n\n"
        }
        for table in report.tables {
            out += textTable(table, width: width) + "\n"
        }
        out += "totals\n"
        let keyWidth = report.totals.map(\.key.count).max() ?? 0
        let values = report.totals.map { format($0.value) }
        let valueWidth = values.map(\.count).max() ?? 0
        for (total, value) in zip(report.totals, values) {
            let unit = report.totalUnits[total.key] ?? ""
            out += "  " + total.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: valueWidth - value.count) + NumberText.withUnit(value, unit) + "\n"
        }
        return out
    }

    /// One table, headers with units, numbers right-aligned; `width` as in `text`.
    public static func textTable(_ table: ResultTable, width: Int? = TextTable.defaultWidth) -> String {
        TextTable(columns: table.columns.map { column in
            let isText = if case .string = column.values { true } else { false }
            return TextTable.Column(header: column.header, cells: (0..<table.rowCount).map { format(column.values[$0]) },
                                    rightAligned: !isText, importance: column.importance)
        }).render(width: width)
    }

    /// A value as `NumberText` writes it: `1,234,567`, `87.65`, `8,768`, `1e-9`, `-` for NaN.
    public static func format(_ value: ResultValue) -> String { NumberText.value(value) }
}
