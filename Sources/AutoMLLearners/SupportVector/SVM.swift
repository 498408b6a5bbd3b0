import AutoMLData
import AutoMLNumerics

/// Kernel support vector machines: C-support vector classification and ε-support vector
/// regression, trained by libsvm's SMO (scikit-learn's `SVC` and `SVR`).
///
/// ```swift
/// let model = try SVM(.init(c: 10, gamma: .value(0.1))).fit(training, seed: 7)
/// ```
///
/// **Training** solves the libsvm duals (Chang & Lin 2011, "LIBSVM: a library for support
/// vector machines", ACM TIST 2(3), §2) with ``SMOSolver``: second-order working-set selection
/// (Fan, Chen & Lin 2005), shrinking, and an LRU cache of kernel rows under `cache_size`
/// megabytes; kernel rows are one BLAS `dgemv` of a row against the active rows plus the
/// kernel's elementwise map. Sample weights scale `C` per row (`C · w_i`, scikit-learn's
/// `sample_weight`); rows of weight 0 are left out, as scikit-learn does.
///
/// **Classification** with `k` classes trains `k(k−1)/2` one-vs-one machines (libsvm). The
/// predicted label is the one-vs-one vote (ties go to the lower class index), exactly what
/// scikit-learn's `SVC.predict` returns. Probabilities, which `SVC` only gives with
/// `probability=True`, come from Platt sigmoids on each pair's decision values coupled by
/// Wu, Lin & Weng 2004 (see ``PlattScaling``, ``PairwiseCoupling``). By default
/// (`probability_folds = 0`) the sigmoids are fitted to the training rows' own decision values,
/// which costs nothing extra (they fall out of the solver's gradient) but is somewhat
/// overconfident; `probability_folds = k ≥ 2` fits them on `k`-fold internal cross-validation
/// like libsvm's `-b 1` (about `k − 1` extra fits per pair). The probabilities' argmax can
/// disagree with the vote on borderline rows, as in scikit-learn.
///
/// **Regression** solves the ε-SVR dual with `2n` variables (libsvm `SVR_Q`).
///
/// Classes absent from the training rows get probability 0 and never win a vote.
public struct SVM: Learner {
    /// Settings with scikit-learn's `SVC`/`SVR` defaults.
    public struct Hyperparameters: LearnerHyperparameters {
        /// The kernel (scikit-learn `kernel`), default `rbf`.
        public var kernel: SVMKernel
        /// Penalty on margin violations (scikit-learn `C`), > 0, default 1.
        public var c: Double
        /// Width of the ε-insensitive tube for regression (scikit-learn `SVR(epsilon)`), ≥ 0,
        /// default 0.1; unused for classification.
        public var epsilon: Double
        /// Kernel coefficient for `rbf`, `poly` and `sigmoid` (scikit-learn `gamma`), default
        /// `scale` = `1 / (d · Var(X))`.
        public var gamma: KernelGamma
        /// Degree of the `poly` kernel (scikit-learn `degree`), ≥ 0, default 3.
        public var degree: Int
        /// Constant term of the `poly` and `sigmoid` kernels (scikit-learn `coef0`), default 0.
        public var coef0: Double
        /// Stopping tolerance on the maximal KKT violation (scikit-learn `tol`), > 0, default 1e-3.
        public var tolerance: Double
        /// Kernel cache budget in megabytes per one-vs-one problem (scikit-learn `cache_size`),
        /// > 0, default 200.
        public var cacheSize: Double
        /// Whether SMO shrinks the working problem (scikit-learn `shrinking`), default true.
        public var shrinking: Bool
        /// Limit on SMO iterations per problem (scikit-learn `max_iter`), default −1 = none.
        /// Even without a limit, SMO stops after libsvm's safety cap of
        /// `max(10⁷, 100 · variables)` iterations; a model that stopped at a limit says so in
        /// ``SVMModel/reachedIterationLimit``.
        public var maxIterations: Int
        /// Folds of the internal cross-validation that fits the probability sigmoids: 0 (the
        /// default) fits them on the training decision values; `k ≥ 2` like libsvm's `-b 1`.
        public var probabilityFolds: Int

        public init(
            kernel: SVMKernel = .rbf, c: Double = 1, epsilon: Double = 0.1,
            gamma: KernelGamma = .scale,
            degree: Int = 3, coef0: Double = 0, tolerance: Double = 1e-3, cacheSize: Double = 200,
            shrinking: Bool = true, maxIterations: Int = -1, probabilityFolds: Int = 0
        ) {
            self.kernel = kernel
            self.c = c
            self.epsilon = epsilon
            self.gamma = gamma
            self.degree = degree
            self.coef0 = coef0
            self.tolerance = tolerance
            self.cacheSize = cacheSize
            self.shrinking = shrinking
            self.maxIterations = maxIterations
            self.probabilityFolds = probabilityFolds
        }

        public init() { self.init(kernel: .rbf) }
    }

    public static let familyName = "svm"
    public static let rules: [HyperparameterRule] = [
        .real("c", above: 0),
        .real("epsilon", atLeast: 0),
        .integer("degree", atLeast: 0),
        .real("coef0"),
        .real("tolerance", above: 0),
        .real("cache_size", above: 0),
        .integer("max_iterations", atLeast: -1),
        .integer("probability_folds", atLeast: 0),
    ]

    public let hyperparameters: Hyperparameters

    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a value
    ///   outside ``rules``, a `gamma` that is not a finite number > 0, or `probability_folds = 1`.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        if case .value(let gamma) = hyperparameters.gamma, !(gamma.isFinite && gamma > 0) {
            throw .invalidHyperparameter(
                learner: Self.familyName, name: "gamma",
                expected: "\"scale\", \"auto\" or a finite number > 0",
                got: "\(gamma)")
        }
        if hyperparameters.probabilityFolds == 1 {
            throw .invalidHyperparameter(
                learner: Self.familyName, name: "probability_folds",
                expected: "0 or an integer ≥ 2", got: "1")
        }
        self.hyperparameters = hyperparameters
    }

    /// Fits a classifier or regressor, by the task of `data.target`.
    /// - Parameter seed: Used only to shuffle the probability folds (`probability_folds ≥ 2`).
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data
    ///   (no rows, non-finite values, a single class, or a single class of positive weight).
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> SVMModel {
        try data.validate(for: Self.familyName)
        let h = hyperparameters
        let kernel = KernelFunction(
            kind: h.kernel, gamma: h.gamma.resolved(for: data.features), degree: h.degree,
            coef0: h.coef0)
        switch data.target {
        case .classification(let labels, let classes):
            return try SVMClassifierTraining(
                hyperparameters: h, kernel: kernel, seed: seed
            ).fit(
                features: data.features, labels: labels, classCount: classes.count,
                weights: data.weights)
        case .regression(let values):
            return try SVMRegressorTraining(
                hyperparameters: h, kernel: kernel
            ).fit(features: data.features, targets: values, weights: data.weights)
        }
    }
}

extension SVM.Hyperparameters {
    /// The SMO iteration limit for a problem with `variables` dual variables: `max_iter` when
    /// set, else libsvm's cap `max(10⁷, 100 · variables)`.
    func iterationLimit(variables: Int) -> Int {
        if maxIterations >= 0 { return maxIterations }
        let (product, overflow) = variables.multipliedReportingOverflow(by: 100)
        return overflow ? Int.max : max(10_000_000, product)
    }

    /// The kernel cache budget in bytes.
    var cacheBytes: Double { cacheSize * 1_048_576 }
}
