import AutoML
import AutoMLBenchmarks
@testable import AutoMLReport
import AutoMLTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One `<text>` of an SVG: where it is anchored, how, what it shows and its tooltip.
struct SVGText {
    var x: Double
    var y: Double
    var anchor: String
    var cssClass: String
    var isRotated: Bool
    var text: String
    var tooltip: String?

    /// The estimated horizontal extent of an unrotated text, by its anchor.
    func extent(fontSize: Double = 11) -> ClosedRange<Double> {
        let width = ChartFrame.textWidth(text, fontSize: fontSize)
        switch anchor {
        case "end": return (x - width)...x
        case "middle": return (x - width / 2)...(x + width / 2)
        default: return x...(x + width)
        }
    }
}

/// The `<text>` elements of `svg`, in order, with the SVG's width and height.
func svgTexts(_ svg: String) -> (width: Double, height: Double, texts: [SVGText]) {
    final class Collector: NSObject, XMLParserDelegate {
        var width = 0.0
        var height = 0.0
        var texts: [SVGText] = []
        var current: SVGText?
        var inTitle = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            switch name {
            case "svg":
                let box = (attributes["viewBox"] ?? "").split(separator: " ").compactMap {
                    Double($0)
                }
                if box.count == 4 { (width, height) = (box[2], box[3]) }
            case "text":
                current = SVGText(
                    x: Double(attributes["x"] ?? "") ?? .nan,
                    y: Double(attributes["y"] ?? "") ?? .nan,
                    anchor: attributes["text-anchor"] ?? "start",
                    cssClass: attributes["class"] ?? "",
                    isRotated: attributes["transform"] != nil, text: "")
            case "title" where current != nil:
                inTitle = true
                current?.tooltip = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle {
                current?.tooltip? += string
            } else {
                current?.text += string
            }
        }

        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
            qualifiedName: String?
        ) {
            if name == "title" { inTitle = false }
            if name == "text", let text = current {
                texts.append(text)
                current = nil
            }
        }
    }
    let collector = Collector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    _ = parser.parse()
    return (collector.width, collector.height, collector.texts)
}

@Suite struct ChartLayoutTests {
    @Test("the text estimate counts digits, capitals and symbols wider than letters")
    func textWidth() {
        // DejaVu Sans at 11 px: "0123456789" is 70 px, "svm.gamma → 0.01931" 130 px (the
        // estimate of 19 × 6.1 = 116 px the charts used was 11 % short).
        #expect(abs(ChartFrame.textWidth("0123456789") - 70) < 1)
        #expect(abs(ChartFrame.textWidth("svm.gamma → 0.01931") - 130) < 130 * 0.04)
        #expect(ChartFrame.textWidth("abc", fontSize: 22) == 2 * ChartFrame.textWidth("abc"))
        let cut = ChartFrame.truncated("gradient_boosting.learning_rate", toWidth: 80)
        #expect(cut.hasSuffix("…") && ChartFrame.textWidth(cut) <= 80)
        #expect(ChartFrame.truncated("learner", toWidth: 80) == "learner")
    }

    @Test("an ablation value reads to four significant digits; names and integers as they are")
    func shortValues() {
        #expect(StudyReportBuilder.shortValue("0.01931390079579965") == "0.01931")
        #expect(StudyReportBuilder.shortValue("1.4485104637327533") == "1.449")
        #expect(StudyReportBuilder.shortValue("0.006252023453241365") == "0.006252")
        #expect(StudyReportBuilder.shortValue("2.5e-07") == "2.500e-07")
        #expect(StudyReportBuilder.shortValue("12") == "12")
        #expect(StudyReportBuilder.shortValue("support_vector_machine") == "support_vector_machine")
        #expect(StudyReportBuilder.shortValue("true") == "true")
    }

