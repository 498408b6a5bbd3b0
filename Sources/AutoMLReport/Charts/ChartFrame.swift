import Foundation

/// One axis of a chart: its scale, how its values read, and its label with units
/// (`"p99 latency (s, log scale)"`).
public struct ChartAxis: Sendable {
    public var label: String
    public var scale: ChartScale
    public var format: ValueFormat
    /// About how many ticks to draw.
    public var tickCount: Int

    public init(label: String, scale: ChartScale, format: ValueFormat = .number, tickCount: Int = 6)
    {
        self.label = label
        self.scale = scale
        self.format = format
        self.tickCount = tickCount
    }

    /// An axis whose niced scale spans `values` (the finite ones; positive ones for `log`).
    /// - Parameters:
    ///   - log: a base-10 log scale.
    ///   - includeZero: stretch a linear domain to 0.
    ///   - padding: a fraction of the span added on both sides before nicing (linear only).
    public static func fitting(
        _ values: some Sequence<Double>, label: String, log: Bool = false,
        format: ValueFormat = .number, includeZero: Bool = false, padding: Double = 0.02,
        tickCount: Int = 6
    ) -> ChartAxis {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite && (!log || value > 0) {
            low = min(low, value)
            high = max(high, value)
        }
        if low > high { (low, high) = log ? (1, 10) : (0, 1) }
        if includeZero, !log {
            low = min(low, 0)
            high = max(high, 0)
        }
        if log {
            let scale = ChartScale.log(low...high).niced(tickCount: tickCount)
            return ChartAxis(label: label, scale: scale, format: format, tickCount: tickCount)
        }
        let pad = (high - low) * padding
        let lower = low - (includeZero && low == 0 ? 0 : pad)
        let upper = high + (includeZero && high == 0 ? 0 : pad)
        let raw = ChartScale.linear(lower...upper)
        let scale = raw.niced(tickCount: tickCount)
        // The ticks step as the nicing did, so both ends of the axis are ticks: asked anew for
        // `tickCount` ticks, the wider niced span could take the next 1-2-5 step and leave the
        // ends unlabelled (0 … 12,000 ticked only at 0, 5,000 and 10,000).
        let step = ChartScale.niceStep(
            span: raw.domain.upperBound - raw.domain.lowerBound, intervals: max(tickCount, 1))
        let intervals = Int(((scale.domain.upperBound - scale.domain.lowerBound) / step).rounded())
        return ChartAxis(
            label: label, scale: scale, format: format, tickCount: max(intervals, 1))
    }

    /// The tick values and their labels.
    func ticks() -> [(value: Double, label: String)] {
        let values = scale.ticks(count: tickCount)
        return values.map { ($0, scale.label(of: $0, format: format, ticks: values)) }
    }
}

/// One entry of a chart's legend.
public struct LegendEntry: Sendable {
    public var name: String
    public var color: String
    /// The marker shown; `nil` shows a line.
    public var marker: ChartMarker?
    public var dashed: Bool

    public init(name: String, color: String, marker: ChartMarker? = .circle, dashed: Bool = false) {
        self.name = name
        self.color = color
        self.marker = marker
        self.dashed = dashed
    }
}

/// A chart as the report embeds it: its SVG, its title, and the caption that says how to read
/// it.
public struct RenderedChart: Sendable {
    /// A short name, unique in a report (`history`, `slice-1`, …); the SVG's `data-chart`.
    public var id: String
    public var title: String
    /// One line: what is drawn and how to read it (and what was thinned out).
    public var caption: String
    /// One `<svg>` element.
    public var svg: String
    /// Data points drawn as `<circle>` elements.
    public var pointCount: Int

    public init(id: String, title: String, caption: String, svg: String, pointCount: Int) {
        self.id = id
        self.title = title
        self.caption = caption
        self.svg = svg
        self.pointCount = pointCount
    }
}

