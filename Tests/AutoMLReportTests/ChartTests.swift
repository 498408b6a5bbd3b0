import AutoML
@testable import AutoMLReport
import Foundation
import Testing

@Suite struct ChartScaleTests {
    struct NiceCase: Sendable, CustomTestStringConvertible {
        var low: Double
        var high: Double
        var count: Int
        var ticks: [Double]
        var testDescription: String { "\(low)…\(high) in about \(count) ticks" }
    }

    @Test(
        "linear ticks step by 1, 2 or 5 times a power of ten and cover the niced domain",
        arguments: [
            NiceCase(low: 0.13, high: 0.87, count: 6, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1]),
            NiceCase(
                low: 0, high: 9_999, count: 5, ticks: [0, 2_000, 4_000, 6_000, 8_000, 10_000]),
            NiceCase(low: -3.2, high: 4.1, count: 6, ticks: [-4, -2, 0, 2, 4, 6]),
            NiceCase(
                low: 0.9412, high: 0.9693, count: 6,
                ticks: [0.94, 0.945, 0.95, 0.955, 0.96, 0.965, 0.97]),
        ])
    func linearTicks(_ item: NiceCase) {
        let scale = ChartScale.linear(item.low...item.high).niced(tickCount: item.count)
        let ticks = scale.ticks(count: item.count)
        #expect(ticks.count == item.ticks.count, "\(ticks)")
        for (tick, expected) in zip(ticks, item.ticks) {
            #expect(abs(tick - expected) < 1e-9 * max(1, abs(expected)), "\(ticks)")
        }
        #expect(scale.domain.lowerBound <= item.low && scale.domain.upperBound >= item.high)
    }

    @Test("the step is the first of 1, 2, 5 × 10^k giving at most the asked intervals")
    func niceStep() {
        #expect(ChartScale.niceStep(span: 1, intervals: 5) == 0.2)
        #expect(ChartScale.niceStep(span: 7, intervals: 5) == 2)
        #expect(ChartScale.niceStep(span: 30, intervals: 5) == 10)
        #expect(ChartScale.niceStep(span: 0.003, intervals: 6) == 0.0005)
    }

    @Test("a fitted linear axis is ticked at both of its ends, at the step it was niced with")
    func fittedEnds() {
        // 0 … 9,999 nices to 0 … 10,000 in steps of 2,000.
        let trials = ChartAxis.fitting([0, 9_999], label: "trial number", padding: 0)
        #expect(trials.ticks().map(\.value) == [0, 2_000, 4_000, 6_000, 8_000, 10_000])
        // A pad below 0 nices to −2,000 … 12,000: seven steps of 2,000, both ends ticked
        // (asked anew for six ticks, the wider span would step by 5,000 and leave the ends bare).
        let padded = ChartAxis.fitting([0, 10_000], label: "n", padding: 0.01)
        let values = padded.ticks().map(\.value)
        #expect(values.first == padded.scale.domain.lowerBound)
        #expect(values.last == padded.scale.domain.upperBound)
        #expect(values == stride(from: -2_000.0, through: 12_000, by: 2_000).map { $0 })
    }

    @Test("a title wider than its chart is cut with an ellipsis and whole in its tooltip")
    func longTitle() {
        let title =
            "Interaction: gradient_boosting.max_depth × gradient_boosting.learning_rate"
        let chart = HeatMapChart(
            title: title, x: .fitting([0, 1], label: "x"), y: .fitting([0, 1], label: "y"),
            columnEdges: [0, 1], rowEdges: [0, 1], cells: [.init(column: 0, row: 0, value: 1)],
            colorLabel: "value", colorScale: .linear(0...1)
        ).render(id: "t", caption: "")
        // (600 − 24) / 8.4 = 68 characters: 67 and an ellipsis.
        let shown = String(title.prefix(67)) + "…"
        #expect(chart.svg.contains("class=\"chart-title\"><title>\(title)</title>\(shown)</text>"))
        let short = HeatMapChart(
            title: "Interaction: x × y", x: .fitting([0, 1], label: "x"),
            y: .fitting([0, 1], label: "y"), columnEdges: [0, 1], rowEdges: [0, 1], cells: [],
            colorLabel: "value", colorScale: .linear(0...1)
        ).render(id: "s", caption: "")
        #expect(short.svg.contains("class=\"chart-title\">Interaction: x × y</text>"))
    }

    @Test("log ticks fall on powers of ten, with 2 and 5 between them over short spans")
    func logTicks() {
        let wide = ChartScale.log(2e-5...3e-1).niced()
        #expect(wide.domain.lowerBound == 2e-5)
        #expect(abs(wide.domain.upperBound - 0.5) < 1e-12)
        #expect(wide.ticks().map { log10($0).rounded() } == [-4, -3, -2, -1])
        let short = ChartScale.log(3e3...4e4).niced()
        let ticks = short.ticks()
        #expect(ticks.contains(1e4))
        #expect(ticks.contains(5e3) && ticks.contains(2e4))
        #expect(
            ticks.allSatisfy { short.domain.contains($0 * (1 - 1e-9)) || short.domain.contains($0) }
        )
        // Positions: equal ratios, equal distances.
        let a = wide.position(of: 1e-4, from: 0, to: 100)
        let b = wide.position(of: 1e-3, from: 0, to: 100)
        let c = wide.position(of: 1e-2, from: 0, to: 100)
        #expect(abs((b - a) - (c - b)) < 1e-9)
    }

    @Test("categories sit at the centres of equal bands")
    func categories() {
        let scale = ChartScale.categories(["a", "b", "c", "d"])
        #expect(scale.position(of: 0, from: 0, to: 400) == 50)
        #expect(scale.position(of: 3, from: 0, to: 400) == 350)
        #expect(scale.ticks() == [0, 1, 2, 3])
        #expect(scale.label(of: 2, format: .number, ticks: []) == "c")
    }

    @Test("values read with their units")
    func formats() {
        #expect(ValueFormat.seconds.format(0.00025) == "250 µs")
        #expect(ValueFormat.seconds.format(0.012) == "12 ms")
        #expect(ValueFormat.seconds.format(2.5) == "2.5 s")
        #expect(ValueFormat.bytes.format(21_000) == "21 kB")
        #expect(ValueFormat.bytes.format(3_100_000) == "3.1 MB")
        #expect(ValueFormat.integer.format(10_000) == "10,000")
        #expect(ValueFormat.number.format(0.945, step: 0.005) == "0.945")
        #expect(ValueFormat.number.format(-2, step: 2) == "−2")
        #expect(ValueFormat.number.format(1e-5) == "1e-5")
        #expect(ValueFormat.rate.format(250_000) == "250k rows/s")
    }
}

