import AutoMLData
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// What `automl tune --data` did: `summary.json` and the closing table.
public struct ModelSearchReport: Sendable, Encodable {
    /// The best single model or the best ensemble.
    public struct Candidate: Sendable, Encodable {
        /// `single` or `ensemble`.
        public var kind: String
        public var score: Double
        /// Fold-to-fold spread, when known.
        public var scoreStandardDeviation: Double?
        public var description: String
        /// The trial: of the model study (single) or of the ensemble study (ensemble).
        public var trial: Int?
        /// An ensemble's member trials (model study numbers).
        public var members: [Int]?

        public init(
            kind: String, score: Double, scoreStandardDeviation: Double?, description: String,
            trial: Int?,
            members: [Int]? = nil
        ) {
            self.kind = kind
            self.score = score
            self.scoreStandardDeviation = scoreStandardDeviation
            self.description = description
            self.trial = trial
            self.members = members
        }

        enum CodingKeys: String, CodingKey {
            case kind, score, description, trial, members
            case scoreStandardDeviation = "score_std"
        }
    }

    /// The best complete trial of one learner family.
    public struct FamilyRow: Sendable, Encodable {
        public var learner: String
        public var trials: Int
        public var complete: Int
        public var pruned: Int
        public var failed: Int
        public var bestTrial: Int?
        public var score: Double?
        public var scoreStandardDeviation: Double?
        public var fitSeconds: Double?
        public var latencyP50Seconds: Double?
        public var latencyP99Seconds: Double?
        public var modelBytes: Double?

        enum CodingKeys: String, CodingKey {
            case learner, trials, complete, pruned, failed, score
            case bestTrial = "best_trial"
            case scoreStandardDeviation = "score_std"
            case fitSeconds = "fit_seconds"
            case latencyP50Seconds = "latency_p50_seconds"
            case latencyP99Seconds = "latency_p99_seconds"
            case modelBytes = "model_bytes"
        }
    }

    public var study: String
    public var storage: String
    public var dataset: String
    public var task: String
    public var rows: Int
    public var metric: String
    public var folds: Int
    public var best: Candidate
    public var bestSingle: Candidate
    /// The configuration of the best single trial.
    public var bestSingleParams: Configuration
    public var bestEnsemble: Candidate?
    public var ensembleNote: String
    /// The ensemble study beside the model study, when ensembles were searched.
    public var ensembleStudy: String?
    /// The model trials the ensemble search could combine (stored predictions, any run).
    public var ensemblePool: [Int]
    /// Trials run by this process.
    public var trials: Int
    /// Of which the front search ran (``FrontSearchPhase``).
    public var frontTrials: Int
    /// Trials in the study (every run).
    public var studyTrials: Int
    public var complete: Int
    public var failed: Int
    public var pruned: Int
    /// Fit seconds the pruned trials did not spend on their remaining folds (an estimate: their
    /// mean fold time × folds skipped).
    public var prunedFoldSeconds: Double
    public var modelSearchSeconds: Double
    public var ensembleEvaluations: Int
    public var finalFitSeconds: Double
    /// The final fit's estimated seconds (``FinalFitPlan``), planned before it started.
    public var plannedFinalFitSeconds: Double = 0
    /// The time budget in seconds (nil for a trial budget).
    public var budgetSeconds: Double?
    public var elapsedSeconds: Double
    /// Parameter bytes of the written model.
    public var modelBytes: Int
    public var families: [FamilyRow]
    public var wasStopped: Bool
    /// The profiles written at the end (`tune --profiles DIR`), if any.
    public var profiles: [ProfileLine] = []
    /// What the plan noticed about the data (``ModelSearchPlan/warnings``).
    public var warnings: [String] = []

    /// One production profile written by the search.
    public struct ProfileLine: Sendable, Encodable {
        public var profile: String
        /// `model` or `ensemble`.
        public var candidate: String
        public var trial: Int
        public var score: Double
        public var latencyP99Seconds: Double
        public var modelBytes: Int
        public var path: String

