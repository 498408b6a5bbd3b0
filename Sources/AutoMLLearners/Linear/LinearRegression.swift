import AutoMLData
import AutoMLNumerics

/// Ordinary least squares with an intercept, scikit-learn's `LinearRegression`: minimizes
/// `Σᵢ weightᵢ (yᵢ − xᵢᵀw − b)²`.
///
/// Solved in closed form on the centered problem (``CenteredDesign``) through the normal
/// equations with a rank-revealing pivoted Cholesky (``LeastSquares``), so duplicated or
/// collinear columns get weight 0 instead of blowing up. scikit-learn's `lstsq` returns the
/// minimum-norm solution instead; both give the same predictions. Fed raw features, as in
/// scikit-learn (scaling does not change an unpenalized fit).
public struct LinearRegression: Learner {
    /// ``LinearRegression`` has no settings (scikit-learn's `fit_intercept=True` is fixed).
    public struct Hyperparameters: LearnerHyperparameters {
        public init() {}
    }

    public static let familyName = "linear_regression"
    public let hyperparameters: Hyperparameters

    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Fits the model; deterministic (the seed is not used).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for invalid data or a
    ///   classification target.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> LinearModel {
        let target = try regressionTarget(of: data, learner: Self.familyName)
        let design = CenteredDesign(features: data.features, target: target, weights: data.weights)
        let weights = try LeastSquares.solve(design, alpha: 0, learner: Self.familyName)
        return LinearModel(
            regression: Self.familyName, weights: weights, intercept: design.intercept(for: weights)
        )
    }
}

/// The validated regression values of `data`.
/// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)``.
func regressionTarget(of data: TrainingData, learner: String) throws(LearnerError) -> [Double] {
    try data.validate(for: learner)
    guard case .regression(let values) = data.target else {
        throw .invalidTrainingData(
            learner: learner, reason: "it needs a regression target; use logistic_regression")
    }
    return values
}

extension LinearModel {
    /// A regression model with one weight per feature.
    init(
        regression learner: String, weights: [Double], intercept: Double, iterations: Int = 0,
        isConverged: Bool = true
    ) {
        let coefficients =
            (try? Matrix(rows: weights.count, columns: 1, values: weights))
            ?? Matrix(rows: weights.count, columns: 1)
        self.init(
            learner: learner, task: .regression, coefficients: coefficients,
            intercepts: [intercept],
            iterations: iterations, isConverged: isConverged)
    }
}
