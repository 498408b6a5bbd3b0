import AutoMLData
import AutoMLNumerics

/// Linear support vector machines trained by liblinear's dual coordinate descent
/// (scikit-learn's `LinearSVC` and `LinearSVR`).
///
/// ```swift
/// let model = try LinearSVM(.init(c: 0.1)).fit(training, seed: 7)
/// ```
///
/// **Classification** minimizes `½‖w‖² + C Σ loss(y_i (wᵀx_i + b))` with the squared hinge
/// (default) or hinge loss, by ``DualCoordinateDescent`` (Hsieh et al. 2008) or, for the
/// squared losses on data with at least as many rows as features, by ``PrimalNewton`` — the
/// choice scikit-learn's default `dual="auto"` makes. With `k > 2`
/// classes it trains `k` one-vs-rest machines (liblinear, scikit-learn); labels are the argmax
/// of the decision values (binary: positive → the second class). Probabilities, which
/// scikit-learn's `LinearSVC` does not give, are each machine's Platt sigmoid fitted on its
/// training decision values (``PlattScaling``), normalized over the classes — the "sigmoid"
/// method of scikit-learn's `CalibratedClassifierCV`, without its cross-validation. Their argmax
/// can differ from the label on borderline rows.
///
/// **Regression** minimizes `½‖w‖² + C Σ max(0, |y_i − wᵀx_i − b| − ε)` (or its square) by the
/// dual method of Ho & Lin 2012.
///
/// **Intercept** as in liblinear: a constant column `intercept_scaling` is appended and its
/// weight is regularized like the others (scikit-learn's `fit_intercept`, `intercept_scaling`).
/// Sample weights scale `C` per row; rows of weight 0 are left out. The seed drives the
/// coordinate order (liblinear's `rand()`), so it changes the result within the tolerance.
public struct LinearSVM: Learner {
    /// The loss (scikit-learn `loss`): the first two for classification, the last two for
    /// regression.
    public enum Loss: String, Codable, Sendable, CaseIterable {
        case hinge
        case squaredHinge = "squared_hinge"
        case epsilonInsensitive = "epsilon_insensitive"
        case squaredEpsilonInsensitive = "squared_epsilon_insensitive"

        var isClassification: Bool { self == .hinge || self == .squaredHinge }
        var isSquared: Bool { self == .squaredHinge || self == .squaredEpsilonInsensitive }
    }

    /// Settings with scikit-learn's `LinearSVC`/`LinearSVR` defaults.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Penalty on the loss (scikit-learn `C`), > 0, default 1.
        public var c: Double
        /// The loss (scikit-learn `loss`); unset (the default) means `squared_hinge` for
        /// classification and `epsilon_insensitive` for regression, scikit-learn's defaults.
        public var loss: Loss?
        /// Width of the insensitive tube for regression (scikit-learn `LinearSVR(epsilon)`), ≥ 0,
        /// default 0.
        public var epsilon: Double
        /// Stopping tolerance (scikit-learn `tol`), > 0, default 1e-4.
        public var tolerance: Double
        /// Limit on passes over the data (scikit-learn `max_iter`), ≥ 1, default 1000; a model
        /// that hit it says so in ``LinearSVMModel/reachedIterationLimit`` (scikit-learn warns).
        public var maxIterations: Int
        /// Whether to fit an intercept (scikit-learn `fit_intercept`), default true.
        public var fitIntercept: Bool
        /// Value of the appended constant column (scikit-learn `intercept_scaling`), > 0,
        /// default 1; larger values regularize the intercept less.
        public var interceptScaling: Double
        /// Whether to solve the dual (coordinate descent) or the primal (truncated Newton,
        /// squared losses only) — scikit-learn `dual`. Unset (the default) is scikit-learn's
        /// `"auto"`: the dual when there are fewer rows than features or the loss is not squared,
        /// else the primal.
        public var dual: Bool?

        public init(
            c: Double = 1, loss: Loss? = nil, epsilon: Double = 0, tolerance: Double = 1e-4,
            maxIterations: Int = 1000,
            fitIntercept: Bool = true, interceptScaling: Double = 1, dual: Bool? = nil
        ) {
            self.c = c
            self.loss = loss
            self.epsilon = epsilon
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.fitIntercept = fitIntercept
            self.interceptScaling = interceptScaling
            self.dual = dual
        }

