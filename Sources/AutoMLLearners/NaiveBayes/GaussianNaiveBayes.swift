import AutoMLData
import AutoMLNumerics

/// Gaussian naive Bayes classification (scikit-learn's `GaussianNB`).
///
/// Each feature is modelled, within each class, as an independent normal distribution with the
/// class's (weighted) mean and variance; a new row gets the class posterior
/// P(c | x) ∝ P(c) · Πⱼ N(xⱼ; μ_cj, σ²_cj). Every variance is enlarged by
/// ε = `var_smoothing` · maxⱼ Var(xⱼ) (the largest unweighted feature variance over all rows),
/// which keeps constant features usable. Prediction works in log space and normalizes the
/// joint log-likelihoods with log-sum-exp, so tiny likelihoods do not underflow.
///
/// Class priors are the classes' shares of the (weighted) training rows unless given. A class
/// named by the target but absent from the training rows gets probability 0.
///
/// Fitting is one pass over the data, O(n·d); prediction is O(q·k·d). Scale-invariant: it needs
/// no standardized features.
public struct GaussianNaiveBayes: Learner {
    /// The settings of ``GaussianNaiveBayes``; defaults are scikit-learn's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Share of the largest feature variance added to every variance (scikit-learn
        /// `var_smoothing`), default 1e-9.
        public var varSmoothing: Double
        /// Prior probability of each class, in class order (scikit-learn `priors`), default `nil`:
        /// the classes' shares of the training rows. Non-negative and summing to 1.
        public var priors: [Double]?

        public init(varSmoothing: Double = 1e-9, priors: [Double]? = nil) {
            self.varSmoothing = varSmoothing
            self.priors = priors
        }

        public init() { self.init(varSmoothing: 1e-9) }

        private enum CodingKeys: String, CodingKey { case varSmoothing, priors }

        /// Missing keys take the defaults.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            varSmoothing = try container.decodeIfPresent(Double.self, forKey: .varSmoothing) ?? 1e-9
            priors = try container.decodeIfPresent([Double].self, forKey: .priors)
        }
    }

    public static let familyName = "gaussian_nb"
    public static let rules: [HyperparameterRule] = [.real("var_smoothing", atLeast: 0)]
    public let hyperparameters: Hyperparameters

    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a
    ///   negative `var_smoothing`, or `priors` that are negative or do not sum to 1 (within
    ///   1e-8 + 1e-5, NumPy's `isclose`).
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        if let priors = hyperparameters.priors {
            let sum = priors.reduce(0, +)
            guard !priors.isEmpty, priors.allSatisfy({ $0.isFinite && $0 >= 0 }),
                abs(sum - 1) <= 1e-8 + 1e-5
            else {
                throw .invalidHyperparameter(
                    learner: Self.familyName, name: "priors",
                    expected: "non-negative numbers summing to 1",
                    got: "\(priors)")
            }
        }
        self.hyperparameters = hyperparameters
    }

    /// Estimates per-class means, variances and priors. O(n·d).
    /// - Parameter seed: Unused: the fit is deterministic.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data, a
    ///   regression target, `priors` of the wrong length, priors that leave no seen class a
    ///   chance, or a zero variance (a feature constant within a class while ε is 0).
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError)
        -> GaussianNaiveBayesModel
    {
        try data.validate(for: Self.familyName)
        guard case .classification(let labels, let classes) = data.target else {
            throw .invalidTrainingData(
                learner: Self.familyName,
                reason: "Gaussian naive Bayes only classifies; the target is numeric")
        }
        let n = data.features.rows
        let d = data.features.columns
        let k = classes.count
        if let priors = hyperparameters.priors, priors.count != k {
            throw .invalidTrainingData(
                learner: Self.familyName, reason: "\(priors.count) priors given for \(k) classes")
        }
        let weights = data.weights ?? [Double](repeating: 1, count: n)
        var mass = [Double](repeating: 0, count: k)
        var means = Matrix(rows: k, columns: d)
        var variances = Matrix(rows: k, columns: d)
        var epsilon = 0.0
        data.features.storage.withUnsafeBufferPointer { x in
            // ε from the unweighted population variance of each column, as scikit-learn does.
            var columnMeans = [Double](repeating: 0, count: d)
            for r in 0..<n { for j in 0..<d { columnMeans[j] += x[r * d + j] } }
            for j in 0..<d { columnMeans[j] /= Double(n) }
            var columnSquares = [Double](repeating: 0, count: d)
            for r in 0..<n {
                for j in 0..<d {
                    let deviation = x[r * d + j] - columnMeans[j]
                    columnSquares[j] += deviation * deviation
                }
            }
            epsilon = hyperparameters.varSmoothing * (columnSquares.max() ?? 0) / Double(n)
            // Weighted class means, then weighted variances around them (two passes).
            for r in 0..<n where weights[r] > 0 {
                let c = labels[r]
                mass[c] += weights[r]
                for j in 0..<d { means.storage[c * d + j] += weights[r] * x[r * d + j] }
            }
            for c in 0..<k where mass[c] > 0 {
                for j in 0..<d { means.storage[c * d + j] /= mass[c] }
            }
            for r in 0..<n where weights[r] > 0 {
                let c = labels[r]
                for j in 0..<d {
                    let deviation = x[r * d + j] - means.storage[c * d + j]
                    variances.storage[c * d + j] += weights[r] * deviation * deviation
                }
            }
        }
        let total = mass.reduce(0, +)
        for c in 0..<k {
            for j in 0..<d {
                let index = c * d + j
                variances.storage[index] =
                    mass[c] > 0 ? variances.storage[index] / mass[c] + epsilon : 1
                if mass[c] > 0, !(variances.storage[index] > 0) {
                    throw .invalidTrainingData(
                        learner: Self.familyName,
                        reason:
                            "feature \(j) is constant within class '\(classes[c])' and the smoothing ε is 0 "
                            + "(var_smoothing is 0 or every feature is constant); raise var_smoothing"
                    )
                }
            }
        }
        var priors = hyperparameters.priors ?? mass.map { $0 / total }
        for c in 0..<k where mass[c] == 0 { priors[c] = 0 }
        guard priors.contains(where: { $0 > 0 }) else {
            throw .invalidTrainingData(
                learner: Self.familyName,
                reason: "the priors give probability 0 to every class in the training rows")
        }
        return GaussianNaiveBayesModel(
            means: means, variances: variances, priors: priors, epsilon: epsilon)
    }
}
