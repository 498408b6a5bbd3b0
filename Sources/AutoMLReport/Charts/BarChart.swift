import Foundation

/// Horizontal bars with optional interval whiskers, one row per label, top to bottom: parameter
/// importance.
///
/// Labels longer than the left margin allows are cut with an ellipsis (the full label is the
/// row's tooltip). The chart's height grows with the number of bars (22 px a row).
public struct BarChart: Sendable {
    /// One bar from the axis's zero (or its low end) to `value`, whiskers from `low` to `high`.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var low: Double?
        public var high: Double?
        public var color: String
        public var tooltip: String?

        public init(
            label: String, value: Double, low: Double? = nil, high: Double? = nil,
            color: String = ChartPalette.blue, tooltip: String? = nil
        ) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
            self.color = color
            self.tooltip = tooltip
        }
    }

    public var title: String
    /// The value axis (at the bottom).
    public var axis: ChartAxis
    public var bars: [Bar]
    public var legend: [LegendEntry]

    public init(title: String, axis: ChartAxis, bars: [Bar], legend: [LegendEntry] = []) {
        self.title = title
        self.axis = axis
        self.bars = bars
        self.legend = legend
    }

    /// The chart as SVG, `width` wide.
    public func render(id: String, caption: String, width: Double = 600) -> RenderedChart {
        let rowHeight = 22.0
        let labelLimit = 30
        let longest = bars.map { min($0.label.count, labelLimit) }.max() ?? 4
        var frame = ChartFrame(
            width: width, height: 0, title: title, legend: legend, yAxis: nil, xLabelRows: 1)
        frame.left = min(max(Double(longest) * ChartFrame.fontWidth + 16, 60), width * 0.45)
        frame.height = frame.top + Double(max(bars.count, 1)) * rowHeight + frame.bottom
        var canvas = SVGCanvas(
            width: width, height: frame.height, label: title, data: [("chart", id)])
        frame.drawTitle(title, legend: legend, on: &canvas)
        frame.drawXAxis(axis, on: &canvas)
        canvas.line(
            x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom,
            cssClass: "axis")
        let zero = axis.scale.clamped(axis.scale.admits(0) ? 0 : axis.scale.domain.lowerBound)
        func px(_ value: Double) -> Double {
            axis.scale.position(
                of: axis.scale.clamped(value), from: frame.plotLeft, to: frame.plotRight)
        }
        for (index, bar) in bars.enumerated() {
            let top = frame.plotTop + Double(index) * rowHeight
            let middle = top + rowHeight / 2
            let label = ChartFrame.truncated(bar.label, to: labelLimit)
            let tooltip = bar.tooltip ?? bar.label
            canvas.text(
                label, x: frame.plotLeft - 6, y: middle + 4, anchor: .end, cssClass: "tick",
                tooltip: label == bar.label ? nil : bar.label)
            if axis.scale.admits(bar.value) {
                canvas.rect(
                    x: px(zero), y: top + 4, width: px(bar.value) - px(zero),
                    height: rowHeight - 8, fill: bar.color, cssClass: "bar", tooltip: tooltip)
            }
            if let low = bar.low, let high = bar.high, axis.scale.admits(low),
                axis.scale.admits(high)
            {
                var d = PathData()
                d.move(px(low), middle)
                d.line(px(high), middle)
                d.move(px(low), middle - 5)
                d.line(px(low), middle + 5)
                d.move(px(high), middle - 5)
                d.line(px(high), middle + 5)
                canvas.path(
                    d, stroke: ChartPalette.black, strokeWidth: 1.3, cssClass: "whisker",
                    tooltip: tooltip)
            }
        }
        return RenderedChart(
            id: id, title: title, caption: caption, svg: canvas.rendered(), pointCount: 0)
    }
}
