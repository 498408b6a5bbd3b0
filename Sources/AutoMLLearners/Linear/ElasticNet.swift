import AutoMLData
import AutoMLNumerics

/// Least squares with a mixed L1/L2 penalty, scikit-learn's `ElasticNet`: minimizes
///
///     1/(2n) Σᵢ ωᵢ (yᵢ − xᵢᵀw − b)² + α ρ ‖w‖₁ + α (1 − ρ)/2 ‖w‖²
///
/// with `ρ` = ``Hyperparameters/l1Ratio``, the sample weights `ω` rescaled to sum to `n`, and
/// the intercept unpenalized. Solved by cyclic coordinate descent with scikit-learn's
/// duality-gap stopping rule (``CoordinateDescent``). Fed raw features as in scikit-learn.
public struct ElasticNet: Learner {
    /// The settings of ``ElasticNet``; defaults are scikit-learn's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Penalty strength (scikit-learn `alpha`), ≥ 0, default 1.
        public var alpha: Double
        /// Share of the L1 part (scikit-learn `l1_ratio`), in [0, 1], default 0.5.
        public var l1Ratio: Double
        /// Limit on coordinate-descent sweeps (scikit-learn `max_iter`), default 1000.
        public var maximumIterations: Int
        /// Stop when the duality gap is below `tolerance · ‖y − ȳ‖²` (scikit-learn `tol`),
        /// default 1e-4.
        public var tolerance: Double

        public init(
            alpha: Double = 1, l1Ratio: Double = 0.5, maximumIterations: Int = 1000,
            tolerance: Double = 1e-4
        ) {
            self.alpha = alpha
            self.l1Ratio = l1Ratio
            self.maximumIterations = maximumIterations
            self.tolerance = tolerance
        }

        public init() { self.init(alpha: 1) }
    }

    public static let familyName = "elastic_net"
    public static let rules: [HyperparameterRule] = [
        .real("alpha", atLeast: 0),
        .real("l1_ratio", atLeast: 0, atMost: 1),
        .integer("maximum_iterations", atLeast: 1),
        .real("tolerance", atLeast: 0),
    ]
    public let hyperparameters: Hyperparameters

    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Fits the model; deterministic (the seed is not used: the sweep order is cyclic).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for invalid data or a
    ///   classification target.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> LinearModel {
        try Self.fit(
            data, alpha: hyperparameters.alpha, l1Ratio: hyperparameters.l1Ratio,
            maximumIterations: hyperparameters.maximumIterations,
            tolerance: hyperparameters.tolerance,
            learner: Self.familyName)
    }

    /// The coordinate-descent fit shared with ``Lasso``.
    static func fit(
        _ data: TrainingData, alpha: Double, l1Ratio: Double, maximumIterations: Int,
        tolerance: Double,
        learner: String
    ) throws(LearnerError) -> LinearModel {
        let target = try regressionTarget(of: data, learner: learner)
        let design = CenteredDesign(
            features: data.features, target: target, weights: data.weights,
            weightTotal: Double(data.features.rows))
        let solution = CoordinateDescent.elasticNet(
            design, alpha: alpha, l1Ratio: l1Ratio, maximumIterations: maximumIterations,
            tolerance: tolerance)
        guard solution.coefficients.allSatisfy(\.isFinite) else {
            throw .invalidTrainingData(
                learner: learner, reason: "coordinate descent produced non-finite weights")
        }
        return LinearModel(
            regression: learner, weights: solution.coefficients,
            intercept: design.intercept(for: solution.coefficients),
            iterations: solution.iterations, isConverged: solution.isConverged)
    }
}
