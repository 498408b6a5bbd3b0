import AutoML
import Foundation

/// A fast-inference profile of a 25-tree random forest on iris, made by hand.
public func sampleProfile() throws -> ProductionProfile {
    let dataset = try exampleDataset("iris")
    guard let family = LearnerCatalog.family(named: "random_forest") else {
        throw LearnerError.unreadableModel(reason: "no random_forest family")
    }
    let model = ModelConfiguration(
        family: family,
        hyperparameters: try family.hyperparameters(["tree_count": 25, "max_depth": 6]),
        preprocessing: PreprocessorSettings(standardize: false))
    return ProductionProfile(
        profile: .fastInference,
        rule: .init(
            name: .fastInference, description: ProfileKind.fastInference.rule, tolerance: 0.013,
            toleranceSource: "one_standard_error"),
        pipeline: .single(ModelSpecification(model, trial: 7)),
        metrics: ProfileMetrics(
            score: 0.96, scoreStd: 0.03, metric: "accuracy", latencyP50Seconds: 2e-5,
            latencyP99Seconds: 4e-5,
            throughputRowsPerSecond: 2e5, modelBytes: 21_000, peakMemoryBytes: 3e7, fitSeconds: 0.01
        ),
        dataset: DatasetFingerprint(dataset), seed: 3,
        study: .init(name: "iris", storage: "sqlite:automl.db", candidate: "model", trial: 7))
}
