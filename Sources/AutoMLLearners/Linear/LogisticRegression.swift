import AutoMLData
import AutoMLNumerics

/// Logistic regression, scikit-learn's `LogisticRegression`: a binary logistic model for two
/// classes and a multinomial (softmax) model for three or more, fitted by penalized maximum
/// likelihood.
///
/// The objective is `Σᵢ weightᵢ ℓᵢ + penalty(W)` with the penalty
/// - `l2`: `‖W‖² / (2C)` (the default, `C = 1`),
/// - `l1`: `‖W‖₁ / C`,
/// - `elasticnet`: `(r ‖W‖₁ + (1 − r)/2 ‖W‖²) / C` with `r` = ``Hyperparameters/l1Ratio``,
/// - `none`: no penalty,
///
/// and unpenalized intercepts (see ``LogisticObjective``). It is minimized from zero by
/// L-BFGS, or by its OWL-QN extension when there is an L1 part (``LBFGS``; scikit-learn uses
/// L-BFGS for `l2`/`none` and SAGA or liblinear for L1). As in scikit-learn the loss is divided
/// by the total weight, so ``Hyperparameters/tolerance`` bounds the largest gradient component
/// of the *mean* loss.
///
/// Features are expected standardized (the catalog entry scales them, as scikit-learn's anchor
/// pipeline `make_pipeline(StandardScaler(), LogisticRegression())` does).
public struct LogisticRegression: Learner {
    /// The settings of ``LogisticRegression``; defaults are scikit-learn 1.9's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// The penalty on the weights (scikit-learn `penalty`).
        public enum Penalty: String, Codable, Sendable, CaseIterable {
            case l2, l1, elasticnet
            /// No penalty (scikit-learn `penalty=None`, JSON `"none"`).
            case unpenalized = "none"
        }

        /// How rows are weighted by class (scikit-learn `class_weight`).
        public enum ClassWeight: String, Codable, Sendable, CaseIterable {
            /// Every row weighs 1 (scikit-learn `class_weight=None`, JSON `"none"`).
            case unweighted = "none"
            /// Rows of class `c` weigh `n / (k · n_c)` (scikit-learn `"balanced"`).
            case balanced
        }

        /// The penalty (scikit-learn `penalty`), default `l2`.
        public var penalty: Penalty
        /// Inverse regularization strength (scikit-learn `C`), > 0, default 1.
        public var c: Double
        /// Share of L1 in the `elasticnet` penalty (scikit-learn `l1_ratio`), in [0, 1],
        /// default 0.5; ignored by the other penalties.
        public var l1Ratio: Double
        /// Iteration limit of the solver (scikit-learn `max_iter`), default 100.
        public var maximumIterations: Int
        /// Stop when no gradient component of the mean loss exceeds this (scikit-learn `tol`),
        /// default 1e-4.
        public var tolerance: Double
        /// Class weighting (scikit-learn `class_weight`), default none.
        public var classWeight: ClassWeight

        public init(
            penalty: Penalty = .l2, c: Double = 1, l1Ratio: Double = 0.5,
            maximumIterations: Int = 100,
            tolerance: Double = 1e-4, classWeight: ClassWeight = .unweighted
        ) {
            self.penalty = penalty
            self.c = c
            self.l1Ratio = l1Ratio
            self.maximumIterations = maximumIterations
            self.tolerance = tolerance
            self.classWeight = classWeight
        }

        public init() { self.init(penalty: .l2) }
    }

    public static let familyName = "logistic_regression"
    public static let rules: [HyperparameterRule] = [
        .real("c", above: 0),
        .real("l1_ratio", atLeast: 0, atMost: 1),
        .integer("maximum_iterations", atLeast: 1),
        .real("tolerance", atLeast: 0),
    ]
    public let hyperparameters: Hyperparameters

    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Fits the model; deterministic (the seed is not used: the problem is convex and solved
    /// from zero).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for invalid data, a
    ///   regression target, or fewer than two classes with positive weight.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> LinearModel {
        try data.validate(for: Self.familyName)
        guard case .classification(let labels, let classes) = data.target else {
            throw .invalidTrainingData(
                learner: Self.familyName,
                reason: "it needs a classification target; use ridge or linear_regression")
        }
        let n = data.features.rows
        let d = data.features.columns
        var weights = data.weights ?? [Double](repeating: 1, count: n)
        if hyperparameters.classWeight == .balanced {
            // scikit-learn's compute_class_weight: n / (k · count) from unweighted counts.
            var counts = [Int](repeating: 0, count: classes.count)
            for label in labels { counts[label] += 1 }
            let present = Double(counts.filter { $0 > 0 }.count)
            for i in 0..<n { weights[i] *= Double(n) / (present * Double(counts[labels[i]])) }
        }
        // The classes with weight are the model's outputs.
        var mass = [Double](repeating: 0, count: classes.count)
        for i in 0..<n { mass[labels[i]] += weights[i] }
        let outputClasses = mass.indices.filter { mass[$0] > 0 }
        guard outputClasses.count >= 2 else {
            throw .invalidTrainingData(
                learner: Self.familyName,
                reason: "only one class ('\(classes[outputClasses.first ?? 0])') has weight")
        }
        let total = weights.reduce(0, +)
        let m = outputClasses.count == 2 ? 1 : outputClasses.count
        var column = [Int](repeating: 0, count: classes.count)
        for (j, c) in outputClasses.enumerated() { column[c] = j }
        let targets = labels.map { column[$0] }

        let (l1, l2) = penaltyStrengths(totalWeight: total)
        var objective = LogisticObjective(
            features: data.features, targets: targets, weights: weights.map { $0 / total },
            outputs: m, l2: l2)
        var l1Weights: [Double]? = nil
        if l1 > 0 {
            l1Weights = [Double](repeating: l1, count: d * m) + [Double](repeating: 0, count: m)
        }
        let minimizer = LBFGS(
            maximumIterations: hyperparameters.maximumIterations,
            gradientTolerance: hyperparameters.tolerance,
            l1Weights: l1Weights)
        let result = minimizer.minimize(
            from: [Double](repeating: 0, count: objective.parameterCount)
        ) { p, g in
            objective.evaluate(p, gradient: &g)
        }
        guard result.point.allSatisfy(\.isFinite) else {
            throw .invalidTrainingData(
                learner: Self.familyName,
                reason: "the solver produced non-finite weights; check the feature scale")
        }
        let coefficients =
            (try? Matrix(rows: d, columns: m, values: Array(result.point[0..<(d * m)])))
            ?? Matrix(rows: d, columns: m)
        return LinearModel(
            learner: Self.familyName, task: .classification, coefficients: coefficients,
            intercepts: Array(result.point[(d * m)...]), classCount: classes.count,
            outputClasses: outputClasses,
            iterations: result.iterations, isConverged: result.isConverged)
    }

    /// The L1 and L2 strengths on the mean loss: the penalty divided by `C` and the total weight.
    private func penaltyStrengths(totalWeight: Double) -> (l1: Double, l2: Double) {
        let scale = 1 / (hyperparameters.c * totalWeight)
        switch hyperparameters.penalty {
        case .l2: return (0, scale)
        case .l1: return (scale, 0)
        case .elasticnet:
            return (hyperparameters.l1Ratio * scale, (1 - hyperparameters.l1Ratio) * scale)
        case .unpenalized: return (0, 0)
        }
    }
}
