import AutoMLData
import AutoMLExecutor
import AutoMLLearners
import AutoMLModelSearch
import AutoMLSearchSpace
import AutoMLStudy

/// Evaluates configurations for an ablation, for real: the study's own objective, again.
///
/// Called with each configuration an ablation step tries, once per repeat; repeats differ in
/// their seed (a model search's folds and model seeds, a command's `AUTOML_TRIAL_NUMBER`), so the
/// spread over repeats tells a real difference from noise.
public protocol AblationEvaluator: Sendable {
    /// The score of `configuration` under repeat `index` (0-based), in the study's metric (its
    /// direction decides what is better).
    func score(_ configuration: Configuration, repeat index: Int) async throws -> Double
}

/// Re-evaluates model configurations by the study's own cross-validation on the study's
/// dataset: repeat `i` uses folds and model seeds from `seed + i` (repeat 0 reproduces the
/// study's folds).
public struct ModelAblationEvaluator: AblationEvaluator {
    public let dataset: Dataset
    public let metric: Metric
    public let folds: Int
    public let seed: UInt64
    public let defaultFamily: String?

    public init(
        dataset: Dataset, metric: Metric, folds: Int, seed: UInt64, defaultFamily: String? = nil
    ) {
        self.dataset = dataset
        self.metric = metric
        self.folds = folds
        self.seed = seed
        self.defaultFamily = defaultFamily
    }

    public func score(_ configuration: Configuration, repeat index: Int) async throws -> Double {
        let (dataset, metric, folds, defaultFamily) = (
            self.dataset, self.metric, self.folds, self.defaultFamily
        )
        let seed = self.seed &+ UInt64(index)
        let (result, _) = try await OwnThread.run {
            let splits = try CrossValidation.folds(for: dataset, count: folds, seed: seed)
            let evaluator = ModelTrialEvaluator(
                dataset: dataset, splits: splits, metric: metric, seed: seed,
                defaultFamily: defaultFamily)
            return try evaluator.evaluate(configuration).score
        }
        return result
    }
}

/// Re-runs a command study's command for each configuration (its parameters on stdin and in
/// `AUTOML_PARAM_*`, exactly as `tune --command` runs it).
public struct CommandAblationEvaluator: AblationEvaluator {
    public let command: String
    public let trialTimeout: Duration?

    public init(command: String, trialTimeout: Duration? = nil) {
        self.command = command
        self.trialTimeout = trialTimeout
    }

    public func score(_ configuration: Configuration, repeat index: Int) async throws -> Double {
        let trial = Trial(
            number: index, configuration: configuration, studyName: "ablation",
            storage: InMemoryStorage())
        let evaluation = try await CommandObjective(command: command, valueCount: 1).evaluate(trial)
        guard let value = evaluation.values.first, value.isFinite else {
            throw AblationError.evaluationFailed(
                configuration: "\(configuration)", reason: "the command gave no finite value")
        }
        return value
    }
}