    @Test(
        "the waterfall's row labels start inside the image; one too long is cut, whole in its tooltip"
    )
    func waterfallLabels() throws {
        let long = "gradient_boosting.min_impurity_decrease → 0.0193139007957996512345"
        let chart = WaterfallChart(
            title: "Ablation path", axis: .fitting([0.96, 0.99], label: "accuracy"),
            startLabel: "baseline (default)", startValue: 0.965,
            steps: [
                .init(label: "svm.gamma → 0.019313900795799", value: 0.97),
                .init(label: long, value: 0.975, tooltip: "step 2"),
                .init(label: "svm.c → 1.449", value: 0.98),
            ],
            end: (label: "best trial #36 (stored)", value: 0.981), higherIsBetter: true
        ).render(id: "ablation", caption: "")
        let (width, _, texts) = svgTexts(chart.svg)
        let labels = texts.filter { $0.cssClass == "tick" && $0.anchor == "end" }
        #expect(labels.count == 5)
        for label in labels {
            #expect(label.extent().lowerBound >= 0, "\(label.text) starts outside the image")
            #expect(label.extent().upperBound <= width)
        }
        // The numeric labels fit whole: the column is as wide as they need.
        #expect(labels.contains { $0.text == "svm.gamma → 0.019313900795799" && $0.tooltip == nil })
        let cut = try #require(labels.first { $0.text.hasSuffix("…") })
        #expect(long.hasPrefix(cut.text.dropLast()))
        #expect(cut.tooltip == long + "\nstep 2")
        // The label column stays within 45 % of the chart.
        #expect(try #require(labels.map(\.x).max()) <= width * 0.45)
    }

