import AutoMLData
import AutoMLLearners
import AutoMLSearchSpace
import AutoMLStudy

/// The plan of a model search, fixed before the first trial: the metric, the folds, the space
/// cut to the families that handle the task, the low-cost start, and what the study stores to
/// be continued only on the same data.
public struct ModelSearchPlan: Sendable {
    public var dataset: Dataset
    public var metric: Metric
    public var splits: [Split]
    /// The search space without families that do not handle the task.
    public var space: SearchSpace
    /// Every family's defaults, cheapest first (``LowCostStart``).
    public var initialConfigurations: [Configuration]
    /// What a model search stores with its study; ``matchingAttributes`` must agree to
    /// continue it.
    public var studyAttributes: [String: String]

    /// Study attributes a continued model search must share with the stored study (trials
    /// scored under other data or folds are not comparable).
    public static let matchingAttributes = [
        "target", "metric", "folds", "task", "rows", "features",
    ]

    /// The plan for `dataset`.
    /// - Parameters:
    ///   - metric: the CV metric; `nil` takes accuracy (classification) or RMSE (regression).
    ///   - folds: the CV's fold count.
    ///   - seed: the folds' seed.
    ///   - dataPath: recorded with the study.
    /// - Throws: ``ModelSearchError/invalidSetting(name:expected:got:)`` for a metric of the
    ///   other task, ``ModelSearchError/data(_:)`` when the folds cannot be made.
    public init(
        dataset: Dataset, metric: Metric?, folds: Int, seed: UInt64, space: SearchSpace,
        dataPath: String
    ) throws(ModelSearchError) {
        let metric = metric ?? (dataset.task == .classification ? .accuracy : .rmse)
        guard metric.isClassification == (dataset.task == .classification) else {
            throw .invalidSetting(
                name: "--metric", expected: "a \(dataset.task.rawValue) metric",
                got: metric.rawValue)
        }
        do { splits = try CrossValidation.folds(for: dataset, count: folds, seed: seed) } catch {
            throw .data(error)
        }
        self.dataset = dataset
        self.metric = metric
        self.space = space.restrictingChoices(of: "learner") { value in
            LearnerCatalog.family(named: value.description)?.handles(dataset.task) ?? false
        }
        initialConfigurations = LowCostStart.configurations(
            for: self.space, rowCount: dataset.rowCount)
        studyAttributes = [
            "objective": "model", "data": dataPath, "target": dataset.targetName,
            "metric": metric.rawValue, "folds": String(folds), "task": dataset.task.rawValue,
            "rows": String(dataset.rowCount),
            "features": dataset.features.columnNames.joined(separator: ","),
        ]
    }

    /// The study direction of the metric.
    public var direction: StudyDirection { metric.isHigherBetter ? .maximize : .minimize }
}
