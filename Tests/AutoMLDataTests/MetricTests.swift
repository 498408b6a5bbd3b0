import AutoMLNumerics
import Foundation
import Testing

@testable import AutoMLData

// Expected values come from scikit-learn 1.9.1 on the inputs below:
//
//   import numpy as np
//   from sklearn.metrics import *
//   yb = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0]
//   p1 = np.array([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.6, 0.7])
//   Pb = np.column_stack([1 - p1, p1]); hb = Pb.argmax(1)
//   accuracy_score(yb, hb), balanced_accuracy_score(yb, hb)
//   f1_score(yb, hb, average="macro", zero_division=0), log_loss(yb, Pb), roc_auc_score(yb, p1)
//   y3 = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2, 1, 1]; P3 = np.array(<threeClassProbabilities>)
//   h3 = P3.argmax(1)   # same three label metrics, log_loss(y3, P3),
//   roc_auc_score(y3, P3, multi_class="ovr", average="macro")
//   yl = [0, 0, 1, 1, 1, 2, 2, 0, 1, 2]; pl = [0, 1, 1, 1, 3, 0, 3, 0, 1, 1]
//   accuracy_score(yl, pl), balanced_accuracy_score(yl, pl), f1_score(yl, pl, average="macro",
//   zero_division=0)
//   log_loss([1, 0], [[1.0, 0.0], [0.9, 0.1]])
//   yt = [3.0, -0.5, 2.0, 7.0, 4.2]; yp = [2.5, 0.0, 2.0, 8.0, 3.9]
//   root_mean_squared_error(yt, yp), mean_absolute_error(yt, yp), r2_score(yt, yp)
//   r2_score([2, 2, 2], [2, 2, 2]), r2_score([2, 2, 2], [1, 2, 3])

private let tolerance = 1e-9

/// Binary truth with tied scores (three samples at 0.4, two of each class).
private let binaryTruth = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0]
private let positiveScores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.6, 0.7]
private let binaryProbabilities = positiveScores.map { [1 - $0, $0] }

/// Three classes, an imperfect classifier, ties within columns and one row tied across classes.
private let threeClassTruth = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2, 1, 1]
private let threeClassProbabilities: [[Double]] = [
    [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4],
    [0.5, 0.3, 0.2], [0.4, 0.4, 0.2], [0.2, 0.2, 0.6], [0.1, 0.6, 0.3],
    [0.3, 0.5, 0.2], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2],
]

struct ProbabilityCase: Sendable, CustomTestStringConvertible {
    let data: String
    let metric: Metric
    let truth: [Int]
    let probabilities: [[Double]]
    let expected: Double
    var testDescription: String { "\(metric.rawValue) on \(data) is \(expected)" }
}

struct LabelCase: Sendable, CustomTestStringConvertible {
    let data: String
    let metric: Metric
    let truth: [Int]
    let predicted: [Int]
    let classCount: Int
    let expected: Double
    var testDescription: String { "\(metric.rawValue) on \(data) is \(expected)" }
}

struct RegressionCase: Sendable, CustomTestStringConvertible {
    let data: String
    let metric: Metric
    let truth: [Double]
    let predicted: [Double]
    let expected: Double
    var testDescription: String { "\(metric.rawValue) on \(data) is \(expected)" }
}

@Suite struct MetricTests {
    static let probabilityCases: [ProbabilityCase] = {
        let binary = { (metric: Metric, expected: Double) in
            ProbabilityCase(
                data: "binary with ties", metric: metric, truth: binaryTruth,
                probabilities: binaryProbabilities, expected: expected)
        }
        let three = { (metric: Metric, expected: Double) in
            ProbabilityCase(
                data: "three classes", metric: metric, truth: threeClassTruth,
                probabilities: threeClassProbabilities, expected: expected)
        }
        return [
            binary(.accuracy, 0.7), binary(.balancedAccuracy, 0.7),
            binary(.macroF1, 0.696969696969697), binary(.logLoss, 0.5359570665940813),
            binary(.rocAUC, 0.76),
            three(.accuracy, 0.5833333333333334), three(.balancedAccuracy, 0.6055555555555555),
            three(.macroF1, 0.5886243386243386), three(.logLoss, 0.9033507991069003),
            three(.rocAUC, 0.769372795414462),
        ]
    }()

