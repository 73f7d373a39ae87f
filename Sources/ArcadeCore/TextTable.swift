/// Aligned text columns for a terminal, fitted to a width: what `simulate`'s per-layer table and
/// `compare`'s agent table are printed with.
///
/// Headers longer than their column's values wrap onto two lines (at a space, the split that keeps
/// the column narrowest). When the table is wider than `width`, `.detail` columns are left out
/// from the right, then, if it still does not fit, summary columns from the right (never the
/// first), and a footer says how many: `12 more columns: --wide to show all, or the HDF5 file`.
/// `width: nil` shows every column and every cell in full.
public struct TextTable: Sendable {
    public struct Column: Sendable {
        public var header: String
        public var cells: [String]
        public var rightAligned: Bool
        public var importance: ResultColumn.Importance

        public init(header: String, cells: [String], rightAligned: Bool, importance: ResultColumn.Importance = .summary) {
            self.header = header
            self.cells = cells
            self.rightAligned = rightAligned
            self.importance = importance
        }
    }

    /// What terminal output fits by default.
    public static let defaultWidth = 120
    /// Text cells longer than this are shortened with "…" in a width-limited table.
    public static let maximumTextCell = 32

    public var columns: [Column]
    /// Where the left-out columns are to be seen (the footer's second half).
    public var hiddenColumnsHint: String

    public init(columns: [Column], hiddenColumnsHint: String = "--wide to show all, or the HDF5 file") {
        precondition(Set(columns.map(\.cells.count)).count <= 1, "ragged text table")
        self.columns = columns
        self.hiddenColumnsHint = hiddenColumnsHint
    }

    public func render(width: Int?) -> String {
        guard !columns.isEmpty else { return "" }
        var columns = self.columns
        if width != nil {
            for index in columns.indices where !columns[index].rightAligned {
                columns[index].cells = columns[index].cells.map { Self.shorten($0, to: Self.maximumTextCell) }
            }
        }
        let headers = columns.map { column in
            Self.wrapHeader(column.header, within: column.cells.map(\.count).max() ?? 0)
        }
        let widths = columns.indices.map { index in
            max(columns[index].cells.map(\.count).max() ?? 0, headers[index].map(\.count).max() ?? 0)
        }
        var visible = Array(columns.indices)
        if let width {
            func total() -> Int { visible.map { widths[$0] }.reduce(0, +) + 2 * (visible.count - 1) }
            while total() > width, let drop = visible.dropFirst().last(where: { columns[$0].importance == .detail }) {
                visible.removeAll { $0 == drop }
            }
            while total() > width, visible.count > 1 { visible.removeLast() }
        }
        func line(_ cell: (Int) -> String) -> String {
            let text = visible.map { index -> String in
                let value = cell(index)
                let pad = String(repeating: " ", count: max(0, widths[index] - value.count))
                return columns[index].rightAligned ? pad + value : value + pad
            }.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        var lines: [String] = []
        if visible.contains(where: { headers[$0].count > 1 }) {
            lines.append(line { headers[$0].count > 1 ? headers[$0][0] : "" })
        }
        lines.append(line { headers[$0].last ?? "" })
        lines.append(visible.map { String(repeating: "-", count: widths[$0]) }.joined(separator: "  "))
        for row in 0..<(columns.first?.cells.count ?? 0) {
            lines.append(line { columns[$0].cells[row] })
        }
        let hidden = columns.count - visible.count
        if hidden > 0 {
            lines.append("\(hidden) more column\(hidden == 1 ? "" : "s"): \(hiddenColumnsHint)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `header` on one line when it fits `width` (the values' width), else on the two lines split
    /// at the space that makes the wider of them narrowest, when that is narrower than one line.
    public static func wrapHeader(_ header: String, within width: Int) -> [String] {
        guard header.count > width else { return [header] }
        let words = header.split(separator: " ").map(String.init)
        var best = [header]
        var bestWidth = header.count
        for split in words.indices.dropFirst() {
            let first = words[..<split].joined(separator: " ")
            let second = words[split...].joined(separator: " ")
            let wider = max(first.count, second.count)
            if wider < bestWidth { (best, bestWidth) = ([first, second], wider) }
        }
        return best
    }

    /// `items` joined by `separator` into lines of at most `width` characters (one line when
    /// `width` is nil); an item longer than a line is broken at spaces, continued after `indent`.
    public static func pack(_ items: [String], separator: String = "   ", width: Int?, indent: String = "    ") -> [String] {
        guard let width else { return [items.joined(separator: separator)] }
        var lines: [String] = []
        var current = ""
        var broken = false
        for item in items {
            if current.isEmpty {
                current = item
            } else if current.count + separator.count + item.count <= width {
                current += separator + item
            } else {
                lines.append(current)
                current = item
            }
            while current.count > width {
                // Break at the last space that fits (or hard at the width), continue indented.
                // (Never inside the indent, so every pass makes progress.)
                let prefix = current.prefix(width)
                let earliest = current.index(current.startIndex, offsetBy: min(indent.count + 1, prefix.count))
                let cut = prefix.lastIndex(of: " ").flatMap { $0 >= earliest ? $0 : nil } ?? prefix.endIndex
                lines.append(String(current[..<cut]))
                let rest = current[cut...].drop { $0 == " " }
                guard !rest.isEmpty else { current = ""; break }
                current = indent + rest
                broken = true
            }
            // The end of a broken item ends its line: the next item starts a fresh one.
            if broken { lines.append(current); current = ""; broken = false }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `text` cut to `length` characters, the last being "…".
    public static func shorten(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(max(0, length - 1))) + "…"
    }
}
