import Foundation

/// Points and lines on two axes: the optimization history, slice plots and the Pareto fronts.
///
/// ```swift
/// let chart = ScatterChart(
///     title: "Optimization history",
///     x: .fitting(numbers, label: "trial number", format: .integer),
///     y: .fitting(values, label: "accuracy"),
///     series: [
///         .init(name: "complete trial", color: ChartPalette.blue, points: points),
///         .init(name: "best so far", color: ChartPalette.vermillion, points: records,
///               connection: .steps, showsPoints: false),
///     ])
/// let rendered = chart.render(id: "history", caption: "…")
/// ```
///
/// Points whose `y` is `nil` (failed trials) are drawn on a strip along the bottom of the plot
/// area; points outside an axis's domain are drawn on its edge as an open triangle pointing
/// out, their value in the tooltip. Points of a ``ChartMarker/circle`` series are `<circle>`
/// elements; every other shape is a path.
public struct ScatterChart: Sendable {
    /// One point; `y == nil` puts it on the bottom strip.
    public struct Point: Sendable {
        public var x: Double
        public var y: Double?
        public var tooltip: String?

        public init(x: Double, y: Double?, tooltip: String? = nil) {
            self.x = x
            self.y = y
            self.tooltip = tooltip
        }
    }

    /// How a series' points are joined.
    public enum Connection: Sendable {
        case none
        /// Straight segments in the order given.
        case straight
        /// Horizontal then vertical steps (a running best).
        case steps
        /// Steps drawn over the points and carried on to the right edge of the plot area: a
        /// Pareto front, which no point right of its last one beats. A front of a few points
        /// close together would otherwise hide under them.
        case front
    }

    /// Points of one kind, drawn in one colour and shape.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var marker: ChartMarker
        /// Marker size across, in pixels.
        public var size: Double
        public var points: [Point]
        public var connection: Connection
        public var showsPoints: Bool
        public var isInLegend: Bool
        /// Whether the markers are drawn translucent (many overlapping points read better).
        public var isTranslucent: Bool

