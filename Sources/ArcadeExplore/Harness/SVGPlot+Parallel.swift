import Foundation

/// Parallel coordinates: one vertical axis per knob and objective, one polyline per design point,
/// coloured from dark (best) to light (worst shown) by a score. Knob axes place their values at even
/// spacing in the space's order (labelled with the values); objective axes are numeric (log when
/// asked). Shares ticks, number format and escaping with `SVGChart`.
///
/// Output: one `<polyline class="line">` per point (worst first, so the best lie on top), one
/// `<line class="axis">` per axis.
public struct SVGParallelChart: Sendable {
    public struct Axis: Sendable {
        public enum Scale: Sendable {
            /// Values are indices into these labels.
            case categories([String])
            case numeric(logarithmic: Bool)
        }
        public var label: String
        public var scale: Scale
        /// One value per line.
        public var values: [Double]
        public init(label: String, scale: Scale, values: [Double]) {
            self.label = label
            self.scale = scale
            self.values = values
        }
    }

    public var title: String
    public var axes: [Axis] = []
    /// Per line; lower is better (the darkest colour).
    public var scores: [Double] = []
    /// What the colour shows, e.g. "edp (J·s)".
    public var scoreLabel: String
    public var caption: String?
    public var height = 540.0

    public init(title: String, scoreLabel: String) {
        self.title = title
        self.scoreLabel = scoreLabel
    }

    public var width: Double { min(1200, max(900, 130 * Double(axes.count) + 80)) }

    /// Viridis-like ramp from dark purple (0) through teal to green (1), readable on white.
    static func color(_ fraction: Double) -> String {
        let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (170, 220, 50)]
        let position = min(max(fraction, 0), 1) * Double(stops.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, stops.count - 1), t = position - Double(low)
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(stops[low].0, stops[high].0), mix(stops[low].1, stops[high].1),
                      mix(stops[low].2, stops[high].2))
    }

    public func render() -> String {
        let left = 60.0, right = width - 90, top = 104.0, bottom = height - 44 - (caption == nil ? 0 : 16)
        let spacing = axes.count > 1 ? (right - left) / Double(axes.count - 1) : 0
        func axisX(_ index: Int) -> Double { axes.count > 1 ? left + spacing * Double(index) : (left + right) / 2 }
        let numericAxes: [SVGAxis?] = axes.map { axis in
            if case .numeric(let logarithmic) = axis.scale { return SVGAxis(values: axis.values, logarithmic: logarithmic) }
            return nil
        }
        // Fraction up the axis (0 bottom, 1 top) of a line's value.
        func fraction(_ axis: Int, _ value: Double) -> Double {
            switch axes[axis].scale {
            case .categories(let labels): return labels.count > 1 ? value / Double(labels.count - 1) : 0.5
            case .numeric: return value.isFinite ? min(max(numericAxes[axis]!.fraction(value), 0), 1) : 1
            }
        }
        func py(_ fraction: Double) -> Double { bottom - (bottom - top) * fraction }

        var svg = svgHeader(width: width, height: height, title: title)
        // Colour scale: a gradient bar under the title, best on the left.
        let lowScore = scores.filter(\.isFinite).min() ?? 0, highScore = scores.filter(\.isFinite).max() ?? 1
        let barX = width / 2 - 150, barY = 40.0
        svg += "<defs><linearGradient id=\"score\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
            + (0...4).map { "<stop offset=\"\(Double($0) / 4)\" stop-color=\"\(Self.color(Double($0) / 4))\"/>" }.joined()
            + "</linearGradient></defs>\n"
        svg += "<g class=\"legend\"><rect x=\"\(fmt(barX))\" y=\"\(fmt(barY))\" width=\"300\" height=\"10\" fill=\"url(#score)\"/>\n"
        svg += "<text x=\"\(fmt(barX - 6))\" y=\"\(fmt(barY + 9))\" text-anchor=\"end\">best \(escape(SVGChart.tickLabel(lowScore)))</text>\n"
        svg += "<text x=\"\(fmt(barX + 306))\" y=\"\(fmt(barY + 9))\" text-anchor=\"start\">\(escape(SVGChart.tickLabel(highScore)))</text>\n"
        svg += "<text x=\"\(fmt(width / 2))\" y=\"\(fmt(barY + 24))\" text-anchor=\"middle\" fill=\"#333\">colour: \(escape(scoreLabel))</text></g>\n"

        // Lines, worst first.
        let lines = scores.indices.sorted { (scores[$0], $1) > (scores[$1], $0) }
        let logScores = lowScore > 0 && highScore / lowScore > 100
        for line in lines {
            let score = scores[line]
            let t = highScore > lowScore
                ? (logScores ? log10(score / lowScore) / log10(highScore / lowScore) : (score - lowScore) / (highScore - lowScore)) : 0
            let points = axes.indices.map { "\(fmt(axisX($0))),\(fmt(py(fraction($0, axes[$0].values[line]))))" }.joined(separator: " ")
            svg += "<polyline class=\"line\" points=\"\(points)\" fill=\"none\" stroke=\"\(Self.color(t))\" stroke-width=\"1.4\" "
                + "stroke-opacity=\"0.75\"><title>\(escape("\(scoreLabel) \(SVGChart.tickLabel(score))"))</title></polyline>\n"
        }
        // Axes on top of the lines, labels with a white halo so crossing lines never hide them.
        let stagger = spacing < 120
        for (index, axis) in axes.enumerated() {
            let x = axisX(index)
            svg += "<line class=\"axis\" x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom))\" stroke=\"#333\"/>\n"
            let labelY = top - 12 - (stagger && index % 2 == 1 ? 14 : 0)
            svg += "<text class=\"axis-label\" x=\"\(fmt(x))\" y=\"\(fmt(labelY))\" text-anchor=\"middle\" font-weight=\"bold\">"
                + "\(escape(axis.label))</text>\n"
            var ticks: [(Double, String)]
            switch axis.scale {
            case .categories(let labels):
                let every = max(1, Int((Double(labels.count) / 12).rounded(.up)))
                ticks = labels.indices.filter { $0 % every == 0 || $0 == labels.count - 1 }.map { (fraction(index, Double($0)), labels[$0]) }
            case .numeric:
                ticks = numericAxes[index]!.ticks.map { (fraction(index, $0), SVGChart.tickLabel($0)) }
            }
            for (position, label) in ticks {
                let y = py(position)
                svg += "<line x1=\"\(fmt(x - 3))\" y1=\"\(fmt(y))\" x2=\"\(fmt(x + 3))\" y2=\"\(fmt(y))\" stroke=\"#333\"/>\n"
                svg += "<text x=\"\(fmt(x + 6))\" y=\"\(fmt(y + 4))\" font-size=\"11\" stroke=\"white\" stroke-width=\"3\" "
                    + "paint-order=\"stroke\">\(escape(label))</text>\n"
            }
        }
        if let caption {
            svg += "<text class=\"caption\" x=\"\(fmt(width / 2))\" y=\"\(fmt(height - 14))\" text-anchor=\"middle\" "
                + "font-size=\"11\" fill=\"#555\">\(escape(caption))</text>\n"
        }
        return svg + "</svg>\n"
    }
}
