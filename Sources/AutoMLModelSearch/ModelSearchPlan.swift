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
        warnings = Self.warnings(about: dataset)
    }

    /// Things about the data a user should know before trusting the search, in words: columns
    /// that are mostly or wholly missing (imputed in each fold; a column without any value is a
    /// constant), and columns read as categories although most of their values are numbers
    /// (a few text cells, such as `n/a` or `12,5`, turn a numeric column categorical).
    public var warnings: [String]

    /// The share of missing values above which a column is reported.
    public static let mostlyMissingShare = 0.5

    static func warnings(about dataset: Dataset) -> [String] {
        var warnings: [String] = []
        let rows = max(dataset.rowCount, 1)
        let table = dataset.features
        for column in table.columns {
            let missing = column.missingCount
            if missing == rows {
                warnings.append(
                    "column '\(column.name)' has no value in any row; it carries no information (imputed as a constant)"
                )
            } else if Double(missing) / Double(rows) > mostlyMissingShare {
                warnings.append(
                    "column '\(column.name)' is \(Int((100 * Double(missing) / Double(rows)).rounded()))% missing; "
                        + "its gaps are imputed in each fold from the rest")
            }
            guard case .categorical(let codes, let categories) = column.values, !categories.isEmpty
            else { continue }
            let isNumber = categories.map { Double($0.trimmingCharacters(in: .whitespaces)) != nil }
            var numeric = 0
            var text = 0
            var firstText: Int?
            for (row, code) in codes.enumerated() where code >= 0 {
                if isNumber[Int(code)] {
                    numeric += 1
                } else {
                    text += 1
                    if firstText == nil { firstText = row }
                }
            }
            if let row = firstText, text > 0, Double(numeric) >= 0.9 * Double(numeric + text) {
                let code = Int(codes[row])
                warnings.append(
                    "column '\(column.name)' is read as categories because \(text) of its \(numeric + text) values "
                        + "are not numbers (first: line \(table.lineNumbers[row]), '\(Self.cut(categories[code]))'); "
                        + "if it is numeric, fix those cells or mark them missing with --missing")
            }
        }
        return warnings
    }

    private static func cut(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(37)) + "…" : text
    }

    /// The study direction of the metric.
    public var direction: StudyDirection { metric.isHigherBetter ? .maximize : .minimize }
}
