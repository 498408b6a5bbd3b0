import AutoMLAblation
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// Builds the report of a study: one self-contained HTML page (inline CSS and SVG, a few lines
/// of plain JavaScript to sort the leaderboard) with the charts a reader expects.
///
/// ```swift
/// let data = try await StudyReportData.load(from: storage, study: "s", storage: "sqlite:automl.db")
/// let report = StudyReportBuilder(data).build()
/// try AtomicFile.write(Data(report.html.utf8), to: "report.html")
/// ```
///
/// **Downsampling.** A chart draws what a reader can tell apart, whatever the study's size
/// (``Limits``): the history keeps every trial that improved the best and an even sample of
/// the rest; parallel coordinates show the best trials; slices keep the best trials and an
/// even sample; the heat map averages every trial into bins (its pair: the ablation's
/// strongest interaction, else the strongest ``PairInteraction`` among the six most important
/// parameters); the Pareto charts keep both
/// fronts, the best trials and an even sample. Each chart's caption says what it shows.
/// docs/report.md describes every chart.
///
/// - Complexity: O(n log n) in the trials (sorting, PED-ANOVA importance), output bounded by
///   the limits.
public struct StudyReportBuilder: Sendable {
    /// How much each chart draws at most.
    public struct Limits: Sendable, Equatable {
        /// Complete trials in the history (the ones that improved the best always).
        public var historyPoints: Int
        /// Failed marks and pruned marks in the history, each.
        public var historyMarks: Int
        /// Best trials in the parallel coordinates.
        public var topTrials: Int
        /// Parameter axes in the parallel coordinates.
        public var parallelAxes: Int
        /// Slice plots (the most important parameters).
        public var slices: Int
        /// Points per slice plot.
        public var slicePoints: Int
        /// Bars of the importance chart.
        public var importanceBars: Int
        /// Bins per numeric axis of the heat map.
        public var heatMapBins: Int
        /// The most important parameters whose pairs are searched for the strongest interaction
        /// (without an ablation's fANOVA interactions).
        public var interactionCandidates: Int
        /// Model trials per Pareto chart (both fronts always).
        public var paretoPoints: Int
        /// Trials in the leaderboard of a study that is not a model search.
        public var leaderboardRows: Int

        public init(
            historyPoints: Int = 2_000, historyMarks: Int = 500, topTrials: Int = 100,
            parallelAxes: Int = 6, slices: Int = 4, slicePoints: Int = 1_000,
            importanceBars: Int = 15, heatMapBins: Int = 12, interactionCandidates: Int = 6,
            paretoPoints: Int = 1_500, leaderboardRows: Int = 10
        ) {
            self.historyPoints = historyPoints
            self.historyMarks = historyMarks
            self.topTrials = topTrials
            self.parallelAxes = parallelAxes
            self.slices = slices
            self.slicePoints = slicePoints
            self.importanceBars = importanceBars
            self.heatMapBins = heatMapBins
            self.interactionCandidates = interactionCandidates
            self.paretoPoints = paretoPoints
            self.leaderboardRows = leaderboardRows
        }
    }

    public var data: StudyReportData
    public var limits: Limits
    /// When the report was written (shown in its header).
    public var writtenAt: Date

    public init(_ data: StudyReportData, limits: Limits = Limits(), writtenAt: Date = Date()) {
        self.data = data
        self.limits = limits
        self.writtenAt = writtenAt
    }

    /// The parameter importance the report uses: the ablation's when one is given, else
    /// PED-ANOVA over the complete trials.
    struct Importance {
        var method: String
        var effects: [ParameterEffect]
        var interactions: [ParameterInteraction]
        var trialCount: Int
        var fromAblation: Bool
    }