    static let labelCases: [LabelCase] = {
        let binaryPredicted = [0, 0, 0, 1, 0, 0, 1, 0, 1, 1]
        // Class 3 is predicted but absent from the truth; class 2 is never predicted.
        let truth = [0, 0, 1, 1, 1, 2, 2, 0, 1, 2]
        let predicted = [0, 1, 1, 1, 3, 0, 3, 0, 1, 1]
        let binary = { (metric: Metric, expected: Double) in
            LabelCase(
                data: "binary labels", metric: metric, truth: binaryTruth,
                predicted: binaryPredicted, classCount: 2, expected: expected)
        }
        let extra = { (metric: Metric, expected: Double) in
            LabelCase(
                data: "labels with a class only predicted", metric: metric, truth: truth,
                predicted: predicted, classCount: 4, expected: expected)
        }
        return [
            binary(.accuracy, 0.7), binary(.balancedAccuracy, 0.7),
            binary(.macroF1, 0.696969696969697),
            extra(.accuracy, 0.5), extra(.balancedAccuracy, 0.47222222222222215),
            extra(.macroF1, 0.3333333333333333),
        ]
    }()

    static let regressionCases: [RegressionCase] = {
        let truth = [3.0, -0.5, 2.0, 7.0, 4.2]
        let predicted = [2.5, 0.0, 2.0, 8.0, 3.9]
        return [
            RegressionCase(
                data: "five values", metric: .rmse, truth: truth, predicted: predicted,
                expected: 0.5639148871948674),
            RegressionCase(
                data: "five values", metric: .mae, truth: truth, predicted: predicted,
                expected: 0.4600000000000001),
            RegressionCase(
                data: "five values", metric: .r2, truth: truth, predicted: predicted,
                expected: 0.9480256276150627),
            RegressionCase(
                data: "a constant truth predicted exactly", metric: .r2, truth: [2, 2, 2],
                predicted: [2, 2, 2], expected: 1),
            RegressionCase(
                data: "a constant truth predicted with error", metric: .r2, truth: [2, 2, 2],
                predicted: [1, 2, 3], expected: 0),
        ]
    }()

    @Test("probability metrics match scikit-learn", arguments: probabilityCases)
    func probabilityMetric(_ example: ProbabilityCase) throws {
        let probabilities = try Matrix(example.probabilities)
        let value = try example.metric.score(truth: example.truth, probabilities: probabilities)
        #expect(abs(value - example.expected) <= tolerance)
    }

    @Test("label metrics match scikit-learn", arguments: labelCases)
    func labelMetric(_ example: LabelCase) throws {
        let value = try example.metric.score(
            truth: example.truth, predicted: example.predicted, classCount: example.classCount)
        #expect(abs(value - example.expected) <= tolerance)
    }

    @Test("regression metrics match scikit-learn", arguments: regressionCases)
    func regressionMetric(_ example: RegressionCase) throws {
        let value = try example.metric.score(truth: example.truth, predicted: example.predicted)
        #expect(abs(value - example.expected) <= tolerance)
    }

    @Test("log loss clips a zero probability of the true class at machine epsilon")
    func logLossClips() throws {
        let probabilities = try Matrix([[1, 0], [0.9, 0.1]])
        let value = try Metric.logLoss.score(truth: [1, 0], probabilities: probabilities)
        #expect(abs(value - 18.07450695238749) <= tolerance)
    }

