import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy

/// What one model trial measured.
public struct ModelTrialResult: Sendable {
    /// Mean fold score (the trial's value).
    public var score: Double
    public var foldScores: [Double]
    public var scoreStandardDeviation: Double
    /// Mean seconds per fold fit (preprocessing included).
    public var fitSeconds: Double
    /// Latency, throughput and bytes of the fold-0 pipeline (complete trials only).
    public var cost: PredictionCost?
    /// Out-of-fold predictions of every training row (only when all folds ran).
    public var outOfFold: Prediction?
    /// `false` when the trial stopped after some folds (pruned or out of time).
    public var isComplete: Bool
    /// The configuration as decoded.
    public var model: ModelConfiguration

    /// The metrics a study records for the trial.
    public var metrics: [String: Double] {
        var metrics = cost?.metrics ?? [:]
        metrics[.scoreStd] = scoreStandardDeviation
        metrics[.fitSeconds] = fitSeconds
        metrics[.foldsRun] = Double(foldScores.count)
        return metrics
    }
}

/// Evaluates model configurations by k-fold cross-validation on a fixed dataset and folds:
/// the scoring every model trial, ablation step and refinement shares.
public struct ModelTrialEvaluator: Sendable {
    public let dataset: Dataset
    public let splits: [Split]
    public let metric: Metric
    public let seed: UInt64
    /// The family of configurations without a `learner` value.
    public let defaultFamily: String?

    public init(
        dataset: Dataset, splits: [Split], metric: Metric, seed: UInt64,
        defaultFamily: String? = nil
    ) {
        self.dataset = dataset
        self.splits = splits
        self.metric = metric
        self.seed = seed
        self.defaultFamily = defaultFamily
    }

    /// The decoded configuration and its learner, refusing a family that does not handle the
    /// dataset's task.
    /// - Throws: ``ModelSearchError`` for configurations the learner refuses.
    public func model(for configuration: Configuration) throws(ModelSearchError) -> (
        ModelConfiguration, AnyLearner
    ) {
        let model = try ModelConfiguration(configuration, defaultFamily: defaultFamily)
        guard model.family.handles(dataset.task) else {
            throw .invalidConfiguration(
                "\(model.family.name) does not handle \(dataset.task.rawValue)")
        }
        return (model, try model.learner())
    }

    /// Fold `index` of `model`.
    /// - Throws: ``ModelSearchError/learner(_:)`` for data the learner cannot fit.
    public func fold(_ index: Int, of model: ModelConfiguration, learner: AnyLearner)
        throws(ModelSearchError) -> FoldResult
    {
        do {
            return try CrossValidation.evaluateFold(
                learner, on: dataset, split: splits[index], index: index, metric: metric,
                preprocessing: model.preprocessing, seed: seed)
        } catch { throw .learner(error) }
    }

    /// The result of the folds that ran; for a complete trial the serving cost of the fold-0
    /// pipeline is measured (see ``PredictionCost``).
    public func result(of model: ModelConfiguration, folds: [FoldResult]) -> ModelTrialResult {
        let scores = folds.map(\.score)
        let mean = scores.reduce(0, +) / Double(max(scores.count, 1))
        let spread =
            scores.count > 1
            ? (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count - 1))
                .squareRoot() : 0
        let isComplete = folds.count == splits.count
        var outOfFold: Prediction?
        var cost: PredictionCost?
        if isComplete, let first = folds.first {
            var assembler = OutOfFoldAssembler(for: dataset)
            for fold in folds { assembler.add(fold) }
            outOfFold = assembler.prediction
            cost = Self.cost(
                of: first.pipeline, sample: dataset.features.rows(at: first.validationRows))
        }
        return ModelTrialResult(
            score: mean, foldScores: scores, scoreStandardDeviation: spread,
            fitSeconds: folds.map(\.fitSeconds).reduce(0, +) / Double(max(folds.count, 1)),
            cost: cost, outOfFold: outOfFold, isComplete: isComplete, model: model)
    }

    /// Cross-validates `configuration` in full, in this thread. After each fold but the last,
    /// `continueAfterFold` gets the fold index and score and may stop the trial.
    /// - Throws: ``ModelSearchError`` for configurations the learner refuses or data it cannot fit.
    public func evaluate(
        _ configuration: Configuration, continueAfterFold: (Int, Double) -> Bool = { _, _ in true }
    ) throws(ModelSearchError) -> ModelTrialResult {
        let (model, learner) = try self.model(for: configuration)
        var folds: [FoldResult] = []
        for index in splits.indices {
            let fold = try self.fold(index, of: model, learner: learner)
            folds.append(fold)
            if index < splits.count - 1, !continueAfterFold(index, fold.score) { break }
        }
        return result(of: model, folds: folds)
    }

    /// The serving cost of `pipeline` on rows of `sample`; `nil` when it cannot predict them.
    static func cost(of pipeline: Pipeline, sample: Table) -> PredictionCost? {
        guard let bytes = try? pipeline.jsonData().count else { return nil }
        return try? PredictionCost.measure(
            { try pipeline.predict($0) }, on: sample, modelBytes: bytes)
    }
}
