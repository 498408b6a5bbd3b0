import AutoMLData
import AutoMLNumerics

/// What a learner is trained on: a numeric feature matrix (already preprocessed), the target,
/// and optional per-row weights.
public struct TrainingData: Sendable {
    /// `n × d` features, finite.
    public var features: Matrix
    /// `n` targets.
    public var target: Target
    /// `n` non-negative weights, or `nil` for equal weights.
    public var weights: [Double]?

    public init(features: Matrix, target: Target, weights: [Double]? = nil) {
        self.features = features
        self.target = target
        self.weights = weights
    }

    /// Checks what every learner needs: rows, matching lengths, finite values, valid weights,
    /// and at least two classes for classification.
    public func validate(for learner: String) throws(LearnerError) {
        guard features.rows > 0 else {
            throw .invalidTrainingData(learner: learner, reason: "the data has no rows")
        }
        guard target.count == features.rows else {
            throw .invalidTrainingData(
                learner: learner,
                reason: "\(features.rows) feature rows but \(target.count) targets")
        }
        if let (row, column) = features.firstNonFinite() {
            throw .invalidTrainingData(
                learner: learner,
                reason:
                    "feature \(column) of row \(row) is NaN or infinite; impute missing values first"
            )
        }
        if let weights {
            guard weights.count == features.rows else {
                throw .invalidTrainingData(
                    learner: learner, reason: "\(weights.count) weights for \(features.rows) rows")
            }
            guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }),
                weights.contains(where: { $0 > 0 })
            else {
                throw .invalidTrainingData(
                    learner: learner, reason: "weights must be finite, ≥ 0 and not all 0")
            }
        }
        switch target {
        case .classification(let labels, let classes):
            guard Set(labels).count >= 2 else {
                throw .invalidTrainingData(
                    learner: learner,
                    reason: "the target has a single class ('\(classes.first ?? "")')")
            }
        case .regression(let values):
            guard values.allSatisfy(\.isFinite) else {
                throw .invalidTrainingData(
                    learner: learner, reason: "the target holds NaN or infinite values")
            }
        }
    }
}

/// What a fitted model predicts for a batch of rows.
public enum Prediction: Sendable, Equatable {
    /// Class indices and an `n × k` matrix of class probabilities.
    case classes(labels: [Int], probabilities: Matrix)
    /// Real values.
    case values([Double])
}

/// The settings of a learner family: `Codable` with snake_case JSON keys (see
/// ``HyperparameterCoding``), and `init()` gives the documented defaults (scikit-learn's where
/// the family exists there).
public protocol LearnerHyperparameters: Codable, Sendable, Equatable {
    init()
}

/// A family of models with typed hyperparameters, e.g. random forest or the constant baseline.
///
/// Hyperparameters are kept apart from fitted state: `try Learner(hyperparameters)` validates
/// them, and `fit` returns a ``Model``, so an unfitted model cannot exist.
public protocol Learner: Sendable {
    associatedtype Hyperparameters: LearnerHyperparameters
    associatedtype FittedModel: Model

    /// The family's name as used in files and on the command line (`random_forest`).
    static var familyName: String { get }
    /// The constraints on ``hyperparameters``, checked by ``validate(_:)``.
    static var rules: [HyperparameterRule] { get }
    /// The settings this learner fits with.
    var hyperparameters: Hyperparameters { get }
    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)``.
    init(_ hyperparameters: Hyperparameters) throws(LearnerError)
    /// Fits a model. Deterministic for a given `seed`.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate input.
    func fit(_ data: TrainingData, seed: UInt64) throws(LearnerError) -> FittedModel
}

extension Learner {
    public static var rules: [HyperparameterRule] { [] }

    /// Checks `hyperparameters` against ``rules``; learners call it from their initializer.
    public static func validate(_ hyperparameters: Hyperparameters) throws(LearnerError) {
        try HyperparameterRule.check(rules, on: hyperparameters, learner: familyName)
    }
}

/// A fitted model.
public protocol Model: Sendable, Codable {
    /// The family that produced it (used to decode it from JSON).
    static var familyName: String { get }
    /// The task it was trained for.
    var task: LearningTask { get }
    /// The number of feature columns it expects.
    var featureCount: Int { get }
    /// The number of classes of the target it was trained on (classification): the width of
    /// its probability matrix, and one more than the largest label it predicts. Unused (0 when
    /// fitted) for regression. A ``Pipeline`` checks it against its class names when read.
    var classCount: Int { get }
    /// Predictions for every row of `features`.
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    func predict(_ features: Matrix) throws(LearnerError) -> Prediction
    /// Size of the fitted parameters in bytes (what a deployment has to hold in memory).
    var parameterBytes: Int { get }
}

extension Model {
    /// Throws when `features` does not have the width the model was trained on.
    public func checkWidth(_ features: Matrix) throws(LearnerError) {
        guard features.columns == featureCount else {
            throw .featureCountMismatch(
                learner: Self.familyName, expected: featureCount, got: features.columns)
        }
    }
}