        public init() { self.init(c: 1) }
    }

    public static let familyName = "linear_svm"
    public static let rules: [HyperparameterRule] = [
        .real("c", above: 0),
        .real("epsilon", atLeast: 0),
        .real("tolerance", above: 0),
        .integer("max_iterations", atLeast: 1),
        .real("intercept_scaling", above: 0),
    ]

    public let hyperparameters: Hyperparameters

    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)``.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Fits a classifier or regressor, by the task of `data.target`.
    /// - Parameter seed: Seeds the coordinate order.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data;
    ///   ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` when `loss` does not
    ///   fit the task.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> LinearSVMModel {
        try data.validate(for: Self.familyName)
        let h = hyperparameters
        let isClassification = data.target.task == .classification
        let loss = h.loss ?? (isClassification ? .squaredHinge : .epsilonInsensitive)
        guard loss.isClassification == isClassification else {
            throw .invalidHyperparameter(
                learner: Self.familyName, name: "loss",
                expected: isClassification
                    ? "hinge or squared_hinge for classification"
                    : "epsilon_insensitive or squared_epsilon_insensitive for regression",
                got: loss.rawValue)
        }
        let usesDual = h.dual ?? (data.features.rows < data.features.columns || !loss.isSquared)
        guard usesDual || loss.isSquared else {
            throw .invalidHyperparameter(
                learner: Self.familyName, name: "dual",
                expected: "true (or unset) with loss \(loss.rawValue)", got: "false")
        }
        let kept = (0..<data.features.rows).filter { (data.weights?[$0] ?? 1) > 0 }
        let x = Self.augmented(
            data.features, rows: kept, bias: h.fitIntercept ? h.interceptScaling : nil)
        let bounds = kept.map { h.c * (data.weights?[$0] ?? 1) }
        guard x.columns > 0 else {
            throw .invalidTrainingData(
                learner: Self.familyName, reason: "there are no feature columns and no intercept")
        }
        var random = RandomSource(seed: seed)
        switch data.target {
        case .classification(let labels, let classes):
            return try LinearSVMClassifierTraining(
                hyperparameters: h, squaredHinge: loss.isSquared, usesDual: usesDual
            ).fit(
                x: x, labels: kept.map { labels[$0] }, classCount: classes.count, bounds: bounds,
                featureCount: data.features.columns, random: &random)
        case .regression(let values):
            let solution = Self.solve(
                .regression(targets: kept.map { values[$0] }, squaredLoss: loss.isSquared), on: x,
                bounds: bounds,
                hyperparameters: h, usesDual: usesDual, random: &random)
            let (weights, intercept) = Self.split(
                solution.weights, featureCount: data.features.columns, hyperparameters: h)
            return LinearSVMModel(
                task: .regression, featureCount: data.features.columns,
                weights: Matrix(singleRow: weights),
                intercepts: [intercept], classCount: 0, trainedClasses: [], probabilityScalings: [],
                iterations: [solution.iterations],
                reachedIterationLimit: solution.reachedIterationLimit)
        }
    }

    /// The rows `rows` of `features`, with a constant column `bias` appended when given.
    static func augmented(_ features: Matrix, rows: [Int], bias: Double?) -> Matrix {
        let d = features.columns
        let width = d + (bias == nil ? 0 : 1)
        var result = Matrix(rows: rows.count, columns: width)
        for (r, source) in rows.enumerated() {
            for c in 0..<d { result.storage[r * width + c] = features.storage[source * d + c] }
            if let bias { result.storage[r * width + d] = bias }
        }
        return result
    }

    /// `w` without its bias entry, and the intercept `w_bias · intercept_scaling`.
    static func split(_ w: [Double], featureCount d: Int, hyperparameters h: Hyperparameters) -> (
        [Double], Double
    ) {
        guard h.fitIntercept, w.count > d else { return (Array(w.prefix(d)), 0) }
        return (Array(w.prefix(d)), w[d] * h.interceptScaling)
    }
}

extension Matrix {
    /// A `1 × values.count` matrix.
    init(singleRow values: [Double]) {
        self.init(rows: 1, columns: values.count)
        storage = values
    }
}
