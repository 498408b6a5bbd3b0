/// The measurements automl records for trials, by the names they carry in storages, study
/// exports, `summary.json`, profiles and benchmark tables: one namespace, so no metric name is
/// ever spelled twice.
///
/// Command objectives may add metrics of their own names; those stay plain strings in
/// ``TrialRecord/metrics``. Read and write these with the typed subscript:
/// `trial.metrics[.latencyP99Seconds]`.
public enum TrialMetric: String, Sendable, CaseIterable, Codable {
    // Recorded by the executor for every trial.

    /// Elapsed seconds from start to end of the objective.
    case wallSeconds = "wall_seconds"
    /// User plus system CPU seconds (of the child process tree for command objectives).
    case cpuSeconds = "cpu_seconds"
    /// Peak resident memory in bytes (of the child process tree for command objectives).
    case peakMemoryBytes = "peak_memory_bytes"

    // Recorded by model trials (`tune --data`), ensembles and profiles.

    /// Mean seconds to fit one fold's pipeline (preprocessing included).
    case fitSeconds = "fit_seconds"
    /// Median seconds of a single-row prediction through the whole pipeline (preprocessing
    /// included), over at least 50 calls after a warm-up.
    case latencyP50Seconds = "latency_p50_seconds"
    /// 99th percentile of the same single-row calls.
    case latencyP99Seconds = "latency_p99_seconds"
    /// Rows per second when predicting a batch of 1,000 rows.
    case throughputRowsPerSecond = "throughput_rows_per_second"
    /// Bytes of the model's JSON (what `automl predict` loads), counted, not estimated.
    case modelBytes = "model_bytes"
    /// Standard deviation of the fold scores.
    case scoreStd = "score_std"
    /// Folds that ran (fewer than the CV's folds when pruned or stopped).
    case foldsRun = "folds_run"

    /// The name in storages and files.
    public var name: String { rawValue }
}

/// The text attributes automl records for trials (``TrialRecord/attributes``), by name.
public enum TrialAttribute: String, Sendable, CaseIterable, Codable {
    /// The learner family of a model trial (`random_forest`), or `ensemble`.
    case learner
    /// The automl version that ran the trial.
    case automlVersion = "automl_version"
    /// The refinement round that enqueued the trial (`automl refine`).
    case refineRound = "refine_round"
    /// The parameters a refinement round searched, comma-separated.
    case refinedParameters = "refined_parameters"
    /// Member trial numbers of an ensemble trial, comma-separated.
    case members
    /// Why a trial was enqueued (`warm_start`, `refine`, `ablation`, `user`).
    case source
    /// The phase of a model search that ran the trial: `model` (the main search) or `front`
    /// (the search for the fast and small end of the trade-off front).
    case phase
    /// How an ensemble trial's serving cost was obtained: `sum_of_members` (estimated from its
    /// members' measured costs) or `measured`.
    case cost

    /// The name in storages and files.
    public var name: String { rawValue }
}

extension Dictionary where Key == String, Value == Double {
    /// The value of an automl metric.
    public subscript(_ metric: TrialMetric) -> Double? {
        get { self[metric.rawValue] }
        set { self[metric.rawValue] = newValue }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of an automl attribute.
    public subscript(_ attribute: TrialAttribute) -> String? {
        get { self[attribute.rawValue] }
        set { self[attribute.rawValue] = newValue }
    }
}

/// The version of automl that wrote a trial, a study file, a model or a profile.
public enum AutoMLVersion {
    /// This build's version (semantic versioning).
    public static let current = "0.2.0"
}