/// The frame every chart shares: its size, title and legend at the top, the plot area, and
/// the axes with ticks, grid lines and labels.
struct ChartFrame {
    static let fontWidth = 6.1  // average width of an 11 px sans-serif character
    static let titleFontWidth = 8.4  // the widest a 14 px semibold title's characters run
    /// The angle, in degrees, tick labels too wide to stand side by side are turned by.
    static let rotatedTickAngle = 45.0
    /// The longest a rotated tick label runs before it is cut with an ellipsis.
    static let rotatedTickWidth = 96.0
    var width: Double
    var height: Double
    var left: Double
    var right: Double
    var top: Double
    var bottom: Double

    /// The plot area's edges.
    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// A frame for `title` and `legend` with room for the y tick labels of `yAxis`.
    init(
        width: Double, height: Double, title: String, legend: [LegendEntry], yAxis: ChartAxis?,
        xAxis: ChartAxis? = nil, xLabelRows: Int = 1, right: Double = 16
    ) {
        self.width = width
        self.height = height
        let yLabelWidth =
            yAxis.map { axis in
                Double(axis.ticks().map(\.label.count).max() ?? 1) * Self.fontWidth
            } ?? 0
        left = min(max(yLabelWidth + 34, 48), width * 0.4)
        self.right = right
        let legendRows = Self.legendRows(legend, width: width - left - right).count
        top = 30 + Double(legendRows) * 16 + (legendRows > 0 ? 4 : 0)
        bottom = 28 + Double(xLabelRows) * 14
        // Rotated tick labels hang below the axis by their width times the sine of the angle;
        // the axis label goes under them.
        if let xAxis, case let layout = xTickLayout(xAxis), layout.isRotated {
            let drop = layout.labelWidth * sin(Self.rotatedTickAngle * .pi / 180)
            bottom = max(bottom, 34 + drop)
        }
    }

    /// Whether the tick labels of `axis` are rotated (they would not fit side by side under
    /// the plot area), and the estimated width of the widest label as drawn.
    func xTickLayout(_ axis: ChartAxis) -> (isRotated: Bool, labelWidth: Double) {
        let ticks = axis.ticks()
        let maxLabel = ticks.map(\.label.count).max() ?? 1
        let spacing = (plotRight - plotLeft) / Double(max(ticks.count, 1))
        let isRotated = Double(maxLabel) * Self.fontWidth > spacing * 0.95
        let widest = ticks.map { Self.textWidth($0.label) }.max() ?? Self.fontWidth
        return (isRotated, isRotated ? min(widest, Self.rotatedTickWidth) : widest)
    }