        public init(
            profile: String, candidate: String, trial: Int, score: Double,
            latencyP99Seconds: Double,
            modelBytes: Int, path: String
        ) {
            self.profile = profile
            self.candidate = candidate
            self.trial = trial
            self.score = score
            self.latencyP99Seconds = latencyP99Seconds
            self.modelBytes = modelBytes
            self.path = path
        }

        enum CodingKeys: String, CodingKey {
            case profile, candidate, trial, score, path
            case latencyP99Seconds = "latency_p99_seconds"
            case modelBytes = "model_bytes"
        }
    }

    enum CodingKeys: String, CodingKey {
        case study, storage, dataset, task, rows, metric, folds, best, trials, complete, failed,
            pruned, families
        case bestSingle = "best_single"
        case bestSingleParams = "best_single_params"
        case bestEnsemble = "best_ensemble"
        case ensembleNote = "ensemble_note"
        case ensembleStudy = "ensemble_study"
        case ensemblePool = "ensemble_pool"
        case studyTrials = "study_trials"
        case frontTrials = "front_trials"
        case prunedFoldSeconds = "pruned_fold_seconds_saved"
        case modelSearchSeconds = "model_search_seconds"
        case ensembleEvaluations = "ensemble_evaluations"
        case finalFitSeconds = "final_fit_seconds"
        case plannedFinalFitSeconds = "planned_final_fit_seconds"
        case budgetSeconds = "budget_seconds"
        case elapsedSeconds = "elapsed_seconds"
        case modelBytes = "model_bytes"
        case wasStopped = "stopped"
        case profiles, warnings
    }

    private struct Envelope: Encodable {
        var version = 1
        var report: ModelSearchReport
        func encode(to encoder: Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(version, forKey: .version)
            var best = container.nestedContainer(keyedBy: Key.self, forKey: .best)
            try best.encode(report.best.kind, forKey: .kind)
            try best.encode(report.best.score, forKey: .score)
            try best.encode(report.metric, forKey: .metric)
            try best.encode(report.best.description, forKey: .description)
            try best.encodeIfPresent(report.best.scoreStandardDeviation, forKey: .scoreStd)
        }
        enum Key: String, CodingKey {
            case version, best, kind, score, metric, description, scoreStd = "score_std"
        }
    }