        public init(
            name: String, color: String, marker: ChartMarker = .circle, size: Double = 5,
            points: [Point], connection: Connection = .none, showsPoints: Bool = true,
            isInLegend: Bool = true, isTranslucent: Bool = false
        ) {
            self.name = name
            self.color = color
            self.marker = marker
            self.size = size
            self.points = points
            self.connection = connection
            self.showsPoints = showsPoints
            self.isInLegend = isInLegend
            self.isTranslucent = isTranslucent
        }
    }

    /// A labelled mark (a profile on the Pareto front, the best trial).
    public struct Label: Sendable {
        public var x: Double
        public var y: Double
        public var text: String
        public var color: String
        public var marker: ChartMarker
        public var tooltip: String?

        public init(
            x: Double, y: Double, text: String, color: String, marker: ChartMarker = .star,
            tooltip: String? = nil
        ) {
            self.x = x
            self.y = y
            self.text = text
            self.color = color
            self.marker = marker
            self.tooltip = tooltip
        }
    }

    public var title: String
    public var x: ChartAxis
    public var y: ChartAxis
    public var series: [Series]
    public var labels: [Label]
    /// Extra legend entries (for the labels' markers).
    public var extraLegend: [LegendEntry]

    public init(
        title: String, x: ChartAxis, y: ChartAxis, series: [Series], labels: [Label] = [],
        extraLegend: [LegendEntry] = []
    ) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.labels = labels
        self.extraLegend = extraLegend
    }

    /// The chart as SVG, `width` × `height` user units.
    public func render(id: String, caption: String, width: Double = 600, height: Double = 360)
        -> RenderedChart
    {
        let legend =
            series.filter(\.isInLegend).map { series in
                LegendEntry(
                    name: series.name, color: series.color,
                    marker: series.showsPoints ? series.marker : nil)
            } + extraLegend
        let hasStrip = series.contains { $0.showsPoints && $0.points.contains { $0.y == nil } }
        let frame = ChartFrame(
            width: width, height: height, title: title, legend: legend, yAxis: y, xAxis: x,
            xLabelRows: 1)
        var canvas = SVGCanvas(width: width, height: height, label: title, data: [("chart", id)])
        frame.drawTitle(title, legend: legend, on: &canvas)
        frame.drawYAxis(y, on: &canvas)
        frame.drawXAxis(x, on: &canvas)
        let stripHeight = hasStrip ? 10.0 : 0
        let dataBottom = frame.plotBottom - stripHeight
        if hasStrip {
            canvas.rect(
                x: frame.plotLeft, y: dataBottom, width: frame.plotRight - frame.plotLeft,
                height: stripHeight, fill: "#f2f2f2", cssClass: "strip")
        }
        func px(_ value: Double) -> Double {
            x.scale.position(of: x.scale.clamped(value), from: frame.plotLeft, to: frame.plotRight)
        }
        func py(_ value: Double) -> Double {
            y.scale.position(of: y.scale.clamped(value), from: dataBottom, to: frame.plotTop)
        }
        func drawLine(of series: Series) {
            var d = PathData()
            var previous: (Double, Double)?
            for point in series.points {
                guard let value = point.y, x.scale.admits(point.x), y.scale.admits(value) else {
                    continue
                }
                let position = (px(point.x), py(value))
                if let previous {
                    if series.connection != .straight { d.line(position.0, previous.1) }
                    d.line(position.0, position.1)
                } else {
                    d.move(position.0, position.1)
                }
                previous = position
            }
            if series.connection == .front, let previous, previous.0 < frame.plotRight {
                d.line(frame.plotRight, previous.1)
            }
            if !d.isEmpty {
                canvas.path(
                    d, stroke: series.color, strokeWidth: 2,
                    cssClass: series.connection == .front ? "series-line front" : "series-line")
            }
        }
        var circles = 0
        for series in series where series.connection != .none && series.connection != .front {
            drawLine(of: series)
        }
        for series in series where series.showsPoints {
            canvas.beginGroup(cssClass: "points")
            for point in series.points {
                guard x.scale.admits(point.x) else { continue }
                let cx = px(point.x)
                guard let value = point.y else {
                    canvas.marker(
                        series.marker, x: cx, y: dataBottom + stripHeight / 2,
                        size: min(series.size, 7), color: series.color, tooltip: point.tooltip)
                    continue
                }
                guard y.scale.admits(value) else { continue }
                let fraction = y.scale.fraction(of: value)
                if fraction > 1 || fraction < 0 || x.scale.fraction(of: point.x) > 1
                    || x.scale.fraction(of: point.x) < 0
                {
                    canvas.marker(
                        fraction < 0 ? .triangleDown : .triangle, x: cx, y: py(value),
                        size: series.size, color: series.color, cssClass: "clipped",
                        tooltip: point.tooltip)
                } else if series.marker == .circle {
                    canvas.circle(
                        x: cx, y: py(value), radius: series.size / 2, fill: series.color,
                        cssClass: series.isTranslucent ? "translucent" : nil,
                        tooltip: point.tooltip)
                    circles += 1
                } else {
                    canvas.marker(
                        series.marker, x: cx, y: py(value), size: series.size,
                        color: series.color, tooltip: point.tooltip)
                }
            }
            canvas.endGroup()
        }
        for series in series where series.connection == .front {
            drawLine(of: series)
        }
        drawLabels(on: &canvas, frame: frame, px: px, py: py)
        return RenderedChart(
            id: id, title: title, caption: caption, svg: canvas.rendered(), pointCount: circles)
    }

    /// Draws the labelled marks, moving a label down (or to the other side) when it would
    /// overlap one already placed.
    private func drawLabels(
        on canvas: inout SVGCanvas, frame: ChartFrame, px: (Double) -> Double,
        py: (Double) -> Double
    ) {
        var placed: [(Double, Double, Double, Double)] = []
        func overlaps(_ box: (Double, Double, Double, Double)) -> Bool {
            placed.contains { other in
                box.0 < other.2 && other.0 < box.2 && box.1 < other.3 && other.1 < box.3
            }
        }
        for label in labels {
            guard x.scale.admits(label.x), y.scale.admits(label.y) else { continue }
            let mx = px(label.x)
            let my = py(label.y)
            canvas.marker(
                label.marker, x: mx, y: my, size: 11, color: label.color, cssClass: "label-mark",
                tooltip: label.tooltip ?? label.text)
            placed.append((mx - 6, my - 6, mx + 6, my + 6))
            let textWidth = Double(label.text.count) * ChartFrame.fontWidth
            let rightSide = mx + 9 + textWidth <= frame.plotRight
            var ty = my + 4
            var box = (0.0, 0.0, 0.0, 0.0)
            for attempt in 0..<8 {
                let dy = Double((attempt + 1) / 2) * 13 * (attempt % 2 == 0 ? 1 : -1)
                ty = min(max(my + 4 + dy, frame.plotTop + 10), frame.plotBottom - 2)
                box =
                    rightSide
                    ? (mx + 8, ty - 10, mx + 10 + textWidth, ty + 2)
                    : (mx - 10 - textWidth, ty - 10, mx - 8, ty + 2)
                if !overlaps(box) { break }
            }
            placed.append(box)
            canvas.text(
                label.text, x: rightSide ? mx + 9 : mx - 9, y: ty,
                anchor: rightSide ? .start : .end, cssClass: "point-label", fill: label.color)
        }
    }
}
