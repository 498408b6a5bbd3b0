import AutoML
import AutoMLBenchmarks
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct StudyReportBuilderTests {
    @Test("every SVG of a small study's report is well-formed XML, one per chart")
    func wellFormed() throws {
        let report = StudyReportBuilder(fixedStudy()).build()
        let parts = svgParts(of: report.html)
        #expect(parts.count == report.charts.count)
        #expect(count("<svg ", in: report.html) == report.charts.count)
        for (part, chart) in zip(parts, report.charts) {
            let parsed = parseXML(part)
            #expect(parsed.ok, "chart \(chart.id): \(parsed.error)")
            #expect(part.contains("data-chart=\"\(chart.id)\""))
        }
        // The charts a command study gets: history, importance, parallel coordinates, four
        // slices (x, rate, depth, kernel, gamma: the four most important), the contour.
        let ids = report.charts.map(\.id)
        #expect(ids.first == "history")
        #expect(ids.contains("importance"))
        #expect(ids.contains("parallel"))
        #expect(ids.filter { $0.hasPrefix("slice-") }.count == 4)
        #expect(ids.contains("contour"))
        #expect(!ids.contains("front-latency"))
        #expect(report.html.hasPrefix("<!DOCTYPE html>"))
        #expect(report.html.contains("</html>"))
    }

    @Test("the history draws one circle per complete trial, failed and pruned ones as marks")
    func historyPoints() throws {
        let data = fixedStudy()
        let report = StudyReportBuilder(data).build()
        let history = try chart("history", in: report)
        let complete = data.trials.filter { $0.state == .complete }.count
        #expect(complete == 33)
        #expect(count("<circle", in: history.svg) == complete)
        #expect(history.pointCount == complete)
        #expect(history.caption.contains("All 33 complete trials"))
        // Three failed and three pruned marks on the strip, with their reasons as tooltips.
        #expect(count("failed: the command exited", in: history.svg) == 3)
        #expect(count("pruned: pruned", in: history.svg) == 3)
        // Slices draw each trial where the parameter is active, plus nothing else as circles.
        for slice in report.charts where slice.id.hasPrefix("slice-") {
            #expect(count("<circle", in: slice.svg) == slice.pointCount)
            #expect(slice.pointCount > 0 && slice.pointCount <= complete)
        }
    }

    @Test("a study name and a categorical value holding <script> appear only as escaped text")
    func escaping() throws {
        let report = StudyReportBuilder(fixedStudy()).build()
        #expect(!report.html.contains(hostileText))
        #expect(!report.html.contains("<b>"))
        // Our own sorting script is the only script element.
        #expect(count("<script", in: report.html) == 1)
        let escapedHTML = "&lt;script&gt;alert(1)&lt;/script&gt;"
        // The header (title, h1, facts) and the slice and parallel-coordinates axes show it.
        #expect(report.html.contains("<h1>Study demo " + escapedHTML + "</h1>"))
        #expect(report.html.contains("<title>automl · Study demo " + escapedHTML + "</title>"))
        // Every parameter is an axis of the parallel coordinates: the choice is a tick label.
        let parallel = try chart("parallel", in: report)
        #expect(parallel.svg.contains(escapedHTML))
        #expect(!parallel.svg.contains(hostileText))
        // Failure reasons in tooltips too.
        #expect(try chart("history", in: report).svg.contains("stderr: " + escapedHTML))
    }

    @Test("an ampersand or an entity in a name is shown as typed, not decoded")
    func entities() throws {
        var data = fixedStudy()
        data.study.name = "a&amp;b &lt;c"
        let report = StudyReportBuilder(data).build()
        #expect(report.html.contains("<h1>Study a&amp;amp;b &amp;lt;c</h1>"))
        for part in svgParts(of: report.html) { #expect(parseXML(part).ok) }
    }

    @Test("a study of 10,000 trials is thinned: at most 2,000 history points, every record kept")
    func downsampling() throws {
        let data = fixedStudy(trialCount: 10_000)
        let report = StudyReportBuilder(data).build()
        let history = try chart("history", in: report)
        let complete = data.trials.filter { $0.state == .complete }
        var best = Double.infinity
        var records: [Int] = []
        for trial in complete where (trial.value ?? .infinity) < best {
            best = trial.value ?? best
            records.append(trial.number)
        }
        #expect(history.pointCount <= 2_000)
        #expect(history.pointCount >= records.count)
        for number in records {
            #expect(history.svg.contains("<title>trial #\(number): value"))
        }
        #expect(history.caption.contains("Thinned"))
        #expect(try chart("parallel", in: report).caption.contains("The best 100 of"))
        for slice in report.charts where slice.id.hasPrefix("slice-") {
            #expect(slice.pointCount <= 1_000)
        }
        #expect(report.html.utf8.count < 5_000_000)
        for part in svgParts(of: report.html) { #expect(parseXML(part).ok) }
    }

    @Test(
        "a model search gets a leaderboard per family, the fronts with the profiles, the ablation and validation"
    )
    func modelSearch() async throws {
        var data = try await syntheticModelSearch(trialCount: 300)
        let ensembles = try #require(data.ensembles)
        #expect(ensembles.trials.count == 40)
        #expect(ensembles.records.count == 40)

        let board = Leaderboard(data)
        #expect(board.isModelSearch)
        #expect(board.rows.contains { $0.name == "ensemble" })
        #expect(Set(board.rows.map(\.name)).count == board.rows.count)
        #expect(board.rows.count == 9)

        var profile = try sampleProfile()
        profile.study.trial = try #require(board.rows.first { $0.name != "ensemble" }?.trial)
        data.profiles = [profile]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ablationPath = folder.appendingPathComponent("ablation.json").path
        try Data(Self.ablationJSON.utf8).write(to: URL(fileURLWithPath: ablationPath))
        try data.attach(ablationPath: ablationPath)
        #expect(data.ablation?.path.count == 2)
        data.validation = [
            ValidationRow(metric: "accuracy", target: "≥ 0.85", achieved: 0.95, pass: true),
            ValidationRow(
                metric: "latency_p99_seconds", target: "≤ 0.0001", achieved: 0.0002, pass: false),
        ]
        let report = StudyReportBuilder(data).build()
        let ids = report.charts.map(\.id)
        #expect(ids.contains("front-latency") && ids.contains("front-bytes"))
        #expect(ids.contains("ablation"))
        #expect(try chart("importance", in: report).caption.contains("fANOVA"))
        #expect(
            try chart("contour", in: report).svg.contains("learner × preprocessing.standardize"))
        #expect(try chart("front-latency", in: report).svg.contains("fast inference"))
        #expect(report.html.contains("id=\"table-leaderboard\""))
        #expect(report.html.contains("id=\"table-profiles\""))
        #expect(report.html.contains("id=\"table-validation\""))
        #expect(report.html.contains("1 target not met."))
        #expect(count("<tr>", in: report.html) >= board.rows.count + 1)
        for part in svgParts(of: report.html) {
            let parsed = parseXML(part)
            #expect(parsed.ok, "\(parsed.error)")
        }
    }

    /// What `automl ablate --json` prints, for study `models`.
    static let ablationJSON = """
        {"study": "models", "objective": "model", "metric": "accuracy", "direction": "maximize",
         "best_trial": 1, "best_score": 0.97, "baseline": "default", "method": "fanova",
         "importance": [{"parameter": "learner", "fraction": 0.6, "low": 0.5, "high": 0.7},
                        {"parameter": "preprocessing.standardize", "fraction": 0.1, "low": 0.05, "high": 0.2}],
         "interactions": [{"parameters": ["learner", "preprocessing.standardize"], "fraction": 0.05}],
         "baseline_score": 0.93,
         "path": [{"parameter": "learner", "from": "random_forest", "to": "support_vector_machine",
                   "score": 0.95, "gain": 0.02, "spread": 0.004, "predicted": false, "significant": true},
                  {"parameter": "preprocessing.standardize", "from": "false", "to": "true",
                   "score": 0.969, "gain": 0.019, "spread": 0.004, "predicted": false, "significant": false}],
         "verification": [], "leave_one_out": [], "components": [], "repeats": 3, "seed": 0,
         "seconds": {"importance": 1.5}}
        """

    @Test("an ablation report of another study is refused, naming both studies")
    func otherStudy() throws {
        var data = fixedStudy()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ablation-\(UUID().uuidString).json"
        ).path
        try Data(Self.ablationJSON.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: ReportError.otherStudy(path: path, study: "models", expected: data.study.name)
        ) {
            try data.attach(ablationPath: path)
        }
        #expect(throws: ReportError.self) { try data.attach(validationPath: path) }
    }

    @Test("without an ablation the heat map shows the pair that interacts, with its share")
    func interactionWithoutAblation() throws {
        var data = fixedStudy()
        data.study.space = SearchSpace(unordered: [
            Parameter(name: "x", domain: .float(low: -1, high: 1, log: false, step: nil)),
            Parameter(name: "y", domain: .float(low: -1, high: 1, log: false, step: nil)),
            Parameter(name: "z", domain: .float(low: -1, high: 1, log: false, step: nil)),
        ])
        var random = RandomSource(seed: 5)
        data.trials = (0..<400).map { number in
            let x = 2 * random.uniform() - 1
            let y = 2 * random.uniform() - 1
            let z = 2 * random.uniform() - 1
            return TrialRecord(
                number: number, state: .complete,
                configuration: Configuration(["x": .real(x), "y": .real(y), "z": .real(z)]),
                values: [x * y + z / 2 + 0.05 * random.normal()])
        }
        let contour = try chart("contour", in: StudyReportBuilder(data).build())
        #expect(contour.title == "Interaction: x × y" || contour.title == "Interaction: y × x")
        #expect(contour.caption.contains("two-way ANOVA"), "\(contour.caption)")
        #expect(contour.caption.contains("over the 400 trials where both are active"))
    }

    @Test("a model search without an ablation gets a heat map over two parameters active together")
    func interactionOfModelSearch() async throws {
        let data = try await syntheticModelSearch(trialCount: 600)
        let contour = try chart("contour", in: StudyReportBuilder(data).build())
        // The two most important numeric parameters of different families are never active
        // together; the heat map takes the first pair that is (no pair of the six most
        // important interacts beyond noise in this study).
        #expect(
            contour.title
                == "Interaction: gradient_boosting.max_depth × gradient_boosting.learning_rate")
        #expect(contour.caption.contains("active together; no pair interacts beyond noise"))
        #expect(count("class=\"cell\"", in: contour.svg) >= 4)
    }

    @Test("the same data gives the same page")
    func deterministic() {
        let data = fixedStudy()
        let date = Date(timeIntervalSince1970: 1_900_000_000)
        #expect(
            StudyReportBuilder(data, writtenAt: date).build().html
                == StudyReportBuilder(data, writtenAt: date).build().html)
    }
}