    @Test("ROC AUC is 1 for a perfect ranking, 0 reversed and 0.5 when every score ties")
    func rocAUCLimits() throws {
        let truth = [0, 0, 1, 1]
        let ranked = try Matrix([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.1, 0.9]])
        let reversed = try Matrix([[0.1, 0.9], [0.3, 0.7], [0.8, 0.2], [0.9, 0.1]])
        let tied = Matrix(rows: 4, columns: 2, repeating: 0.5)
        #expect(try Metric.rocAUC.score(truth: truth, probabilities: ranked) == 1)
        #expect(try Metric.rocAUC.score(truth: truth, probabilities: reversed) == 0)
        #expect(try Metric.rocAUC.score(truth: truth, probabilities: tied) == 0.5)
    }

    @Test("properties sort the metrics by kind and direction")
    func properties() {
        let higherBetter = Metric.allCases.filter(\.isHigherBetter)
        #expect(higherBetter == [.accuracy, .balancedAccuracy, .macroF1, .rocAUC, .r2])
        #expect(Metric.allCases.filter(\.isClassification).count == 5)
        #expect(Metric.allCases.filter(\.needsProbabilities) == [.logLoss, .rocAUC])
        #expect(Metric.r2.displayName == "R²")
        #expect(Set(Metric.allCases.map(\.displayName)).count == Metric.allCases.count)
    }

    @Test("raw values are the command-line names and encode as such")
    func rawValues() throws {
        #expect(
            Metric.allCases.map(\.rawValue) == [
                "accuracy", "balanced_accuracy", "f1_macro", "log_loss", "roc_auc", "rmse", "mae",
                "r2",
            ])
        let encoded = try JSONEncoder().encode([Metric.macroF1])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["f1_macro"]"#)
        #expect(try JSONDecoder().decode([Metric].self, from: encoded) == [.macroF1])
    }

    @Test("empty input, length mismatch and out-of-range labels are refused")
    func inputErrors() throws {
        #expect(throws: DataError.self) {
            try Metric.accuracy.score(truth: [], predicted: [], classCount: 2)
        }
        #expect(throws: DataError.self) {
            try Metric.accuracy.score(truth: [0, 1], predicted: [0], classCount: 2)
        }
        #expect(
            throws: DataError.invalidArgument(
                name: "predicted[1]", value: "2", expected: "a class index in 0..<2")
        ) {
            try Metric.macroF1.score(truth: [0, 1], predicted: [0, 2], classCount: 2)
        }
        #expect(throws: DataError.self) {
            try Metric.rmse.score(truth: [1, 2], predicted: [1])
        }
        #expect(throws: DataError.self) {
            try Metric.mae.score(truth: [1, .nan], predicted: [1, 2])
        }
        #expect(throws: DataError.self) {
            try Metric.r2.score(truth: [1], predicted: [1])
        }
        let probabilities = try Matrix([[0.5, 0.5], [0.2, 0.8]])
        #expect(throws: DataError.self) {
            try Metric.logLoss.score(truth: [0], probabilities: probabilities)
        }
        #expect(throws: DataError.self) {
            try Metric.logLoss.score(truth: [0, -1], probabilities: probabilities)
        }
    }

    @Test("log loss and multiclass AUC refuse rows that are not probability distributions")
    func distributionErrors() throws {
        let unnormalized = try Matrix([[0.5, 0.6], [0.2, 0.8]])
        #expect(
            throws: DataError.invalidArgument(
                name: "probabilities row 0", value: "a row summing to 1.1",
                expected: "class probabilities in [0, 1] summing to 1 for log_loss")
        ) {
            try Metric.logLoss.score(truth: [0, 1], probabilities: unnormalized)
        }
        // Binary AUC only ranks column 1, so any finite scores will do, as in scikit-learn.
        #expect(try Metric.rocAUC.score(truth: [0, 1], probabilities: unnormalized) == 1)
        let threeColumns = try Matrix([[0.5, 0.6, 0], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])
        #expect(throws: DataError.self) {
            try Metric.rocAUC.score(truth: [0, 1, 2], probabilities: threeColumns)
        }
    }

    @Test("ROC AUC needs every class in the truth")
    func aucAbsentClass() throws {
        let probabilities = try Matrix(threeClassProbabilities)
        let truth = threeClassTruth.map { $0 == 2 ? 1 : $0 }
        #expect(
            throws: DataError.invalidArgument(
                name: "truth", value: "no sample of class 2",
                expected: "labels covering every class 0..<3, since ROC AUC is undefined "
                    + "for a class without samples")
        ) {
            try Metric.rocAUC.score(truth: truth, probabilities: probabilities)
        }
        let single = try Matrix([[0.4, 0.6], [0.3, 0.7]])
        #expect(throws: DataError.self) {
            try Metric.rocAUC.score(truth: [1, 1], probabilities: single)
        }
    }

    @Test("each metric refuses the calls for another kind of prediction")
    func wrongKind() throws {
        let probabilities = try Matrix(binaryProbabilities)
        for metric in Metric.allCases {
            if !metric.isClassification || metric.needsProbabilities {
                #expect(throws: DataError.self) {
                    try metric.score(truth: [0, 1], predicted: [0, 1], classCount: 2)
                }
            }
            if !metric.isClassification {
                #expect(throws: DataError.self) {
                    try metric.score(truth: binaryTruth, probabilities: probabilities)
                }
            } else {
                #expect(throws: DataError.self) {
                    try metric.score(truth: [0.0, 1.0], predicted: [0.0, 1.0])
                }
            }
        }
    }
}
