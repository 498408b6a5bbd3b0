import Foundation

/// Parallel coordinates: one vertical axis per dimension, one polyline per item crossing each
/// axis at its value, coloured by a value on a viridis scale (with a colour bar under the axes).
///
/// A `nil` value (a parameter that is not active in a trial) breaks the line at that axis.
/// Lines are drawn in the order given, so pass the best last to draw it on top.
public struct ParallelCoordinatesChart: Sendable {
    /// One item: its value on each axis, in axis order.
    public struct Line: Sendable {
        public var values: [Double?]
        /// Where the line's colour sits on ``colorScale``.
        public var colorValue: Double
        public var tooltip: String?

        public init(values: [Double?], colorValue: Double, tooltip: String? = nil) {
            self.values = values
            self.colorValue = colorValue
            self.tooltip = tooltip
        }
    }

    public var title: String
    public var axes: [ChartAxis]
    public var lines: [Line]
    /// The colour bar's label.
    public var colorLabel: String
    /// The values at the two ends of the colour bar: `low` gets viridis's dark end.
    public var colorScale: ChartScale
    public var colorFormat: ValueFormat
    /// Whether the dark colour goes to the high end of ``colorScale`` (for a maximized
    /// objective, so the better trials are dark either way); the bar says "dark = better".
    public var darkEndIsHigh: Bool

    public init(
        title: String, axes: [ChartAxis], lines: [Line], colorLabel: String,
        colorScale: ChartScale, colorFormat: ValueFormat = .number, darkEndIsHigh: Bool = false
    ) {
        self.title = title
        self.axes = axes
        self.lines = lines
        self.colorLabel = colorLabel
        self.colorScale = colorScale
        self.colorFormat = colorFormat
        self.darkEndIsHigh = darkEndIsHigh
    }

    /// The chart as SVG.
    public func render(id: String, caption: String, width: Double = 600, height: Double = 380)
        -> RenderedChart
    {
        var frame = ChartFrame(
            width: width, height: height, title: title, legend: [], yAxis: nil, xLabelRows: 1)
        let tickWidth =
            axes.first.map { axis in
                Double(axis.ticks().map(\.label.count).max() ?? 1) * ChartFrame.fontWidth
            } ?? 20
        frame.left = min(max(tickWidth + 14, 40), 120)
        frame.right = 30
        frame.top = 52
        frame.bottom = 58
        var canvas = SVGCanvas(width: width, height: height, label: title, data: [("chart", id)])
        frame.drawTitle(title, legend: [], on: &canvas)
        let count = max(axes.count, 2)
        let spacing = (frame.plotRight - frame.plotLeft) / Double(count - 1)
        func axisX(_ index: Int) -> Double { frame.plotLeft + Double(index) * spacing }
        // Axis titles (11.5 px) are centred on their axes, the first starting 8 px left of its
        // axis and the last ending 8 px right of its own: each is cut to the room between the
        // midpoints to its neighbours, less a 10 px gap, so that none runs into the next.
        let gap = 10.0
        for (index, axis) in axes.enumerated() {
            let x = axisX(index)
            let isEdge = index == 0 || index == axes.count - 1
            let room = axes.count == 1 ? width - 24 : (isEdge ? spacing / 2 + 8 : spacing) - gap
            let shown = ChartFrame.truncated(axis.label, toWidth: room, fontSize: 11.5)
            let anchor: SVGCanvas.Anchor =
                index == 0 ? .start : (index == axes.count - 1 ? .end : .middle)
            canvas.text(
                shown, x: index == 0 ? x - 8 : (index == axes.count - 1 ? x + 8 : x),
                y: frame.plotTop - 10, anchor: anchor, cssClass: "axis-label",
                tooltip: shown == axis.label ? nil : axis.label)
        }
        canvas.beginGroup(cssClass: "pc-lines")
        for line in lines {
            var d = PathData()
            var isDrawing = false
            for (index, axis) in axes.enumerated() {
                guard index < line.values.count, let value = line.values[index],
                    axis.scale.admits(value)
                else {
                    isDrawing = false
                    continue
                }
                let y = axis.scale.position(
                    of: axis.scale.clamped(value), from: frame.plotBottom, to: frame.plotTop)
                if isDrawing { d.line(axisX(index), y) } else { d.move(axisX(index), y) }
                isDrawing = true
            }
            guard !d.isEmpty else { continue }
            canvas.path(
                d, stroke: color(of: line.colorValue), strokeWidth: 1.4, opacity: 0.75,
                cssClass: "pc-line", tooltip: line.tooltip)
        }
        canvas.endGroup()
        for (index, axis) in axes.enumerated() {
            let x = axisX(index)
            canvas.line(x1: x, y1: frame.plotTop, x2: x, y2: frame.plotBottom, cssClass: "pc-axis")
            let ticks = axis.ticks()
            let room = index == 0 ? 18 : max(Int(spacing / ChartFrame.fontWidth / 2), 5)
            for (value, label) in ticks {
                let y = axis.scale.position(of: value, from: frame.plotBottom, to: frame.plotTop)
                guard y >= frame.plotTop - 0.5, y <= frame.plotBottom + 0.5 else { continue }
                canvas.line(x1: x - 3, y1: y, x2: x, y2: y, cssClass: "axis")
                let shown = ChartFrame.truncated(label, to: room)
                canvas.text(
                    shown, x: x - 5, y: y + 3.5, anchor: .end, cssClass: "tick pc-tick",
                    tooltip: shown == label ? nil : label)
            }
        }
        drawColorBar(on: &canvas, frame: frame)
        return RenderedChart(
            id: id, title: title, caption: caption, svg: canvas.rendered(), pointCount: 0)
    }

    private func color(of value: Double) -> String {
        let t = colorScale.fraction(of: value)
        return ChartPalette.sequential(darkEndIsHigh ? 1 - t : t)
    }

    private func drawColorBar(on canvas: inout SVGCanvas, frame: ChartFrame) {
        let barLeft = frame.plotLeft + (frame.plotRight - frame.plotLeft) * 0.3
        let barWidth = (frame.plotRight - frame.plotLeft) * 0.4
        let y = frame.height - 30
        let pieces = 24
        for piece in 0..<pieces {
            let t = (Double(piece) + 0.5) / Double(pieces)
            canvas.rect(
                x: barLeft + barWidth * Double(piece) / Double(pieces), y: y,
                width: barWidth / Double(pieces) + 0.3, height: 8,
                fill: ChartPalette.sequential(darkEndIsHigh ? 1 - t : t))
        }
        canvas.text(
            colorFormat.format(colorScale.value(atFraction: 0)), x: barLeft - 6, y: y + 8,
            anchor: .end, cssClass: "tick")
        canvas.text(
            colorFormat.format(colorScale.value(atFraction: 1)), x: barLeft + barWidth + 6,
            y: y + 8, cssClass: "tick")
        canvas.text(
            colorLabel + " (dark = better)",
            x: barLeft + barWidth / 2, y: y + 22, anchor: .middle, cssClass: "axis-label")
    }
}