    /// `summary.json`: the report with a `version` and `best.metric`.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(Envelope(report: self)) + Data("\n".utf8)
    }

    /// One row per learner family found in `trials`.
    public static func familyRows(_ trials: [TrialRecord], metric: Metric, defaultFamily: String?)
        -> [FamilyRow]
    {
        var groups: [String: [TrialRecord]] = [:]
        for trial in trials {
            let name = trial.configuration["learner"]?.description ?? defaultFamily ?? "?"
            groups[name, default: []].append(trial)
        }
        let directions: [StudyDirection] = [metric.isHigherBetter ? .maximize : .minimize]
        return groups.sorted { $0.key < $1.key }.map { name, group in
            let best = StudyHistory.best(of: group, directions: directions)
            return FamilyRow(
                learner: name, trials: group.count,
                complete: group.filter { $0.state == .complete }.count,
                pruned: group.filter { $0.state == .pruned }.count,
                failed: group.filter { $0.state == .failed }.count,
                bestTrial: best?.number, score: best?.value,
                scoreStandardDeviation: best?.metrics[.scoreStd],
                fitSeconds: best?.metrics[.fitSeconds],
                latencyP50Seconds: best?.metrics[.latencyP50Seconds],
                latencyP99Seconds: best?.metrics[.latencyP99Seconds],
                modelBytes: best?.metrics[.modelBytes])
        }
    }

    /// The closing summary for the terminal.
    public var text: String {
        func number(_ x: Double?) -> String {
            guard let x, x.isFinite else { return "—" }
            return String(format: abs(x) >= 100 ? "%.2f" : "%.4f", x)
        }
        func bytes(_ x: Double?) -> String {
            guard let x else { return "—" }
            return x >= 1_048_576
                ? String(format: "%.1f MB", x / 1048576) : String(format: "%.1f KB", x / 1024)
        }
        func latency(_ p50: Double?, _ p99: Double?) -> String {
            guard let p50, let p99 else { return "—" }
            return String(format: "%.3f / %.3f ms", p50 * 1000, p99 * 1000)
        }
        var lines: [String] = []
        lines.append(
            "study '\(study)': \(trials) trials this run (\(complete) complete, \(pruned) pruned, \(failed) failed), "
                + "\(studyTrials) in the study; \(rows) rows, \(folds)-fold CV, metric \(metric)")
        lines.append("")
        lines.append(
            "learner              trials  best trial  \(metric.padding(toLength: 16, withPad: " ", startingAt: 0))  fit s/fold  p50 / p99 1 row       model"
        )
        for row in families {
            let score =
                row.score.map {
                    number($0)
                        + (row.scoreStandardDeviation.map { " ± " + String(format: "%.3f", $0) }
                            ?? "")
                } ?? "—"
            lines.append(
                row.learner.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                    + String(row.trials).padding(toLength: 7, withPad: " ", startingAt: 0) + " "
                    + (row.bestTrial.map { "#\($0)" } ?? "—").padding(
                        toLength: 11, withPad: " ", startingAt: 0) + " "
                    + score.padding(toLength: 17, withPad: " ", startingAt: 0) + " "
                    + number(row.fitSeconds).padding(toLength: 11, withPad: " ", startingAt: 0)
                    + " "
                    + latency(row.latencyP50Seconds, row.latencyP99Seconds).padding(
                        toLength: 20, withPad: " ", startingAt: 0)
                    + " " + bytes(row.modelBytes))
        }
        lines.append("")
        lines.append(
            "best single model: \(number(bestSingle.score))"
                + (bestSingle.scoreStandardDeviation.map { " ± " + String(format: "%.4f", $0) }
                    ?? "") + " — \(bestSingle.description)")
        if let ensemble = bestEnsemble {
            lines.append(
                "best ensemble:     \(number(ensemble.score))"
                    + (ensemble.scoreStandardDeviation.map { " ± " + String(format: "%.4f", $0) }
                        ?? "") + " — \(ensemble.description)")
        }
        if let ensembleStudy, !ensemblePool.isEmpty {
            lines.append(
                "ensembles searched in study '\(ensembleStudy)' over \(ensemblePool.count) model trials with stored predictions"
            )
        }
        lines.append(
            "→ \(best.kind == "ensemble" ? "ensemble" : "single model") chosen: \(ensembleNote)")
        if pruned > 0 {
            lines.append(
                String(
                    format:
                        "pruning stopped %d trials early and saved about %.1f s of fitting (%.0f%% of the model search)",
                    pruned, prunedFoldSeconds,
                    100 * prunedFoldSeconds / max(modelSearchSeconds, 1e-9)))
        }
        lines.append(
            String(
                format:
                    "time: %.1f s search, %d ensemble evaluations, %.1f s final fit (planned %.1f s), %.1f s in all",
                modelSearchSeconds, ensembleEvaluations, finalFitSeconds, plannedFinalFitSeconds,
                elapsedSeconds)
                + (budgetSeconds.map { String(format: " of a %.0f s budget", $0) } ?? ""))
        for line in profiles {
            lines.append(
                "profile \(line.profile.padding(toLength: 16, withPad: " ", startingAt: 0)) \(line.candidate) trial \(line.trial): "
                    + "\(metric) \(number(line.score)), p99 \(String(format: "%.3f", line.latencyP99Seconds * 1000)) ms, "
                    + "\(bytes(Double(line.modelBytes))) → \(line.path)")
        }
        return lines.joined(separator: "\n")
    }
}
