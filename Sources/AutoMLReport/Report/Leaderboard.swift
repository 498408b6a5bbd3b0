import AutoMLModelSearch
import AutoMLStudy
import Foundation

/// The leaderboard of a study: for a model search, the best trial of each learner family and
/// the best ensemble, with their score and serving cost; for any other study, its best trials.
/// The report's table and `automl studies show` print it.
public struct Leaderboard: Sendable {
    /// One row.
    public struct Row: Sendable, Equatable {
        /// The learner family, `ensemble`, or `#N` for a trial of another study.
        public var name: String
        /// The trial (in the ensemble study for an ensemble).
        public var trial: Int
        public var score: Double
        /// Standard deviation of the fold scores.
        public var scoreStd: Double?
        public var latencyP50Seconds: Double?
        public var latencyP99Seconds: Double?
        public var throughputRowsPerSecond: Double?
        public var modelBytes: Double?
        /// Mean seconds to fit a fold (an ensemble: the sum of its members').
        public var fitSeconds: Double?
        /// Complete trials of the family (of the ensemble study for the ensemble row).
        public var completeTrials: Int
        /// The configuration, or the ensemble's summary.
        public var detail: String
    }

    /// Whether the rows are learner families (a model search) rather than trials.
    public var isModelSearch: Bool
    /// The objective's name (`accuracy`, or `value`).
    public var metric: String
    public var direction: StudyDirection
    /// Best first.
    public var rows: [Row]

    /// The leaderboard of `data`; `limit` rows of a study that is not a model search.
    public init(_ data: StudyReportData, limit: Int = 10) {
        self.init(StudyFacts(data), limit: limit)
    }

    init(_ facts: StudyFacts, limit: Int = 10) {
        isModelSearch = facts.isModelSearch
        metric = facts.metric
        direction = facts.direction
        if facts.isModelSearch {
            var best: [String: TrialRecord] = [:]
            var counts: [String: Int] = [:]
            for trial in facts.ranked {
                let family = facts.family(of: trial)
                counts[family, default: 0] += 1
                if best[family] == nil { best[family] = trial }
            }
            var rows = best.map { family, trial in
                Self.row(
                    name: family, trial: trial, completeTrials: counts[family] ?? 0,
                    detail: trial.configuration.description)
            }
            if let ensembles = facts.data.ensembles {
                let complete = ensembles.trials.filter { trial in
                    trial.state == .complete && (trial.value?.isFinite ?? false)
                }
                if let bestEnsemble = StudyHistory.best(
                    of: complete, directions: ensembles.study.directions)
                {
                    let record = ensembles.records[bestEnsemble.number]
                    var row = Self.row(
                        name: "ensemble", trial: bestEnsemble,
                        completeTrials: complete.count,
                        detail: record?.summary ?? bestEnsemble.configuration.description)
                    if row.scoreStd == nil { row.scoreStd = record?.scoreStandardDeviation }
                    if let record {
                        let members = Dictionary(
                            facts.data.trials.map { ($0.number, $0) },
                            uniquingKeysWith: { a, _ in a })
                        let fits = record.memberTrials.compactMap {
                            members[$0]?.metrics[.fitSeconds]
                        }
                        if !fits.isEmpty { row.fitSeconds = fits.reduce(0, +) }
                    }
                    rows.append(row)
                }
            }
            let direction = facts.direction
            self.rows = rows.sorted { a, b in
                let la = direction.loss(a.score)
                let lb = direction.loss(b.score)
                return la != lb ? la < lb : a.name < b.name
            }
        } else {
            rows = facts.ranked.prefix(limit).map { trial in
                Self.row(
                    name: "#\(trial.number)", trial: trial, completeTrials: 1,
                    detail: trial.configuration.description)
            }
        }
    }

    private static func row(name: String, trial: TrialRecord, completeTrials: Int, detail: String)
        -> Row
    {
        Row(
            name: name, trial: trial.number, score: trial.value ?? .nan,
            scoreStd: trial.metrics[.scoreStd],
            latencyP50Seconds: trial.metrics[.latencyP50Seconds],
            latencyP99Seconds: trial.metrics[.latencyP99Seconds],
            throughputRowsPerSecond: trial.metrics[.throughputRowsPerSecond],
            modelBytes: trial.metrics[.modelBytes],
            fitSeconds: trial.metrics[.fitSeconds] ?? trial.metrics[.wallSeconds],
            completeTrials: completeTrials, detail: detail)
    }

    /// The leaderboard as a terminal table (model search: family, trial, score ± spread, p99
    /// latency, bytes, fit time; otherwise trial, value, configuration).
    public var text: String {
        guard !rows.isEmpty else { return "leaderboard: no complete trial yet" }
        var table: [[String]]
        if isModelSearch {
            table = [["family", "trial", metric, "p99", "bytes", "fit", "trials"]]
            for row in rows {
                table.append([
                    row.name, "#\(row.trial)",
                    ValueFormat.significant4(row.score)
                        + (row.scoreStd.map { " ± " + ValueFormat.significant(abs($0)) } ?? ""),
                    row.latencyP99Seconds.map { ValueFormat.seconds.format($0) } ?? "—",
                    row.modelBytes.map { ValueFormat.bytes.format($0) } ?? "—",
                    row.fitSeconds.map { ValueFormat.seconds.format($0) } ?? "—",
                    String(row.completeTrials),
                ])
            }
        } else {
            table = [["trial", metric, "configuration"]]
            for row in rows {
                table.append([
                    "#\(row.trial)", ValueFormat.significant4(row.score),
                    ChartFrame.truncated(row.detail, to: 70),
                ])
            }
        }
        let widths = (0..<table[0].count).map { column in
            table.map { $0[column].count }.max() ?? 0
        }
        return table.map { cells in
            zip(cells, widths).enumerated().map { index, pair in
                let (cell, width) = pair
                let pad = String(repeating: " ", count: max(width - cell.count, 0))
                return index == 0 || index == cells.count - 1 && !isModelSearch
                    ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
