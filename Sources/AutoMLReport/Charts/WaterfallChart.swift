import Foundation

/// An ablation path as a horizontal waterfall: the start value on the first row, then one row
/// per step with a bar from the value before the step to the value after it, the end value on
/// the last row; dashed connectors carry each value down to the next row.
///
/// Bars that move the score the good way are bluish green, the others vermillion; a step whose
/// change is within the noise is drawn pale with a dashed outline. Whiskers show each step's
/// spread (± one standard deviation over repeats) around its value.
public struct WaterfallChart: Sendable {
    /// One step of the path.
    public struct Step: Sendable {
        public var label: String
        /// The value after the step (the value before is the previous step's, or the start).
        public var value: Double
        /// One standard deviation of `value`, when known.
        public var spread: Double?
        /// Whether the change is larger than the noise.
        public var isSignificant: Bool
        public var tooltip: String?

        public init(
            label: String, value: Double, spread: Double? = nil, isSignificant: Bool = true,
            tooltip: String? = nil
        ) {
            self.label = label
            self.value = value
            self.spread = spread
            self.isSignificant = isSignificant
            self.tooltip = tooltip
        }
    }

    public var title: String
    /// The value axis (at the bottom).
    public var axis: ChartAxis
    public var startLabel: String
    public var startValue: Double
    public var steps: [Step]
    /// A last row (the best trial's stored score), when given.
    public var end: (label: String, value: Double)?
    /// Whether higher values are better (so a step to the right is an improvement).
    public var higherIsBetter: Bool

    public init(
        title: String, axis: ChartAxis, startLabel: String, startValue: Double, steps: [Step],
        end: (label: String, value: Double)? = nil, higherIsBetter: Bool
    ) {
        self.title = title
        self.axis = axis
        self.startLabel = startLabel
        self.startValue = startValue
        self.steps = steps
        self.end = end
        self.higherIsBetter = higherIsBetter
    }

    /// The chart as SVG, `width` wide (22 px a row).
    public func render(id: String, caption: String, width: Double = 600) -> RenderedChart {
        let rowHeight = 22.0
        let legend = [
            LegendEntry(name: "improves", color: ChartPalette.bluishGreen, marker: .square),
            LegendEntry(name: "worsens", color: ChartPalette.vermillion, marker: .square),
            LegendEntry(
                name: "within noise (pale)", color: ChartPalette.lightGrey, marker: .square),
        ]
        var rows: [(String, Double)] = [(startLabel, startValue)]
        rows += steps.map { ($0.label, $0.value) }
        if let end { rows.append((end.label, end.value)) }
        // The label column is as wide as the widest label (at most 45 % of the chart); a label
        // wider than that is cut with an ellipsis, whole in its tooltip. Labels end 6 px left
        // of the axis and start at least 8 px inside the image.
        let labelRoom = width * 0.45 - 14
        let widest = rows.map { ChartFrame.textWidth($0.0) }.max() ?? 24
        var frame = ChartFrame(
            width: width, height: 0, title: title, legend: legend, yAxis: nil, xLabelRows: 1)
        frame.left = max(min(widest, labelRoom) + 14, 60)
        frame.height = frame.top + Double(rows.count) * rowHeight + frame.bottom
        var canvas = SVGCanvas(
            width: width, height: frame.height, label: title, data: [("chart", id)])
        frame.drawTitle(title, legend: legend, on: &canvas)
        frame.drawXAxis(axis, on: &canvas)
        canvas.line(
            x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom,
            cssClass: "axis")
        func px(_ value: Double) -> Double {
            axis.scale.position(
                of: axis.scale.clamped(value), from: frame.plotLeft, to: frame.plotRight)
        }
        func middle(_ row: Int) -> Double { frame.plotTop + (Double(row) + 0.5) * rowHeight }
        for (row, (label, _)) in rows.enumerated() {
            let shown = ChartFrame.truncated(label, toWidth: labelRoom)
            let stepTooltip = row >= 1 && row <= steps.count ? steps[row - 1].tooltip : nil
            canvas.text(
                shown, x: frame.plotLeft - 6, y: middle(row) + 4, anchor: .end, cssClass: "tick",
                tooltip: shown == label
                    ? stepTooltip : [label, stepTooltip].compactMap { $0 }.joined(separator: "\n"))
        }
        canvas.marker(
            .diamond, x: px(startValue), y: middle(0), size: 10, color: ChartPalette.black,
            tooltip: "\(startLabel): \(axis.format.format(startValue))")
        var previous = startValue
        for (index, step) in steps.enumerated() {
            let row = index + 1
            canvas.line(
                x1: px(previous), y1: middle(row - 1), x2: px(previous), y2: middle(row),
                cssClass: "connector", dashed: true)
            let improves = higherIsBetter ? step.value >= previous : step.value <= previous
            let color = improves ? ChartPalette.bluishGreen : ChartPalette.vermillion
            let barWidth = px(step.value) - px(previous)
            canvas.rect(
                x: px(previous), y: middle(row) - 7, width: abs(barWidth) < 0.8 ? 0.8 : barWidth,
                height: 14, fill: color, stroke: step.isSignificant ? nil : color,
                opacity: step.isSignificant ? 1 : 0.3,
                cssClass: step.isSignificant ? "bar" : "bar noise",
                tooltip: step.tooltip ?? "\(step.label): \(axis.format.format(step.value))")
            if let spread = step.spread, spread > 0 {
                var d = PathData()
                d.move(px(step.value - spread), middle(row))
                d.line(px(step.value + spread), middle(row))
                d.move(px(step.value - spread), middle(row) - 4)
                d.line(px(step.value - spread), middle(row) + 4)
                d.move(px(step.value + spread), middle(row) - 4)
                d.line(px(step.value + spread), middle(row) + 4)
                canvas.path(d, stroke: ChartPalette.black, strokeWidth: 1.1, cssClass: "whisker")
            }
            previous = step.value
        }
        if let end {
            let row = rows.count - 1
            canvas.line(
                x1: px(previous), y1: middle(row - 1), x2: px(previous), y2: middle(row),
                cssClass: "connector", dashed: true)
            canvas.marker(
                .diamond, x: px(end.value), y: middle(row), size: 10, color: ChartPalette.blue,
                tooltip: "\(end.label): \(axis.format.format(end.value))")
        }
        return RenderedChart(
            id: id, title: title, caption: caption, svg: canvas.rendered(), pointCount: 0)
    }
}
