import Foundation

/// Horizontal bar panels side by side, one row per category (a layer, a channel), so that long
/// category names stay readable however many rows there are: the names go on the left, one per
/// line, never rotated. Each panel either stacks its segments (compute + stall cycles) or draws
/// them as thin bars next to each other (two utilisations). Shares axes, ticks and escaping with
/// `SVGChart`.
///
/// Output: one `<g class="panel">` per panel; one `<rect class="bar">` per segment per row (zero
/// widths included, so every row has all its bars), each with a `<title>` tooltip.
public struct SVGBarChart: Sendable {
    public struct Segment: Sendable {
        public var name: String
        public var values: [Double]
        public var color: String?
        public init(name: String, values: [Double], color: String? = nil) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    public struct Panel: Sendable {
        public var title: String
        public var xLabel: String
        public var segments: [Segment]
        /// True: segments stack end to end; false: side by side, each a thinner bar.
        public var stacked: Bool
        /// Upper end of the axis when fixed (100 for percentages); nil fits the data.
        public var maximum: Double?
        public init(title: String, xLabel: String, segments: [Segment], stacked: Bool, maximum: Double? = nil) {
            self.title = title
            self.xLabel = xLabel
            self.segments = segments
            self.stacked = stacked
            self.maximum = maximum
        }
    }

    public var title: String
    /// Label of the category axis (e.g. "layer").
    public var categoryLabel: String
    public var categories: [String]
    public var panels: [Panel] = []
    public var width = 1100.0
    /// Relative widths of the panels (default equal).
    public var panelWeights: [Double]?
    public var caption: String?
    /// Height of one category's row; nil: 20 (14 beyond 40 rows). Few rows of many side-by-side
    /// segments (an FPGA's SLRs × five resources) need taller ones.
    public var rowHeight: Double?

    public init(title: String, categoryLabel: String, categories: [String]) {
        self.title = title
        self.categoryLabel = categoryLabel
        self.categories = categories
    }

    /// Category names longer than this are cut with an ellipsis (the whole name is in the tooltip).
    static let maximumNameLength = 28

    public func render() -> String {
        let rowHeight = self.rowHeight ?? (categories.count > 40 ? 14.0 : 20.0)
        let names = categories.map { $0.count > Self.maximumNameLength ? String($0.prefix(Self.maximumNameLength - 1)) + "…" : $0 }
        let nameWidth = 7.0 * Double(names.map(\.count).max() ?? 4) + 16
        let left = 30 + nameWidth, right = width - 24
        let legendRows = Double(panels.map(\.segments.count).max() ?? 0)
        let top = 44 + 22 + 17 * legendRows + 6
        let plotHeight = rowHeight * Double(categories.count)
        let bottom = top + plotHeight
        let height = bottom + 48 + (caption == nil ? 0 : 18)
        let gap = 28.0
        let weights = panelWeights ?? panels.map { _ in 1.0 }
        let available = right - left - gap * Double(max(0, panels.count - 1))
        let totalWeight = weights.reduce(0, +)

        var svg = svgHeader(width: width, height: height, title: title)
        // Category names, one per row, right-aligned against the first panel; a faint band every other row.
        svg += "<text transform=\"translate(16 \(fmt((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "\(escape(categoryLabel))</text>\n"
        for (row, name) in names.enumerated() {
            let y = top + rowHeight * Double(row)
            if row % 2 == 1 {
                svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(right - left))\" "
                    + "height=\"\(fmt(rowHeight))\" fill=\"#f4f4f4\"/>\n"
            }
            svg += "<text class=\"category\" x=\"\(fmt(left - 6))\" y=\"\(fmt(y + rowHeight / 2 + 4))\" "
                + "text-anchor=\"end\">\(escape(name))<title>\(escape(categories[row]))</title></text>\n"
        }

