import Foundation

/// A heat map over two axes: rectangular cells between bin edges, coloured by a value on a
/// viridis scale, with a colour bar at the right; the strongest interaction's contour.
///
/// Edges are in the axes' values (for a category axis, `-0.5, 0.5, 1.5, …`), so log axes get
/// cells of equal width on the page. Cells without a value are left blank.
public struct HeatMapChart: Sendable {
    /// One cell: columns and rows count from the low end of each axis.
    public struct Cell: Sendable {
        public var column: Int
        public var row: Int
        public var value: Double
        public var tooltip: String?

        public init(column: Int, row: Int, value: Double, tooltip: String? = nil) {
            self.column = column
            self.row = row
            self.value = value
            self.tooltip = tooltip
        }
    }

    public var title: String
    public var x: ChartAxis
    public var y: ChartAxis
    public var columnEdges: [Double]
    public var rowEdges: [Double]
    public var cells: [Cell]
    public var colorLabel: String
    /// The values at the two ends of the colour bar: the low end gets viridis's dark end.
    public var colorScale: ChartScale
    public var colorFormat: ValueFormat
    /// Whether the dark colour goes to the high end of ``colorScale`` (for a maximized
    /// objective, so the better cells are dark either way).
    public var darkEndIsHigh: Bool
    /// Marks drawn over the cells (the best trial).
    public var labels: [ScatterChart.Label]

    public init(
        title: String, x: ChartAxis, y: ChartAxis, columnEdges: [Double], rowEdges: [Double],
        cells: [Cell], colorLabel: String, colorScale: ChartScale,
        colorFormat: ValueFormat = .number, darkEndIsHigh: Bool = false,
        labels: [ScatterChart.Label] = []
    ) {
        self.title = title
        self.x = x
        self.y = y
        self.columnEdges = columnEdges
        self.rowEdges = rowEdges
        self.cells = cells
        self.colorLabel = colorLabel
        self.colorScale = colorScale
        self.colorFormat = colorFormat
        self.darkEndIsHigh = darkEndIsHigh
        self.labels = labels
    }

    /// The chart as SVG.
    public func render(id: String, caption: String, width: Double = 600, height: Double = 380)
        -> RenderedChart
    {
        let frame = ChartFrame(
            width: width, height: height, title: title, legend: [], yAxis: y, xAxis: x,
            xLabelRows: 1, right: 92)
        var canvas = SVGCanvas(width: width, height: height, label: title, data: [("chart", id)])
        frame.drawTitle(title, legend: [], on: &canvas)
        func px(_ value: Double) -> Double {
            x.scale.position(of: x.scale.clamped(value), from: frame.plotLeft, to: frame.plotRight)
        }
        func py(_ value: Double) -> Double {
            y.scale.position(of: y.scale.clamped(value), from: frame.plotBottom, to: frame.plotTop)
        }
        canvas.beginGroup(cssClass: "cells")
        for cell in cells
        where cell.column + 1 < columnEdges.count && cell.row + 1 < rowEdges.count
            && cell.column >= 0 && cell.row >= 0
        {
            let x0 = px(columnEdges[cell.column])
            let x1 = px(columnEdges[cell.column + 1])
            let y0 = py(rowEdges[cell.row])
            let y1 = py(rowEdges[cell.row + 1])
            canvas.rect(
                x: x0, y: y1, width: x1 - x0, height: y0 - y1,
                fill: color(of: cell.value),
                cssClass: "cell", tooltip: cell.tooltip)
        }
        canvas.endGroup()
        frame.drawXAxis(x, on: &canvas, grid: false)
        frame.drawYAxis(y, on: &canvas, grid: false)
        for label in labels where x.scale.admits(label.x) && y.scale.admits(label.y) {
            canvas.marker(
                label.marker, x: px(label.x), y: py(label.y), size: 12, color: label.color,
                cssClass: "label-mark", tooltip: label.tooltip ?? label.text)
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
        let left = frame.plotRight + 16
        let top = frame.plotTop + 4
        let barHeight = frame.plotBottom - frame.plotTop - 8
        let pieces = 24
        for piece in 0..<pieces {
            let t = (Double(piece) + 0.5) / Double(pieces)
            canvas.rect(
                x: left, y: top + barHeight * (1 - Double(piece + 1) / Double(pieces)),
                width: 10, height: barHeight / Double(pieces) + 0.3,
                fill: ChartPalette.sequential(darkEndIsHigh ? 1 - t : t))
        }
        canvas.text(
            colorFormat.format(colorScale.value(atFraction: 1)), x: left + 14, y: top + 8,
            cssClass: "tick")
        canvas.text(
            colorFormat.format(colorScale.value(atFraction: 0)), x: left + 14,
            y: top + barHeight, cssClass: "tick")
        let label = ChartFrame.truncated(
            colorLabel + " (dark = better)",
            to: Int(barHeight / ChartFrame.fontWidth))
        canvas.text(
            label, x: left + 40, y: top + barHeight / 2, anchor: .middle, cssClass: "axis-label",
            rotation: 90)
    }
}
