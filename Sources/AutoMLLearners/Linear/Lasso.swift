import AutoMLData
import AutoMLNumerics

/// Least squares with an L1 penalty, scikit-learn's `Lasso`: minimizes
/// `1/(2n) Σᵢ ωᵢ (yᵢ − xᵢᵀw − b)² + α‖w‖₁` (the ``ElasticNet`` with `l1_ratio = 1`), by cyclic
/// coordinate descent. Weights of irrelevant features become exactly zero. Fed raw features
/// as in scikit-learn.
public struct Lasso: Learner {
    /// The settings of ``Lasso``; defaults are scikit-learn's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Penalty strength (scikit-learn `alpha`), ≥ 0, default 1.
        public var alpha: Double
        /// Limit on coordinate-descent sweeps (scikit-learn `max_iter`), default 1000.
        public var maximumIterations: Int
        /// Stop when the duality gap is below `tolerance · ‖y − ȳ‖²` (scikit-learn `tol`),
        /// default 1e-4.
        public var tolerance: Double

        public init(alpha: Double = 1, maximumIterations: Int = 1000, tolerance: Double = 1e-4) {
            self.alpha = alpha
            self.maximumIterations = maximumIterations
            self.tolerance = tolerance
        }

        public init() { self.init(alpha: 1) }
    }

    public static let familyName = "lasso"
    public static let rules: [HyperparameterRule] = [
        .real("alpha", atLeast: 0),
        .integer("maximum_iterations", atLeast: 1),
        .real("tolerance", atLeast: 0),
    ]
    public let hyperparameters: Hyperparameters

    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Fits the model; deterministic (the seed is not used).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for invalid data or a
    ///   classification target.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> LinearModel {
        try ElasticNet.fit(
            data, alpha: hyperparameters.alpha, l1Ratio: 1,
            maximumIterations: hyperparameters.maximumIterations,
            tolerance: hyperparameters.tolerance, learner: Self.familyName)
    }
}
