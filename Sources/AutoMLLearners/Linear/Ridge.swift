import AutoMLData
import AutoMLNumerics

/// Least squares with an L2 penalty, scikit-learn's `Ridge`: minimizes
/// `Σᵢ weightᵢ (yᵢ − xᵢᵀw − b)² + α‖w‖²` with the intercept unpenalized.
///
/// Solved in closed form by a Cholesky factorization of `X̃ᵀX̃ + αI` on the centered problem
/// (``LeastSquares``; scikit-learn's `cholesky` solver, which its `auto` picks for dense
/// data). Fed raw features as in scikit-learn, so the effect of `α` depends on the feature
/// scale.
public struct Ridge: Learner {
    /// The settings of ``Ridge``; defaults are scikit-learn's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Penalty strength (scikit-learn `alpha`), ≥ 0, default 1; 0 is ordinary least squares.
        public var alpha: Double

        public init(alpha: Double) { self.alpha = alpha }
        public init() { self.init(alpha: 1) }
    }

    public static let familyName = "ridge"
    public static let rules: [HyperparameterRule] = [.real("alpha", atLeast: 0)]
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
        let weights = try LeastSquares.solve(
            design, alpha: hyperparameters.alpha, learner: Self.familyName)
        return LinearModel(
            regression: Self.familyName, weights: weights, intercept: design.intercept(for: weights)
        )
    }
}
