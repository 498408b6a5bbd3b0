import AutoMLModelSearch
import AutoMLStudy

/// A configuration a profile may be made of: a complete model trial or a built ensemble, with
/// the trade-offs it was measured (or, for an ensemble, estimated) to have during the search.
public struct ProfileCandidate: Sendable {
    /// Where the candidate comes from.
    public enum Source: Sendable {
        /// A complete trial of the model study.
        case model(TrialRecord)
        /// A complete trial of the ensemble study and the ensemble it stored.
        case ensemble(TrialRecord, EnsembleRecord)
    }

    public var source: Source
    /// The CV score (the trial's value).
    public var score: Double
    /// Standard deviation of the fold scores, when known.
    public var scoreStandardDeviation: Double?
    /// Folds the score averages (for its standard error).
    public var folds: Int
    public var latencyP50Seconds: Double
    public var latencyP99Seconds: Double
    public var throughputRowsPerSecond: Double
    public var modelBytes: Double
    public var fitSeconds: Double?
    public var peakMemoryBytes: Double?

    /// The trial's number in its study.
    public var trialNumber: Int {
        switch source {
        case .model(let trial), .ensemble(let trial, _): return trial.number
        }
    }

    /// Whether the candidate is an ensemble.
    public var isEnsemble: Bool {
        if case .ensemble = source { return true }
        return false
    }

    /// One standard error of the CV score (`score_std / √folds`), 0 when the spread is unknown.
    public var standardError: Double {
        (scoreStandardDeviation ?? 0) / Double(max(folds, 1)).squareRoot()
    }

    /// A model trial as a candidate; `nil` without a measured serving cost (pruned, failed, or
    /// from an automl without cost metrics).
    public init?(model trial: TrialRecord, folds: Int) {
        guard trial.state == .complete, let score = trial.value, score.isFinite,
            let p50 = trial.metrics[.latencyP50Seconds],
            let p99 = trial.metrics[.latencyP99Seconds],
            let throughput = trial.metrics[.throughputRowsPerSecond],
            let bytes = trial.metrics[.modelBytes]
        else { return nil }
        self.init(
            source: .model(trial), score: score, scoreStandardDeviation: trial.metrics[.scoreStd],
            folds: folds,
            latencyP50Seconds: p50, latencyP99Seconds: p99, throughputRowsPerSecond: throughput,
            modelBytes: bytes, fitSeconds: trial.metrics[.fitSeconds],
            peakMemoryBytes: trial.metrics[.peakMemoryBytes])
    }

    /// An ensemble trial as a candidate, its fit time and memory taken from its members.
    public init?(
        ensemble trial: TrialRecord, record: EnsembleRecord, members: [Int: TrialRecord], folds: Int
    ) {
        guard trial.state == .complete, let score = trial.value, score.isFinite,
            let p50 = trial.metrics[.latencyP50Seconds],
            let p99 = trial.metrics[.latencyP99Seconds],
            let throughput = trial.metrics[.throughputRowsPerSecond],
            let bytes = trial.metrics[.modelBytes]
        else { return nil }
        let memberTrials = record.memberTrials.compactMap { members[$0] }
        self.init(
            source: .ensemble(trial, record), score: score,
            scoreStandardDeviation: trial.metrics[.scoreStd] ?? record.scoreStandardDeviation,
            folds: folds,
            latencyP50Seconds: p50, latencyP99Seconds: p99, throughputRowsPerSecond: throughput,
            modelBytes: bytes,
            fitSeconds: memberTrials.compactMap { $0.metrics[.fitSeconds] }.reduce(0, +),
            peakMemoryBytes: memberTrials.compactMap { $0.metrics[.peakMemoryBytes] }.max())
    }

    public init(
        source: Source, score: Double, scoreStandardDeviation: Double?, folds: Int,
        latencyP50Seconds: Double,
        latencyP99Seconds: Double, throughputRowsPerSecond: Double, modelBytes: Double,
        fitSeconds: Double?,
        peakMemoryBytes: Double?
    ) {
        self.source = source
        self.score = score
        self.scoreStandardDeviation = scoreStandardDeviation
        self.folds = folds
        self.latencyP50Seconds = latencyP50Seconds
        self.latencyP99Seconds = latencyP99Seconds
        self.throughputRowsPerSecond = throughputRowsPerSecond
        self.modelBytes = modelBytes
        self.fitSeconds = fitSeconds
        self.peakMemoryBytes = peakMemoryBytes
    }
}