        var x0 = left
        var colorIndex = 0
        for (index, panel) in panels.enumerated() {
            let panelWidth = available * weights[index] / totalWeight
            let x1 = x0 + panelWidth
            let rowTotals = categories.indices.map { row -> Double in
                let values = panel.segments.map { row < $0.values.count && $0.values[row].isFinite ? max(0, $0.values[row]) : 0 }
                return panel.stacked ? values.reduce(0, +) : values.max() ?? 0
            }
            let high = panel.maximum ?? max(rowTotals.max() ?? 1, 1e-12) * 1.04
            let axis = SVGAxis(low: 0, high: high)
            func px(_ value: Double) -> Double { x0 + panelWidth * min(max(axis.fraction(value), 0), 1) }

            svg += "<g class=\"panel\">\n"
            svg += "<text x=\"\(fmt((x0 + x1) / 2))\" y=\"60\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">"
                + "\(escape(panel.title))</text>\n"
            // Ticks: at most one label per 55 pixels, so long numbers never touch.
            var ticks = axis.ticks
            while ticks.count > 2 && panelWidth / Double(ticks.count) < 55 { ticks = stride(from: 0, to: ticks.count, by: 2).map { ticks[$0] } }
            for tick in ticks {
                let x = px(tick)
                svg += "<line class=\"grid\" x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" "
                    + "y2=\"\(fmt(bottom))\" stroke=\"#dddddd\"/>\n"
                svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(bottom + 16))\" text-anchor=\"middle\">"
                    + "\(escape(SVGChart.tickLabel(tick)))</text>\n"
            }
            svg += "<text x=\"\(fmt((x0 + x1) / 2))\" y=\"\(fmt(bottom + 36))\" text-anchor=\"middle\">"
                + "\(escape(panel.xLabel))</text>\n"

            let colors = panel.segments.map { segment -> String in
                defer { colorIndex += 1 }
                return segment.color ?? SVGChart.palette[colorIndex % SVGChart.palette.count]
            }
            let barHeight = rowHeight * 0.72
            for row in categories.indices {
                var start = 0.0
                let rowTop = top + rowHeight * Double(row) + (rowHeight - barHeight) / 2
                for (position, segment) in panel.segments.enumerated() {
                    let raw = row < segment.values.count ? segment.values[row] : .nan
                    let value = raw.isFinite ? max(0, raw) : 0
                    let (from, to) = panel.stacked ? (start, start + value) : (0, value)
                    let thickness = panel.stacked ? barHeight : barHeight / Double(panel.segments.count)
                    let y = panel.stacked ? rowTop : rowTop + thickness * Double(position)
                    let tooltip = "\(categories[row]): \(segment.name) " + (raw.isFinite ? SVGChart.tickLabel(raw) : "n/a")
                    svg += "<rect class=\"bar\" x=\"\(fmt(px(from)))\" y=\"\(fmt(y))\" "
                        + "width=\"\(fmt(max(0, px(to) - px(from))))\" height=\"\(fmt(thickness))\" "
                        + "fill=\"\(colors[position])\"><title>\(escape(tooltip))</title></rect>\n"
                    start += value
                }
            }
            svg += "<rect class=\"frame\" x=\"\(fmt(x0))\" y=\"\(fmt(top))\" width=\"\(fmt(panelWidth))\" "
                + "height=\"\(fmt(plotHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
            // Legend above the panel, one swatch per segment.
            for (position, segment) in panel.segments.enumerated() {
                let y = 72 + 17 * Double(position)
                svg += "<rect x=\"\(fmt(x0))\" y=\"\(fmt(y))\" width=\"12\" height=\"12\" fill=\"\(colors[position])\"/>\n"
                svg += "<text x=\"\(fmt(x0 + 18))\" y=\"\(fmt(y + 10))\">\(escape(segment.name))</text>\n"
            }
            svg += "</g>\n"
            x0 = x1 + gap
        }
        if let caption {
            svg += "<text class=\"caption\" x=\"\(fmt(width / 2))\" y=\"\(fmt(height - 10))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#555\">\(escape(caption))</text>\n"
        }
        return svg + "</svg>\n"
    }
}
