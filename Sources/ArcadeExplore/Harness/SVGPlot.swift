import Foundation

/// A small SVG chart writer, so `arcade compare --plot` needs no Python: line charts with bands
/// (best-so-far vs evaluations) and scatter charts (Pareto fronts), linear or log axes.
///
/// Output is plain SVG 1.1 (one `<path class="series">` per line series, `<polygon class="band">`
/// per band, `<circle>` markers), readable by browsers and `rsvg-convert`.
///
/// ```swift
/// var chart = SVGChart(title: "Best so far", xLabel: "evaluations", yLabel: "cycles", logY: true)
/// chart.series.append(.init(name: "random", x: [1, 2, 3], y: [9, 5, 5], lower: [9, 6, 5], upper: [9, 7, 6]))
/// let svg = chart.render()
/// ```
public struct SVGChart: Sendable {
    public struct Series: Sendable {
        public enum Style: Sendable {
            /// A step line (value holds until the next x), with an optional band.
            case steps
            /// Markers only.
            case markers
            /// Markers joined by a step line (a Pareto front's staircase).
            case stepsWithMarkers
            /// Small filled, slightly transparent dots, no line (thousands of sweep points).
            case dots
            /// Markers joined by straight segments in x order (a measured curve: latency vs length).
            case linesWithMarkers
        }

        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// Band edges (e.g. min and max over seeds); drawn under the line.
        public var lower: [Double]?
        public var upper: [Double]?
        public var style: Style
        /// CSS colour; nil takes the next palette colour.
        public var color: String?
        /// Markers drawn this many pixels right of their x (dodges groups that share x values).
        public var xOffset = 0.0
        public var lineWidth = 2.0
        /// False leaves the series out of the legend (context lines in small multiples).
        public var inLegend = true
        /// True draws the line solid whatever its position (context lines); else dash patterns cycle.
        public var solid = false

        public init(name: String, x: [Double], y: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
                    style: Style = .steps, color: String? = nil) {
            precondition(x.count == y.count, "series \(name): x and y differ in length")
            self.name = name
            self.x = x
            self.y = y
            self.lower = lower
            self.upper = upper
            self.style = style
            self.color = color
        }
    }

    /// A horizontal reference line (e.g. the exact optimum).
    public struct Reference: Sendable {
        public var label: String
        public var y: Double
        public init(label: String, y: Double) { self.label = label; self.y = y }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var series: [Series] = []
    public var references: [Reference] = []
    /// When false, the y axis fits the lines and the bands' lower edges only, and band tops beyond
    /// it are clipped: one bad seed's first evaluations should not squash every curve flat.
    public var bandsSetDomain = true
    public var width = 760.0
    public var height = 460.0
    /// One line of small print under the x-axis label (e.g. how zero regret is drawn on a log axis).
    public var caption: String?
    /// True puts the legend right of the plot area, where no curve can run under it.
    public var legendOutside = false
    /// When set, the axis spans these values instead of the series' (shared axes of small multiples).
    var xDomain: [Double]?
    var yDomain: [Double]?

    /// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    public init(title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
    }

    // Plot area margins: room for tick labels on the left, axis label below, title above.
    private var left: Double { 84 }
    private var right: Double { width - 24 - (legendOutside ? legendWidth + 12 : 0) }
    private var legendWidth: Double { 34 + 7 * Double(series.filter(\.inLegend).map(\.name.count).max() ?? 0) }
    private var top: Double { 44 }
    private var bottom: Double { height - 56 - (caption == nil ? 0 : 16) }

