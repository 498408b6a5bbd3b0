import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Helpers shared by the tree-family suites (decision tree, forests, AdaBoost).

/// A one-column feature matrix.
func column(_ values: [Double]) throws -> Matrix {
    try Matrix(rows: values.count, columns: 1, values: values)
}

/// Classification training data for `labels` over classes "c0", "c1", …
func classes(_ features: Matrix, _ labels: [Int], classCount: Int = 2, weights: [Double]? = nil)
    -> TrainingData
{
    TrainingData(
        features: features,
        target: .classification(labels: labels, classes: (0..<classCount).map { "c\($0)" }),
        weights: weights)
}

/// The probability rows of a classification prediction (empty for values).
func probabilityRows(_ prediction: Prediction) -> [[Double]] {
    guard case .classes(_, let probabilities) = prediction else { return [] }
    return (0..<probabilities.rows).map { probabilities.row($0) }
}

/// The values of a regression prediction (empty for classes).
func predictedValues(_ prediction: Prediction) -> [Double] {
    guard case .values(let values) = prediction else { return [] }
    return values
}

/// Whether every probability row sums to 1 within `tolerance`.
func rowsSumToOne(_ prediction: Prediction, tolerance: Double = 1e-12) -> Bool {
    probabilityRows(prediction).allSatisfy { abs($0.reduce(0, +) - 1) <= tolerance }
}

/// Every rule of `family` refuses its violating value, naming the rule's key.
func expectRulesRefused(_ familyName: String, rules: [HyperparameterRule]) throws {
    let family = try #require(LearnerCatalog.family(named: familyName))
    for rule in rules {
        let error = #expect(throws: LearnerError.self, "\(rule.name)") {
            _ = try family.learner([rule.name: .real(rule.violatingValue)])
        }
        guard case .invalidHyperparameter(let learner, let name, let expected, _)? = error else {
            Issue.record(
                "\(rule.name): expected invalidHyperparameter, got \(String(describing: error))")
            continue
        }
        #expect(learner == familyName)
        #expect(name == rule.name)
        // The rule's own wording, not the unknown-key refusal a misspelt rule name would get.
        #expect(expected == rule.expectation, "\(rule.name)")
    }
}

/// A bundled example with raw (unstandardized) features, as tree learners take them.
func rawExample(_ name: String) throws -> TrainingData {
    try exampleTrainingData(name, standardize: false).0
}