@Suite struct SVGCanvasTests {
    @Test("texts and attribute values are escaped, and the result parses as XML")
    func escaping() {
        var canvas = SVGCanvas(
            width: 100, height: 50, label: "a <b> & \"c\"", data: [("chart", "x\"><script>")])
        canvas.text("<script>alert('x')</script> & more", x: 1, y: 2, tooltip: "t<i>")
        canvas.circle(x: 3, y: 4, radius: 2, fill: "#000", tooltip: "trial <1> & 'two'")
        canvas.rect(x: 5, y: 6, width: -3, height: 2, fill: "red\" onload=\"x")
        canvas.text("control\u{1}char", x: 0, y: 0)
        let svg = canvas.rendered()
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("onload=\"x"))
        #expect(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; more"))
        #expect(svg.contains("width=\"3\""))
        let parsed = parseXML(svg)
        #expect(parsed.ok, "\(parsed.error)")
    }

    @Test("coordinates are written to a tenth, without exponents")
    func numbers() {
        #expect(SVGCanvas.number(12.345) == "12.3")
        #expect(SVGCanvas.number(-0.04) == "0")
        #expect(SVGCanvas.number(-0.06) == "-0.1")
        #expect(SVGCanvas.number(1e-9) == "0")
        #expect(SVGCanvas.number(123_456.7) == "123456.7")
        #expect(SVGCanvas.number(.nan) == "0")
    }

    @Test("the palette gives eight distinct Okabe–Ito colours, viridis from purple to yellow")
    func palette() {
        #expect(Set(ChartPalette.categorical).count == 8)
        #expect(ChartPalette.category(9) == ChartPalette.category(1))
        #expect(ChartPalette.sequential(0) == "#440154")
        #expect(ChartPalette.sequential(1) == "#fde725")
    }

    @Test("every chart kind renders well-formed SVG with its title")
    func chartKinds() throws {
        let axis = ChartAxis.fitting([0, 1], label: "fraction")
        let charts = [
            BarChart(
                title: "bars", axis: axis,
                bars: [
                    .init(label: "a", value: 0.5, low: 0.4, high: 0.6),
                    .init(label: "b", value: 0.2),
                ]
            ).render(id: "bars", caption: ""),
            WaterfallChart(
                title: "waterfall", axis: axis, startLabel: "start", startValue: 0.2,
                steps: [
                    .init(label: "x → 1", value: 0.5),
                    .init(label: "y → 2", value: 0.45, isSignificant: false),
                ],
                end: (label: "end", value: 0.46), higherIsBetter: true
            ).render(id: "waterfall", caption: ""),
            ParallelCoordinatesChart(
                title: "parallel", axes: [axis, axis, axis],
                lines: [
                    .init(values: [0.1, nil, 0.3], colorValue: 0.2),
                    .init(values: [0.5, 0.6, 0.7], colorValue: 0.9),
                ],
                colorLabel: "value", colorScale: .linear(0...1)
            ).render(id: "parallel", caption: ""),
            HeatMapChart(
                title: "heat", x: axis, y: axis, columnEdges: [0, 0.5, 1], rowEdges: [0, 0.5, 1],
                cells: [
                    .init(column: 0, row: 1, value: 0.3), .init(column: 1, row: 0, value: 0.8),
                ],
                colorLabel: "mean", colorScale: .linear(0.3...0.8)
            ).render(id: "heat", caption: ""),
            ScatterChart(
                title: "scatter",
                x: ChartAxis.fitting([1e-4, 1e-1], label: "s", log: true, format: .seconds),
                y: axis,
                series: [
                    .init(
                        name: "p", color: ChartPalette.blue,
                        points: [.init(x: 1e-3, y: 0.5), .init(x: 1e-2, y: 2)])
                ],
                labels: [.init(x: 1e-3, y: 0.5, text: "best", color: ChartPalette.vermillion)]
            ).render(id: "scatter", caption: ""),
        ]
        for chart in charts {
            let parsed = parseXML(chart.svg)
            #expect(parsed.ok, "\(chart.id): \(parsed.error)")
            #expect(chart.svg.contains(">\(chart.title)</text>"))
        }
        // A point beyond the axis is an open triangle on its edge, not a circle.
        let scatter = try #require(charts.last)
        #expect(scatter.pointCount == 1)
        #expect(scatter.svg.contains("class=\"clipped\""))
    }
}

@Suite struct TerminalViewTests {
    @Test("the sparkline of a minimized study falls, one block per share of the trials")
    func sparkline() throws {
        let data = fixedStudy()
        let line = try #require(
            Sparkline.bestSoFar(of: data.trials, direction: .minimize, width: 20))
        #expect(line.count == 20)
        let levels = line.map { Sparkline.blocks.firstIndex(of: $0) ?? -1 }
        #expect(levels.allSatisfy { $0 >= 0 })
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(levels.last == 0)
        #expect(Sparkline.bestSoFar(of: [], direction: .minimize) == nil)
        #expect(Sparkline.line([1, 2, 3]) == "▁▅█")
    }

    @Test("the leaderboard of a command study lists its best trials, best first")
    func leaderboard() {
        let board = Leaderboard(fixedStudy())
        #expect(!board.isModelSearch)
        #expect(board.rows.count == 10)
        #expect(zip(board.rows, board.rows.dropFirst()).allSatisfy { $0.score <= $1.score })
        #expect(board.text.split(separator: "\n").count == 11)
    }
}
