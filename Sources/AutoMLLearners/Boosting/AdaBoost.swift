import AutoMLData
import AutoMLNumerics

/// AdaBoost over shallow decision trees — scikit-learn's `AdaBoostClassifier` (SAMME, Zhu,
/// Zou, Rosset & Hastie 2009) and `AdaBoostRegressor` (AdaBoost.R2, Drucker 1997), with their
/// defaults: 50 trees, learning rate 1, stumps (depth 1) for classification and depth-3 trees
/// for regression.
///
/// ```swift
/// let model = try AdaBoost(.init(treeCount: 100, learningRate: 0.5)).fit(training, seed: 7)
/// ```
///
/// Each round grows a ``DecisionTree`` on reweighted rows: classification passes the boosting
/// weights to the tree; regression draws a weighted bootstrap sample (as scikit-learn does)
/// and passes the draw counts as weights. Boosting stops early when a tree fits perfectly or
/// is no better than chance. Fitting is O(d · n log n) once plus O(trees · d · n · depth).
public struct AdaBoost: Learner {
    /// How AdaBoost.R2 turns a row's absolute error into a loss in [0, 1] (scikit-learn `loss`).
    public enum Loss: String, Codable, Sendable, CaseIterable {
        /// error / largest error (default).
        case linear
        /// (error / largest error)².
        case square
        /// 1 − exp(−error / largest error).
        case exponential
    }

    /// Settings of ``AdaBoost``; defaults are scikit-learn's (version 1.9).
    public struct Hyperparameters: LearnerHyperparameters {
        /// Most trees to boost (scikit-learn `n_estimators`), default 50; boosting may stop earlier.
        public var treeCount: Int
        /// Shrinks each tree's weight (scikit-learn `learning_rate`), default 1; > 0.
        public var learningRate: Double
        /// Regression loss (scikit-learn `AdaBoostRegressor.loss`), default `linear`; ignored for
        /// classification.
        public var loss: Loss
        /// Depth of each tree (scikit-learn: the base `estimator`'s `max_depth`); `nil`
        /// (default) gives 1 (stumps) for classification and 3 for regression.
        public var maxDepth: Int?

        public init() {
            self.init(treeCount: 50)
        }

        public init(
            treeCount: Int = 50, learningRate: Double = 1, loss: Loss = .linear,
            maxDepth: Int? = nil
        ) {
            self.treeCount = treeCount
            self.learningRate = learningRate
            self.loss = loss
            self.maxDepth = maxDepth
        }
    }

    public static let familyName = "adaboost"
    public static let rules: [HyperparameterRule] = [
        .integer("tree_count", atLeast: 1),
        .real("learning_rate", above: 0),
        .integer("max_depth", atLeast: 1),
    ]
    public let hyperparameters: Hyperparameters

    /// An AdaBoost learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)``.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Boosts the trees. Round `t` draws from `RandomSource(seed:).child(t)`.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data, or
    ///   when the first tree is already no better than chance (classification) — scikit-learn
    ///   refuses such data the same way.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> AdaBoostModel {
        try data.validate(for: Self.familyName)
        let set = try TreeTrainingSet(data, learner: Self.familyName, presort: true)
        let isClassification = set.task == .classification
        let settings = TreeGrowthSettings(
            criterion: isClassification ? .gini : .squaredError, strategy: .best,
            maxDepth: hyperparameters.maxDepth ?? (isClassification ? 1 : 3),
            featuresPerSplit: set.featureCount)
        let booster = AdaBoostRounds(
            set: set, grower: AnyTreeGrower(set: set, settings: settings),
            rows: TreeEnsemble.floatRows(data.features),
            hyperparameters: hyperparameters, root: RandomSource(seed: seed))
        let initial = data.weights ?? [Double](repeating: 1, count: set.rowCount)
        let total = initial.reduce(0, +)
        let weights = initial.map { $0 / total }
        if case .classification(let labels, _) = data.target {
            return try booster.samme(labels: labels, weights: weights)
        }
        if case .regression(let values) = data.target {
            return booster.r2(targets: values, weights: weights)
        }
        throw .invalidTrainingData(learner: Self.familyName, reason: "unknown target kind")
    }
}