    /// The report.
    public func build() -> StudyReport {
        let facts = StudyFacts(data)
        var notes: [String] = []
        let importance = self.importance(facts, notes: &notes)
        let ranking = rankedParameters(importance)
        var sections: [ReportSection] = []

        var history: [RenderedChart] = []
        if let chart = historyChart(facts) { history.append(chart) }
        sections.append(
            ReportSection(
                id: "history", title: "Optimization history", charts: history,
                note: history.isEmpty ? "No trial has run yet." : nil))

        sections.append(
            ReportSection(
                id: "leaderboard", title: "Leaderboard",
                table: leaderboardTable(Leaderboard(facts, limit: limits.leaderboardRows)),
                note: facts.complete.isEmpty ? "No trial has completed yet." : nil))

        var importanceCharts: [RenderedChart] = []
        if let importance, let chart = importanceChart(importance, facts: facts) {
            importanceCharts.append(chart)
        }
        if let ablation = data.ablation, let chart = waterfallChart(ablation, facts: facts) {
            importanceCharts.append(chart)
        }
        sections.append(
            ReportSection(
                id: "importance", title: "Parameter importance", charts: importanceCharts,
                note: importanceCharts.isEmpty ? notes.last : nil))

        var parameterCharts: [RenderedChart] = []
        if let chart = parallelCoordinatesChart(facts, parameters: ranking) {
            parameterCharts.append(chart)
        }
        parameterCharts += sliceCharts(facts, parameters: ranking)
        if let chart = contourChart(facts, importance: importance, parameters: ranking) {
            parameterCharts.append(chart)
        }
        sections.append(
            ReportSection(
                id: "parameters", title: "Parameters", charts: parameterCharts,
                note: parameterCharts.isEmpty
                    ? "No parameter chart: the study needs complete trials and searched parameters."
                    : nil))

        if facts.isModelSearch {
            let front = paretoCharts(facts)
            sections.append(
                ReportSection(
                    id: "front", title: "Trade-off front", charts: front,
                    table: data.profiles.isEmpty ? nil : profilesTable(facts),
                    note: front.isEmpty
                        ? "No complete model trial with a measured latency and size yet." : nil))
        }
        if let rows = data.validation {
            sections.append(
                ReportSection(
                    id: "validation", title: "Validation", table: validationTable(rows),
                    note: data.validationPath.map { "From \($0)." }))
        }
        let page = ReportPage(
            title: "Study \(data.study.name)", subtitle: subtitle(facts), facts: headerFacts(facts),
            sections: sections, footer: footer(facts))
        return StudyReport(
            html: page.render(), charts: sections.flatMap(\.charts), notes: notes,
            trialCount: data.trials.count)
    }

    private func importance(_ facts: StudyFacts, notes: inout [String]) -> Importance? {
        if let ablation = data.ablation, !ablation.importance.isEmpty {
            return Importance(
                method: ablation.method == "fanova" ? "fANOVA" : ablation.method,
                effects: ablation.importance, interactions: ablation.interactions,
                trialCount: facts.complete.count, fromAblation: true)
        }
        let history = StudyHistory(directions: data.study.directions, trials: facts.complete)
        do {
            let result = try ParameterImportance.evaluate(
                history, space: data.study.space, method: .pedANOVA())
            return Importance(
                method: "PED-ANOVA", effects: result.mainEffects,
                interactions: result.interactions, trialCount: result.trialCount,
                fromAblation: false)
        } catch {
            notes.append("No importance: \(error.description)")
            return nil
        }
    }

    /// The searched parameters of the space, the most important first (space order without
    /// an importance).
    private func rankedParameters(_ importance: Importance?) -> [Parameter] {
        let searched = data.study.space.parameters.filter(\.isSearched)
        guard let importance else { return searched }
        let byName = Dictionary(
            searched.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var ranked = importance.effects.compactMap { byName[$0.parameter] }
        let seen = Set(ranked.map(\.name))
        ranked += searched.filter { !seen.contains($0.name) }
        return ranked
    }

    private func subtitle(_ facts: StudyFacts) -> String {
        var parts: [String] = []
        switch data.study.attributes["objective"] {
        case "model": parts.append("model search")
        case "command": parts.append("command study")
        case "ensemble": parts.append("ensemble study")
        case let other?: parts.append(other)
        case nil: parts.append("study")
        }
        parts.append(facts.metric + " (" + facts.direction.rawValue + ")")
        parts.append("\(data.trials.count) trials")
        if let best = facts.best {
            parts.append("best #\(best.number): \(StudyFacts.format(best.value))")
        }
        return parts.joined(separator: " · ")
    }

    private func footer(_ facts: StudyFacts) -> String {
        "Written \(Self.timestamp(writtenAt)) by automl \(AutoMLVersion.current) from \(data.storage), "
            + "read \(Self.timestamp(data.readAt)) (read-only). Charts thin out what a reader cannot "
            + "tell apart; each caption says what it shows. Hover a point for its trial."
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateTimeSeparator(.space).time(
                includingFractionalSeconds: false)) + " UTC"
    }
}

/// A built report: the page, and the charts in it (for tests and tools).
public struct StudyReport: Sendable {
    /// The whole page: `<!DOCTYPE html>…`.
    public var html: String
    /// Every chart, in page order.
    public var charts: [RenderedChart]
    /// What could not be drawn and why (too few trials for importance, …).
    public var notes: [String]
    /// Trials of the study when it was read.
    public var trialCount: Int
}
