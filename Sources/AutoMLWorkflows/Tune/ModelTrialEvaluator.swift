import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLSearchSpace

/// What one model trial measured.
public struct ModelTrialResult: Sendable {
    /// Mean fold score (the trial's value).
    public var score: Double
    public var foldScores: [Double]
    public var scoreStandardDeviation: Double
    /// Mean seconds per fold fit (preprocessing included).
    public var fitSeconds: Double
    /// Median seconds of a one-row prediction through the fold-0 pipeline.
    public var predictRowSeconds: Double
    /// Parameter bytes of the fold-0 model.
    public var modelBytes: Int
    /// Out-of-fold predictions of every training row (only when all folds ran).
    public var outOfFold: Prediction?
    /// `false` when the trial stopped after some folds (pruned).
    public var isComplete: Bool
    public var description: String

    /// The metrics a study records for the trial.
    public var metrics: [String: Double] {
        [
            "score_std": scoreStandardDeviation, "fit_seconds": fitSeconds,
            "predict_row_seconds": predictRowSeconds, "model_bytes": Double(modelBytes),
            "folds_run": Double(foldScores.count),
        ]
    }
}

/// Evaluates model configurations by k-fold cross-validation on a fixed dataset and folds.
public struct ModelTrialEvaluator: Sendable {
    public let dataset: Dataset
    public let splits: [Split]
    public let metric: Metric
    public let seed: UInt64
    /// The family of configurations without a `learner` value.
    public let defaultFamily: String?

    public init(dataset: Dataset, splits: [Split], metric: Metric, seed: UInt64, defaultFamily: String? = nil) {
        self.dataset = dataset
        self.splits = splits
        self.metric = metric
        self.seed = seed
        self.defaultFamily = defaultFamily
    }

    /// Cross-validates `configuration`. After each fold but the last, `continueAfterFold` gets
    /// the fold index and score and may stop the trial (pruning).
    /// - Throws: ``TuneError`` for configurations the learner refuses or data it cannot fit.
    public func evaluate(
        _ configuration: Configuration, continueAfterFold: (Int, Double) -> Bool = { _, _ in true }
    ) throws(TuneError) -> ModelTrialResult {
        let model = try ModelConfiguration.decode(configuration, defaultFamily: defaultFamily)
        guard model.family.handles(dataset.task) else {
            throw .invalidConfiguration("\(model.family.name) does not handle \(dataset.task.rawValue)")
        }
        let learner = try model.learner()
        var firstPipeline: Pipeline?
        let result: CrossValidationResult
        do {
            result = try CrossValidation.evaluate(
                learner, on: dataset, splits: splits, metric: metric, preprocessing: model.preprocessing, seed: seed,
                continueAfterFold: continueAfterFold,
                foldPipeline: { index, pipeline in if index == 0 { firstPipeline = pipeline } })
        } catch { throw .learner(error) }
        var latency = Double.nan
        if let pipeline = firstPipeline {
            latency = Self.rowLatency(pipeline, rows: dataset.features.rows(at: [splits[0].validation[0]]))
        }
        return ModelTrialResult(
            score: result.mean, foldScores: result.foldScores, scoreStandardDeviation: result.standardDeviation,
            fitSeconds: result.fitSeconds.reduce(0, +) / Double(max(result.fitSeconds.count, 1)),
            predictRowSeconds: latency, modelBytes: firstPipeline?.model.parameterBytes ?? 0,
            outOfFold: result.isComplete ? result.outOfFold : nil, isComplete: result.isComplete,
            description: model.description)
    }

    /// Median of 15 one-row predictions after a warm-up call.
    static func rowLatency(_ pipeline: Pipeline, rows: Table) -> Double {
        let clock = ContinuousClock()
        guard (try? pipeline.predict(rows)) != nil else { return .nan }
        var times: [Double] = []
        for _ in 0..<15 {
            let start = clock.now
            _ = try? pipeline.predict(rows)
            times.append((clock.now - start).seconds)
        }
        times.sort()
        return times[times.count / 2]
    }
}