    @Test("rotated category ticks end inside the image, above the axis label, long ones cut")
    func rotatedCategoryTicks() throws {
        let names = [
            "logistic_regression", "knn", "gaussian_nb", "decision_tree", "random_forest",
            "extra_trees", "gradient_boosting", "adaboost", "mlp", "svm", "linear_svm",
        ]
        let points = names.indices.map { ScatterChart.Point(x: Double($0), y: 0.95) }
        let chart = ScatterChart(
            title: "Slice: learner",
            x: ChartAxis(label: "learner", scale: .categories(names)),
            y: .fitting([0.9, 1], label: "accuracy"),
            series: [.init(name: "complete trial", color: ChartPalette.blue, points: points)]
        ).render(id: "slice-1", caption: "", height: 370)
        let (width, height, texts) = svgTexts(chart.svg)
        let ticks = texts.filter { $0.isRotated && $0.cssClass == "tick" }
        #expect(ticks.count == names.count)
        let axisLabel = try #require(texts.first { $0.cssClass == "axis-label" && !$0.isRotated })
        #expect(axisLabel.text == "learner")
        let angle = ChartFrame.rotatedTickAngle * .pi / 180
        for tick in ticks {
            let length = ChartFrame.textWidth(tick.text)
            // Anchored at its end, a label turned by −45° runs down to the left of (x, y); its
            // glyphs rise 8 px to the upper left of the baseline.
            let left = tick.x - length * cos(angle) - 8 * sin(angle)
            let bottom = tick.y + length * sin(angle) + 3
            #expect(left >= 0, "\(tick.text) starts \(-left) px left of the image")
            #expect(tick.x <= width)
            #expect(bottom <= axisLabel.y - 11, "\(tick.text) runs into the axis label")
            #expect(axisLabel.y <= height)
            if tick.text.hasSuffix("…") {
                let name = try #require(tick.tooltip)
                #expect(names.contains(name) && name.hasPrefix(tick.text.dropLast()))
            } else {
                #expect(names.contains(tick.text) && tick.tooltip == nil)
            }
        }
        #expect(ticks.contains { $0.text.hasSuffix("…") })
        // Neighbours, as parallel slanted lines, sit at least a line's height apart.
        let xs = ticks.map(\.x)
        for (a, b) in zip(xs, xs.dropFirst()) { #expect((b - a) * sin(angle) >= 13) }
    }

    @Test("parallel-coordinates axis titles are cut to the room between their neighbours")
    func parallelTitles() throws {
        let labels = [
            "learner", "linear_svm.c (log scale)", "adaboost.max_depth",
            "adaboost.learning_rate (log scale)", "extra_trees.max_depth (log scale)",
            "svm.c (log scale)", "accuracy",
        ]
        let axes = labels.map { ChartAxis.fitting([0, 1], label: $0) }
        let chart = ParallelCoordinatesChart(
            title: "Best trials", axes: axes,
            lines: [.init(values: Array(repeating: 0.5, count: labels.count), colorValue: 0.5)],
            colorLabel: "accuracy", colorScale: .linear(0...1)
        ).render(id: "parallel", caption: "", width: 1000)
        let (width, _, texts) = svgTexts(chart.svg)
        let titles = texts.filter { $0.cssClass == "axis-label" && $0.y < 60 }
        #expect(titles.count == labels.count)
        let extents = titles.map { $0.extent(fontSize: 11.5) }
        for (a, b) in zip(extents, extents.dropFirst()) {
            #expect(a.upperBound + 8 <= b.lowerBound, "titles \(a) and \(b) overlap")
        }
        #expect(try #require(extents.first).lowerBound >= 0)
        #expect(try #require(extents.last).upperBound <= width)
        for (title, label) in zip(titles, labels) {
            if title.text == label {
                #expect(title.tooltip == nil)
            } else {
                #expect(title.text.hasSuffix("…") && title.tooltip == label)
            }
        }
        #expect(titles.contains { $0.text.hasSuffix("…") })
        #expect(titles.first?.text == "learner" && titles.last?.text == "accuracy")
    }

    @Test("a front is drawn over the points and carried on to the plot's right edge")
    func frontOverPoints() throws {
        let points = (0..<30).map { ScatterChart.Point(x: 9 + Double($0 % 3) * 0.1, y: 0.97) }
        let front: [ScatterChart.Point] = [.init(x: 9, y: 0.97), .init(x: 9.2, y: 0.98)]
        let chart = ScatterChart(
            title: "Score against p99 latency",
            x: .fitting([5, 1_000], label: "p99", log: true),
            y: .fitting([0.95, 0.99], label: "accuracy"),
            series: [
                .init(name: "model trial", color: ChartPalette.blue, points: points),
                .init(
                    name: "front", color: ChartPalette.grey, points: front, connection: .front,
                    showsPoints: false),
            ]
        ).render(id: "front-latency", caption: "")
        let svg = chart.svg
        let line = try #require(svg.range(of: "class=\"series-line front\""))
        let lastPoint = try #require(svg.range(of: "<circle", options: .backwards))
        #expect(lastPoint.lowerBound < line.lowerBound, "the front is drawn under the points")
        // The path's last segment runs at the best score to the right edge (600 − 16 = 584).
        let path = try #require(
            svg[..<line.lowerBound].range(of: "<path d=\"", options: .backwards))
        let data = svg[path.upperBound...].prefix { $0 != "\"" }
        let ys = data.split(whereSeparator: { "ML".contains($0) }).map { $0.split(separator: " ") }
        #expect(ys.count == 4)  // move, step across, step up, on to the edge
        #expect(ys[2][1] == ys[3][1] && ys[3][0] == "584")
    }

    @Test("both trade-off charts of a model search draw their front over the points")
    func modelSearchFronts() async throws {
        let data = try await syntheticModelSearch(trialCount: 120)
        let report = StudyReportBuilder(data).build()
        for id in ["front-latency", "front-bytes"] {
            let svg = try chart(id, in: report).svg
            #expect(count("class=\"series-line front\"", in: svg) == 1, "\(id)")
            let line = try #require(svg.range(of: "class=\"series-line front\""))
            let points = try #require(svg.range(of: "class=\"points\"", options: .backwards))
            #expect(points.lowerBound < line.lowerBound, "\(id): the front is under the points")
        }
    }
}
