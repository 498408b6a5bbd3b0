import AutoMLData
import AutoMLLearners
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLProfiles
import Foundation

/// `automl validate --model model.json --data test.csv --target COL --targets targets.json` as a
/// library call: scores the model on the rows, measures what it costs to serve
/// (``DeploymentMeasurement``), and checks both against the targets.
public struct ValidateWorkflow: Sendable {
    public var modelPath: String
    public var dataPath: String
    public var targetName: String
    public var targets: ValidationTargets
    public var csvOptions: CSVOptions

    public init(
        modelPath: String, dataPath: String, targetName: String, targets: ValidationTargets,
        csvOptions: CSVOptions = .standard
    ) {
        self.modelPath = modelPath
        self.dataPath = dataPath
        self.targetName = targetName
        self.targets = targets
        self.csvOptions = csvOptions
    }

    /// Measures and checks.
    /// - Throws: ``ModelSearchError/modelFile(path:reason:)`` for a model that cannot be read,
    ///   ``ProfileError`` for unknown target names or classes the model does not know, data
    ///   errors.
    public func run() throws -> ValidationReport {
        BLASThreads.set(1)
        let model = try ModelArtifact.load(contentsOf: modelPath)
        let table = try CSVReader.read(contentsOf: dataPath, options: csvOptions)
        let task: LearningTask = model.classes.isEmpty ? .regression : .classification
        let dataset = try Dataset(table: table, targetName: targetName, task: task)
        try targets.check(for: task, source: "the targets")
        let measurement = try DeploymentMeasurement.measure(model, on: dataset.features)
        let prediction = try model.predict(dataset.features)
        var achieved: [(String, Double)] = []
        switch dataset.target {
        case .classification(let labels, let classes):
            let index = Dictionary(
                uniqueKeysWithValues: model.classes.enumerated().map { ($1, $0) })
            var truth: [Int] = []
            for label in labels {
                guard let mapped = index[classes[label]] else {
                    throw ProfileError.dataMismatch(
                        file: dataPath,
                        problem:
                            "class '\(classes[label])' of '\(targetName)' is not one the model knows (\(model.classes.joined(separator: ", ")))",
                        remedy: "validate on data of the classes the model was trained on")
                }
                truth.append(mapped)
            }
            let target = Target.classification(labels: truth, classes: model.classes)
            for metric in Metric.allCases where metric.isClassification {
                if metric == .rocAUC, model.classes.count != 2 { continue }
                if let score = try? CrossValidation.score(
                    prediction, truth: target, metric: metric, classCount: model.classes.count)
                {
                    achieved.append((metric.rawValue, score))
                }
            }
        case .regression:
            for metric in Metric.allCases where !metric.isClassification {
                achieved.append(
                    (
                        metric.rawValue,
                        try CrossValidation.score(
                            prediction, truth: dataset.target, metric: metric, classCount: 0)
                    ))
            }
        }
        achieved += [
            ("latency_p50_seconds", measurement.cost.latencyP50Seconds),
            ("latency_p99_seconds", measurement.cost.latencyP99Seconds),
            ("throughput_rows_per_second", measurement.cost.throughputRowsPerSecond),
            ("model_bytes", Double(measurement.cost.modelBytes)),
            ("peak_memory_bytes", measurement.peakMemoryBytes),
        ]
        return ValidationReport(achieved: achieved, targets: targets, rowCount: dataset.rowCount)
    }
}