    /// An estimate of the width of `text` set in the report's sans-serif at `fontSize` px:
    /// DejaVu Sans's advance widths by character class (digits 0.636 em, capitals about 0.67 em,
    /// other ASCII about the 0.555 em average of ``fontWidth``, arrows, ellipses and other
    /// symbols up to 1 em), so a label of numbers is not underestimated.
    static func textWidth(_ text: String, fontSize: Double = 11) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: em += 0.636
            case 0x41...0x5A: em += 0.672
            case 0x20...0x7E: em += fontWidth / 11
            default: em += 1
            }
        }
        return em * fontSize
    }

    /// `text` cut with an ellipsis to at most `width` by ``textWidth(_:fontSize:)``.
    static func truncated(_ text: String, toWidth width: Double, fontSize: Double = 11) -> String {
        guard textWidth(text, fontSize: fontSize) > width else { return text }
        var kept = Substring(text)
        while kept.count > 1, textWidth(String(kept) + "…", fontSize: fontSize) > width {
            kept = kept.dropLast()
        }
        return String(kept) + "…"
    }

    /// The legend entries in rows that fit `width`, each with its x offset.
    static func legendRows(_ legend: [LegendEntry], width: Double) -> [[(LegendEntry, Double)]] {
        var rows: [[(LegendEntry, Double)]] = []
        var row: [(LegendEntry, Double)] = []
        var x = 0.0
        for entry in legend {
            let entryWidth = 22 + Double(entry.name.count) * fontWidth + 14
            if x + entryWidth > width, !row.isEmpty {
                rows.append(row)
                row = []
                x = 0
            }
            row.append((entry, x))
            x += entryWidth
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// Draws the title (top left; cut with an ellipsis when wider than the chart, whole in its
    /// tooltip) and the legend rows under it.
    func drawTitle(_ title: String, legend: [LegendEntry], on canvas: inout SVGCanvas) {
        let shown = Self.truncated(title, to: Int((width - 24) / Self.titleFontWidth))
        canvas.text(
            shown, x: 12, y: 20, cssClass: "chart-title", tooltip: shown == title ? nil : title)
        for (index, row) in Self.legendRows(legend, width: width - left - right).enumerated() {
            let y = 38 + Double(index) * 16
            for (entry, offset) in row {
                let x = left + offset
                if let marker = entry.marker {
                    canvas.marker(marker, x: x + 8, y: y - 4, size: 8, color: entry.color)
                } else {
                    canvas.line(
                        x1: x, y1: y - 4, x2: x + 16, y2: y - 4, stroke: entry.color,
                        cssClass: "legend-line", dashed: entry.dashed)
                }
                canvas.text(entry.name, x: x + 22, y: y, cssClass: "legend")
            }
        }
    }

    /// Draws the horizontal axis at the bottom of the plot area: grid lines, ticks, labels.
    func drawXAxis(_ axis: ChartAxis, on canvas: inout SVGCanvas, grid: Bool = true) {
        let ticks = axis.ticks()
        let rotate = xTickLayout(axis).isRotated
        let angle = Self.rotatedTickAngle * .pi / 180
        for (value, label) in ticks {
            let x = axis.scale.position(of: value, from: plotLeft, to: plotRight)
            guard x >= plotLeft - 0.5, x <= plotRight + 0.5 else { continue }
            if grid {
                canvas.line(x1: x, y1: plotTop, x2: x, y2: plotBottom, cssClass: "gridline")
            }
            canvas.line(x1: x, y1: plotBottom, x2: x, y2: plotBottom + 4, cssClass: "axis")
            if rotate {
                // Anchored at its end under the tick, the label runs down to the left: cut it
                // so that it ends inside the image (its glyphs rise 8 px off the baseline).
                let room = min(Self.rotatedTickWidth, (x - 3 - 8 * sin(angle)) / cos(angle))
                let shown = Self.truncated(label, toWidth: room)
                canvas.text(
                    shown, x: x + 4, y: plotBottom + 10, anchor: .end, cssClass: "tick",
                    rotation: -Self.rotatedTickAngle, tooltip: shown == label ? nil : label)
            } else {
                let shown = Self.truncated(label, to: 24)
                canvas.text(
                    shown, x: x, y: plotBottom + 15, anchor: .middle, cssClass: "tick",
                    tooltip: shown == label ? nil : label)
            }
        }
        canvas.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, cssClass: "axis")
        let room = Int((plotRight - plotLeft) / Self.fontWidth)
        canvas.text(
            Self.truncated(axis.label, to: room), x: (plotLeft + plotRight) / 2, y: height - 8,
            anchor: .middle, cssClass: "axis-label")
    }

    /// Draws the vertical axis at the left of the plot area: grid lines, ticks, labels.
    func drawYAxis(_ axis: ChartAxis, on canvas: inout SVGCanvas, grid: Bool = true) {
        for (value, label) in axis.ticks() {
            let y = axis.scale.position(of: value, from: plotBottom, to: plotTop)
            guard y >= plotTop - 0.5, y <= plotBottom + 0.5 else { continue }
            if grid {
                canvas.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, cssClass: "gridline")
            }
            canvas.line(x1: plotLeft - 4, y1: y, x2: plotLeft, y2: y, cssClass: "axis")
            canvas.text(label, x: plotLeft - 6, y: y + 3.5, anchor: .end, cssClass: "tick")
        }
        canvas.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, cssClass: "axis")
        let middle = (plotTop + plotBottom) / 2
        let room = Int((plotBottom - plotTop) / Self.fontWidth)
        canvas.text(
            Self.truncated(axis.label, to: room), x: 13, y: middle, anchor: .middle,
            cssClass: "axis-label", rotation: -90)
    }

    /// `text` cut to `count` characters with an ellipsis.
    static func truncated(_ text: String, to count: Int) -> String {
        text.count <= count ? text : String(text.prefix(max(count - 1, 1))) + "…"
    }
}
