import AutoMLProfiles
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

extension StudyReportBuilder {
    /// The header's facts: dataset, space, sampler, budget, seed, elapsed, trials by state,
    /// versions, storage.
    func headerFacts(_ facts: StudyFacts) -> [(String, String)] {
        let study = data.study
        let attributes = study.attributes
        var rows: [(String, String)] = [("study", study.name)]
        if facts.isModelSearch {
            var dataset = attributes["data"] ?? "—"
            if let target = attributes["target"] { dataset += ", target \(target)" }
            if let task = attributes["task"] { dataset += ", \(task)" }
            if let rowCount = attributes["rows"] { dataset += ", \(rowCount) rows" }
            if let features = attributes["features"], !features.isEmpty {
                dataset += ", \(features.split(separator: ",").count) features"
            }
            rows.append(("dataset", dataset))
            let fingerprint =
                attributes["data_hash"] ?? data.profiles.first?.dataset.contentHash ?? "—"
            rows.append(("fingerprint", fingerprint))
            rows.append(
                (
                    "metric",
                    "\(facts.metric) (\(facts.direction.rawValue)), \(attributes["folds"] ?? "5")-fold CV"
                ))
        } else {
            if let command = attributes["command"] { rows.append(("command", command)) }
            rows.append(
                (
                    "objective",
                    study.directions.map(\.rawValue).joined(separator: ", ")
                        + (study.directions.count > 1 ? " (charts show the first)" : "")
                ))
        }
        let searched = study.space.parameters.filter(\.isSearched)
        var space =
            "\(searched.count) searched parameter\(searched.count == 1 ? "" : "s")"
            + (study.space.parameters.count > searched.count
                ? " (+\(study.space.parameters.count - searched.count) fixed)" : "")
        if let file = attributes["space_file"] { space += ", " + file }
        rows.append(("space", space))
        var sampler = study.sampler.name
        if !study.sampler.options.isEmpty {
            sampler +=
                " ("
                + study.sampler.options.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                .joined(separator: ", ") + ")"
        }
        rows.append(("sampler", sampler))
        rows.append(("seed", study.sampler.seed.map(String.init) ?? "—"))
        rows.append(("budget", data.budget ?? "per run (a study does not store its runs' budgets)"))
        rows.append(("created", Self.timestamp(study.createdAt)))
        rows.append(("elapsed", facts.elapsedSeconds.map(Self.duration) ?? "—"))
        let states = facts.stateCounts.map { "\($0.1) \($0.0.rawValue)" }
        rows.append(
            (
                "trials",
                "\(data.trials.count)"
                    + (states.isEmpty ? "" : ": " + states.joined(separator: ", "))
            ))
        if let ensembles = data.ensembles {
            let complete = ensembles.trials.filter { $0.state == .complete }.count
            rows.append(
                (
                    "ensembles",
                    "\(ensembles.trials.count) trials (\(complete) complete) in \(ensembles.study.name)"
                ))
        }
        if let best = facts.best {
            rows.append(
                ("best", "trial #\(best.number): \(facts.metric) \(StudyFacts.format(best.value))"))
        }
        let versions = Set(data.trials.compactMap { $0.attributes[.automlVersion] }).sorted()
        rows.append(
            (
                "automl version",
                (versions.isEmpty ? "" : "trials by " + versions.joined(separator: ", ") + "; ")
                    + "report by \(AutoMLVersion.current)"
            ))
        rows.append(("storage", data.storage))
        return rows
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total % 3600 / 60) min"
    }

    /// The leaderboard as a sortable table.
    func leaderboardTable(_ board: Leaderboard) -> ReportTable {
        func number(_ value: Double?, _ format: ValueFormat) -> ReportTable.Cell {
            ReportTable.Cell(value.map { format.format($0) } ?? "—", sortValue: value)
        }
        if board.isModelSearch {
            let columns: [ReportTable.Column] = [
                .init(title: "family", isNumeric: false), .init(title: "trial", isNumeric: true),
                .init(title: board.metric, isNumeric: true),
                .init(title: "± spread", isNumeric: true),
                .init(title: "p50 latency", isNumeric: true),
                .init(title: "p99 latency", isNumeric: true),
                .init(title: "throughput", isNumeric: true), .init(title: "bytes", isNumeric: true),
                .init(title: "fit time", isNumeric: true), .init(title: "trials", isNumeric: true),
            ]
            let rows = board.rows.map { row -> [ReportTable.Cell] in
                [
                    .init(row.name, tooltip: row.detail),
                    .init("#\(row.trial)", sortValue: Double(row.trial)),
                    .init(ValueFormat.significant4(row.score), sortValue: row.score),
                    .init(
                        row.scoreStd.map { "± " + ValueFormat.significant4($0) } ?? "—",
                        sortValue: row.scoreStd),
                    number(row.latencyP50Seconds, .seconds),
                    number(row.latencyP99Seconds, .seconds),
                    number(row.throughputRowsPerSecond, .rate), number(row.modelBytes, .bytes),
                    number(row.fitSeconds, .seconds),
                    .init(String(row.completeTrials), sortValue: Double(row.completeTrials)),
                ]
            }
            return ReportTable(
                id: "leaderboard", columns: columns, rows: rows,
                caption:
                    "The best trial of each learner family and the best ensemble, best first; ± is the standard deviation of the fold scores; latency, throughput and bytes were measured on the fold-0 pipeline during the search (an ensemble's are estimated from its members); fit time is per fold. Click a column to sort; hover a family for its configuration."
            )
        }
        let names = data.study.space.parameters.filter(\.isSearched).map(\.name).prefix(8)
        var columns: [ReportTable.Column] = [
            .init(title: "trial", isNumeric: true), .init(title: board.metric, isNumeric: true),
            .init(title: "wall time", isNumeric: true),
        ]
        columns += names.map { ReportTable.Column(title: $0, isNumeric: false) }
        let trials = Dictionary(
            data.trials.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = board.rows.map { row -> [ReportTable.Cell] in
            let configuration = trials[row.trial]?.configuration ?? Configuration()
            return [
                .init("#\(row.trial)", sortValue: Double(row.trial)),
                .init(ValueFormat.significant4(row.score), sortValue: row.score),
                number(trials[row.trial]?.metrics[.wallSeconds], .seconds),
            ] + names.map { name in .init(configuration[name]?.description ?? "—") }
        }
        return ReportTable(
            id: "leaderboard", columns: columns, rows: rows,
            caption:
                "The best \(board.rows.count) complete trials, best first. Click a column to sort.")
    }

    /// The profiles: which candidate each chose and what it was measured to cost.
    func profilesTable(_ facts: StudyFacts) -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(title: "profile", isNumeric: false), .init(title: "candidate", isNumeric: false),
            .init(title: facts.metric, isNumeric: true),
            .init(title: "p99 latency", isNumeric: true),
            .init(title: "throughput", isNumeric: true), .init(title: "bytes", isNumeric: true),
            .init(title: "peak memory", isNumeric: true), .init(title: "fit time", isNumeric: true),
        ]
        let rows = data.profiles.map { profile -> [ReportTable.Cell] in
            let candidate: String
            switch profile.pipeline {
            case .single(let model): candidate = "\(model.learner) (trial #\(profile.study.trial))"
            case .ensemble(let ensemble):
                candidate = "ensemble #\(profile.study.trial): \(ensemble.summary)"
            }
            let metrics = profile.metrics
            return [
                .init(Self.style(of: profile.profile).label, tooltip: profile.rule.description),
                .init(candidate),
                .init(ValueFormat.significant4(metrics.score), sortValue: metrics.score),
                .init(
                    ValueFormat.seconds.format(metrics.latencyP99Seconds),
                    sortValue: metrics.latencyP99Seconds),
                .init(
                    ValueFormat.rate.format(metrics.throughputRowsPerSecond),
                    sortValue: metrics.throughputRowsPerSecond),
                .init(
                    ValueFormat.bytes.format(Double(metrics.modelBytes)),
                    sortValue: Double(metrics.modelBytes)),
                .init(
                    ValueFormat.bytes.format(metrics.peakMemoryBytes),
                    sortValue: metrics.peakMemoryBytes),
                .init(
                    ValueFormat.seconds.format(metrics.fitSeconds), sortValue: metrics.fitSeconds),
            ]
        }
        return ReportTable(
            id: "profiles", columns: columns, rows: rows,
            caption:
                "The production profiles from \(data.profilesDirectory ?? "the profiles folder"): the CV score of the chosen candidate and the costs measured on the deployable model fitted on all the data (docs/profiles.md)."
        )
    }

    /// `automl validate`'s rows.
    func validationTable(_ rows: [ValidationRow]) -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(title: "metric", isNumeric: false), .init(title: "target", isNumeric: false),
            .init(title: "achieved", isNumeric: true), .init(title: "status", isNumeric: false),
        ]
        let cells = rows.map { row -> [ReportTable.Cell] in
            let format: ValueFormat =
                row.metric.hasSuffix("_seconds")
                ? .seconds
                : row.metric.hasSuffix("_bytes")
                    ? .bytes : row.metric.hasSuffix("_per_second") ? .rate : .number
            let achieved =
                format == .number
                ? ValueFormat.significant4(row.achieved) : format.format(row.achieved)
            return [
                .init(row.metric), .init(row.target ?? "—"),
                .init(achieved, sortValue: row.achieved),
                .init(row.pass.map { $0 ? "pass" : "FAIL" } ?? "—"),
            ]
        }
        let failed = rows.filter { $0.pass == false }.count
        return ReportTable(
            id: "validation", columns: columns, rows: cells,
            caption: failed == 0
                ? "Every target holds."
                : "\(failed) target\(failed == 1 ? "" : "s") not met.")
    }
}
