import AutoML
import Foundation

/// A bundled example as learner input: preprocessed with default settings (standardized when
/// `standardize`), plus the dataset it came from.
public func exampleTrainingData(_ name: String, standardize: Bool = true) throws -> (
    TrainingData, Dataset
) {
    let dataset = try exampleDataset(name)
    let (_, matrix) = try Preprocessor.fitTransform(
        dataset.features, settings: .init(standardize: standardize))
    return (TrainingData(features: matrix, target: dataset.target), dataset)
}

/// 5-fold cross-validated mean score of `family` (at `overrides`) on a bundled example, with
/// the family's own scaling choice, seed 0.
public func crossValidatedScore(
    _ family: String, on example: String, metric: Metric? = nil,
    overrides: [String: HyperparameterValue] = [:], folds: Int = 5
) throws -> Double {
    guard let entry = LearnerCatalog.family(named: family) else {
        throw LearnerError.unreadableModel(reason: "no family named \(family)")
    }
    let dataset = try exampleDataset(example)
    let chosen = metric ?? (dataset.task == .classification ? .accuracy : .rmse)
    let splits = try CrossValidation.folds(for: dataset, count: folds, seed: 0)
    let result = try CrossValidation.evaluate(
        try entry.learner(overrides), on: dataset, splits: splits, metric: chosen,
        preprocessing: .init(standardize: entry.scalesFeatures), seed: 0)
    return result.mean
}

/// `model` encoded to JSON and decoded back.
public func roundTripped<M: Model>(_ model: M) throws -> M {
    let data = try JSONEncoder().encode(model)
    return try JSONDecoder().decode(M.self, from: data)
}

/// `true` when two predictions agree exactly (labels, probabilities and values bit for bit).
public func identical(_ a: Prediction, _ b: Prediction) -> Bool {
    switch (a, b) {
    case let (.classes(la, pa), .classes(lb, pb)): return la == lb && pa.storage == pb.storage
    case let (.values(va), .values(vb)): return va == vb
    default: return false
    }
}