    public func render() -> String {
        let xAxis = SVGAxis(values: xDomain ?? series.flatMap(\.x), logarithmic: logX)
        let yAxis = SVGAxis(values: yDomain ?? yDomainValues, logarithmic: logY)
        func px(_ x: Double) -> Double { left + (right - left) * xAxis.fraction(x) }
        func py(_ y: Double) -> Double {
            // Values off the axis (e.g. +∞ before the first feasible point) are pinned to its ends.
            guard y.isFinite else { return y > 0 ? top : bottom }
            return bottom - (bottom - top) * min(max(yAxis.fraction(y), 0), 1)
        }

        var svg = svgHeader(width: width, height: height, title: title)
        // Grid and ticks.
        for tick in xAxis.ticks {
            let x = px(tick)
            svg += "<line class=\"grid\" x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom))\" stroke=\"#e4e4e4\"/>\n"
            svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(bottom + 16))\" text-anchor=\"middle\">\(escape(Self.tickLabel(tick)))</text>\n"
        }
        for tick in yAxis.ticks {
            let y = py(tick)
            svg += "<line class=\"grid\" x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(right))\" y2=\"\(fmt(y))\" stroke=\"#e4e4e4\"/>\n"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(escape(Self.tickLabel(tick)))</text>\n"
        }
        svg += "<rect class=\"frame\" x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(right - left))\" "
            + "height=\"\(fmt(bottom - top))\" fill=\"none\" stroke=\"#444\"/>\n"
        svg += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(bottom + 38))\" text-anchor=\"middle\">"
            + "\(escape(xLabel + (xAxis.logarithmic ? " (log scale)" : "")))</text>\n"
        if let caption {
            svg += "<text class=\"caption\" x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(bottom + 56))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#555\">\(escape(caption))</text>\n"
        }
        svg += "<text transform=\"translate(18 \(fmt((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">"
            + "\(escape(yLabel + (yAxis.logarithmic ? " (log scale)" : "")))</text>\n"

        for reference in references where reference.y.isFinite {
            let y = py(reference.y)
            svg += "<line class=\"reference\" x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(right))\" y2=\"\(fmt(y))\" "
                + "stroke=\"#333\" stroke-dasharray=\"6 4\"/>\n"
            svg += "<text x=\"\(fmt(left + 6))\" y=\"\(fmt(y - 5))\" text-anchor=\"start\" fill=\"#333\">\(escape(reference.label))</text>\n"
        }

        let colors = series.enumerated().map { $0.element.color ?? Self.palette[$0.offset % Self.palette.count] }
        // Bands first, so every line stays visible on top of every band.
        for (index, line) in series.enumerated() {
            guard let lower = line.lower, let upper = line.upper, !line.x.isEmpty else { continue }
            let forward = stepPoints(line.x, upper, px: px, py: py)
            let backward = stepPoints(line.x, lower, px: px, py: py).reversed()
            let points = (forward + backward).map { "\(fmt($0.0)),\(fmt($0.1))" }.joined(separator: " ")
            svg += "<polygon class=\"band\" points=\"\(points)\" fill=\"\(colors[index])\" fill-opacity=\"0.12\" stroke=\"none\"/>\n"
        }
        for (index, line) in series.enumerated() {
            // Leading non-finite values (nothing feasible yet) have no line.
            let first = line.y.firstIndex { $0.isFinite } ?? line.y.count
            let xs = Array(line.x[first...]), ys = Array(line.y[first...])
            if line.style != .markers && line.style != .dots && !xs.isEmpty {
                let corners = line.style == .linesWithMarkers ? zip(xs, ys).map { (px($0) + line.xOffset, py($1)) }
                                                              : stepPoints(xs, ys, px: px, py: py)
                let path = corners.enumerated()
                    .map { "\($0.offset == 0 ? "M" : "L")\(fmt($0.element.0)) \(fmt($0.element.1))" }.joined(separator: " ")
                svg += "<path class=\"series\" d=\"\(path)\" fill=\"none\" stroke=\"\(colors[index])\" "
                    + "stroke-width=\"\(fmt(line.lineWidth))\"\(dash(index))>"
                    + "<title>\(escape(line.name))</title></path>\n"
            }
            if line.style != .steps {
                for (x, y) in zip(xs, ys) where y.isFinite {
                    svg += "<circle cx=\"\(fmt(px(x) + line.xOffset))\" cy=\"\(fmt(py(y)))\" \(marker(index, colors[index]))/>\n"
                }
            }
        }
        svg += legend(colors: colors)
        return svg + "</svg>\n"
    }

    /// Dash patterns cycle with the series, so lines that coincide (agents sharing their first
    /// random samples) stay distinguishable.
    private func dash(_ index: Int) -> String {
        let patterns = ["", "8 4", "2 3", "10 3 2 3", "4 2"]
        let ordinal = series[..<index].filter { $0.style != .markers && $0.style != .dots }.count
        guard !series[index].solid else { return "" }
        let pattern = patterns[ordinal % patterns.count]
        return pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\""
    }

    /// Marker-only series are rings of growing radius, so several agents finding the same point
    /// show as concentric rings instead of hiding each other; other markers are small dots.
    private func marker(_ index: Int, _ color: String) -> String {
        if series[index].style == .dots { return "r=\"3.2\" fill=\"\(color)\" fill-opacity=\"0.7\"" }
        guard series[index].style == .markers else { return "r=\"3\" fill=\"\(color)\"" }
        let ordinal = series[..<index].filter { $0.style == .markers }.count
        return "r=\"\(fmt(3.5 + 1.8 * Double(ordinal)))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\""
    }

    /// The values the y axis must show: lines, band lower edges (and upper ones when they set the domain), references.
    var yDomainValues: [Double] {
        series.flatMap { $0.y + ($0.lower ?? []) + (bandsSetDomain ? $0.upper ?? [] : []) } + references.map(\.y)
    }

    /// One panel per series (a grid of `columns`), every panel on the same axes: the series with
    /// its band in its colour, the other series' lines thin and grey behind it for context. Reads
    /// where one chart of many overlapping bands does not (six agents of a comparison).
    public func smallMultiples(columns: Int, panelWidth: Double = 380, panelHeight: Double = 300) -> String {
        let columns = max(1, min(columns, series.count))
        let rows = (series.count + columns - 1) / columns
        let titleHeight = 40.0, captionHeight = caption == nil ? 0.0 : 22
        let totalWidth = panelWidth * Double(columns), totalHeight = titleHeight + panelHeight * Double(rows) + captionHeight
        let colors = series.enumerated().map { $0.element.color ?? Self.palette[$0.offset % Self.palette.count] }
        var svg = svgHeader(width: totalWidth, height: totalHeight, title: title)
        for (index, line) in series.enumerated() {
            var panel = self
            panel.title = line.name
            panel.caption = nil
            panel.width = panelWidth
            panel.height = panelHeight
            panel.xDomain = xDomain ?? series.flatMap(\.x)
            panel.yDomain = yDomain ?? yDomainValues
            panel.series = series.indices.filter { $0 != index }.map { other in
                var context = series[other]
                context.lower = nil
                context.upper = nil
                context.color = "#b8b8b8"
                context.lineWidth = 1.2
                context.inLegend = false
                context.solid = true
                return context
            }
            var highlighted = line
            highlighted.color = colors[index]
            highlighted.inLegend = false
            panel.series.append(highlighted)
            let x = panelWidth * Double(index % columns), y = titleHeight + panelHeight * Double(index / columns)
            let inner = panel.render().replacingOccurrences(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
                                                            with: "<svg class=\"panel\" x=\"\(fmt(x))\" y=\"\(fmt(y))\" ")
            svg += inner
        }
        if let caption {
            svg += "<text class=\"caption\" x=\"\(fmt(totalWidth / 2))\" y=\"\(fmt(totalHeight - 8))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#555\">\(escape(caption))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Staircase corners: the value at x[i] holds until x[i+1].
    private func stepPoints(_ x: [Double], _ y: [Double], px: (Double) -> Double, py: (Double) -> Double) -> [(Double, Double)] {
        var points: [(Double, Double)] = []
        for index in x.indices {
            if index > 0 { points.append((px(x[index]), py(y[index - 1]))) }
            points.append((px(x[index]), py(y[index])))
        }
        return points
    }

    private func legend(colors: [String]) -> String {
        let shown = series.indices.filter { series[$0].inLegend }
        guard !shown.isEmpty else { return "" }
        let rowHeight = 18.0
        let boxWidth = legendWidth
        let x = legendOutside ? right + 12 : right - boxWidth - 8, y = legendOutside ? top : top + 8
        var svg = "<g class=\"legend\">\n<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(boxWidth))\" "
            + "height=\"\(fmt(rowHeight * Double(shown.count) + 8))\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"
        for (row, index) in shown.enumerated() {
            let line = series[index]
            let rowY = y + 4 + rowHeight * (Double(row) + 0.5)
            if line.style == .markers || line.style == .dots {
                svg += "<circle cx=\"\(fmt(x + 16))\" cy=\"\(fmt(rowY))\" \(marker(index, colors[index]))/>\n"
            } else {
                svg += "<line x1=\"\(fmt(x + 6))\" y1=\"\(fmt(rowY))\" x2=\"\(fmt(x + 26))\" y2=\"\(fmt(rowY))\" "
                    + "stroke=\"\(colors[index])\" stroke-width=\"\(fmt(line.lineWidth + 0.5))\"\(dash(index))/>\n"
            }
            svg += "<text x=\"\(fmt(x + 32))\" y=\"\(fmt(rowY + 4))\">\(escape(line.name))</text>\n"
        }
        return svg + "</g>\n"
    }
}

/// One axis: its domain (padded 4%) and tick positions, in linear or log10 space.
struct SVGAxis {
    var logarithmic: Bool
    var low: Double
    var high: Double

    init(values: [Double], logarithmic requested: Bool) {
        let finite = values.filter(\.isFinite)
        // A log axis needs positive values; fall back to linear rather than drop data.
        let isLog = requested && !finite.isEmpty && finite.allSatisfy { $0 > 0 }
        let mapped = finite.map { isLog ? log10($0) : $0 }
        var lowest = mapped.min() ?? 0, highest = mapped.max() ?? 1
        if highest - lowest < 1e-12 {
            // A single value: half a decade (log) or ±10% around it, so it sits mid-axis.
            let margin = isLog ? 0.5 : Swift.max(abs(lowest) * 0.1, 0.5)
            lowest -= margin
            highest += margin
        }
        let pad = (highest - lowest) * 0.04
        logarithmic = isLog
        low = lowest - pad
        high = highest + pad
    }

    /// A linear axis over exactly `low`…`high` (bars start at zero, percentages end at 100).
    init(low: Double, high: Double) {
        logarithmic = false
        self.low = low
        self.high = high
    }

    func fraction(_ value: Double) -> Double {
        ((logarithmic ? log10(value) : value) - low) / (high - low)
    }

    /// Round-number ticks inside the domain: decades (with 2 and 5 when the span is short) on a log
    /// axis spanning over a decade, else 1–2–5 steps.
    var ticks: [Double] {
        if logarithmic && high - low >= 1 {
            let stride = max(1, Int(((high - low) / 8).rounded(.up)))
            let multipliers: [Double] = high - low < 2.5 ? [1, 2, 5] : [1]
            var ticks: [Double] = []
            for decade in Swift.stride(from: Int(low.rounded(.down)), through: Int(high.rounded(.up)), by: stride) {
                for multiplier in multipliers {
                    let value = multiplier * pow(10, Double(decade))
                    if log10(value) >= low && log10(value) <= high { ticks.append(value) }
                }
            }
            return ticks
        }
        let (lower, upper) = logarithmic ? (pow(10, low), pow(10, high)) : (low, high)
        let rough = (upper - lower) / 6
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        var ticks: [Double] = []
        var value = (lower / step).rounded(.up) * step
        while value <= upper + step * 1e-9 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }
}

extension SVGChart {
/// Compact tick text: 1.5k, 2M, 0.25, 1e-4.
static func tickLabel(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude == 0 { return "0" }
    for (scale, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= scale {
        return trimmed(value / scale) + suffix
    }
    if magnitude < 1e-3 { return String(format: "%.0e", value) }
    return trimmed(value)
}

private static func trimmed(_ value: Double) -> String {
    var text = String(format: "%.3g", value)
    if text.contains("e") { return text }
    if text.contains(".") { while text.hasSuffix("0") { text.removeLast() }; if text.hasSuffix(".") { text.removeLast() } }
    return text
}

}

/// The opening of every Arcade plot: the `<svg>` element, a white background and the bold title
/// (in a smaller font when 15 px would not fit the width: a bold Helvetica letter is ~0.6 em).
func svgHeader(width: Double, height: Double, title: String) -> String {
    let fontSize = max(10, min(15, (width - 24) / (0.6 * Double(max(1, title.count)))))
    return """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" \
    viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
    <title>\(escape(title))</title>
    <rect x="0" y="0" width="\(fmt(width))" height="\(fmt(height))" fill="white"/>
    <text x="\(fmt(width / 2))" y="26" text-anchor="middle" font-size="\(fmt(fontSize))" font-weight="bold">\(escape(title))</text>

    """
}

/// Coordinates with at most two decimals: enough for screen pixels, small files.
func fmt(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
