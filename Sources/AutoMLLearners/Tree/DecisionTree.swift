import AutoMLData
import AutoMLNumerics

/// A single CART decision tree (Breiman, Friedman, Olshen & Stone 1984) for classification and
/// regression — scikit-learn's `DecisionTreeClassifier` / `DecisionTreeRegressor`, with their
/// defaults: grown until the leaves are pure, every feature tried at every split.
///
/// ```swift
/// let model = try DecisionTree(.init(maxDepth: 5)).fit(training, seed: 7)
/// ```
///
/// Splits minimize the weighted Gini impurity or entropy (classification) or squared error
/// (regression) over exact thresholds (midpoints between consecutive distinct values), found
/// by one scan over presorted features; `splitter: .random` draws one threshold per feature
/// instead (extra-trees style). Features are compared as `Float`, as scikit-learn does.
/// Fitting is O(d · n log n) for the presort plus O(d · n) per tree level.
public struct DecisionTree: Learner {
    /// Settings of ``DecisionTree``; defaults are scikit-learn's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Split quality (scikit-learn `criterion`): `gini` or `entropy` for classification,
        /// `squared_error` for regression; `nil` (default) takes `gini` / `squared_error`.
        public var criterion: SplitCriterion?
        /// How thresholds are chosen (scikit-learn `splitter`): `best` (default) or `random`.
        public var splitter: SplitStrategy
        /// Deepest level of a split, the root being level 0 (scikit-learn `max_depth`);
        /// `nil` (default) grows until the leaves are pure or too small. At least 1.
        public var maxDepth: Int?
        /// Fewest rows a node needs to be split (scikit-learn `min_samples_split`), default 2.
        public var minSamplesSplit: Int
        /// Fewest rows each child keeps (scikit-learn `min_samples_leaf`), default 1.
        public var minSamplesLeaf: Int
        /// Features tried at each split (scikit-learn `max_features`), default all.
        public var maxFeatures: FeatureSubset
        /// Smallest weighted impurity decrease a split must bring
        /// (scikit-learn `min_impurity_decrease`), default 0.
        public var minImpurityDecrease: Double

        public init() {
            self.init(criterion: nil)
        }

        public init(
            criterion: SplitCriterion? = nil, splitter: SplitStrategy = .best, maxDepth: Int? = nil,
            minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1, maxFeatures: FeatureSubset = .all,
            minImpurityDecrease: Double = 0
        ) {
            self.criterion = criterion
            self.splitter = splitter
            self.maxDepth = maxDepth
            self.minSamplesSplit = minSamplesSplit
            self.minSamplesLeaf = minSamplesLeaf
            self.maxFeatures = maxFeatures
            self.minImpurityDecrease = minImpurityDecrease
        }
    }

    public static let familyName = "decision_tree"
    public static let rules: [HyperparameterRule] = [
        .integer("max_depth", atLeast: 1),
        .integer("min_samples_split", atLeast: 2),
        .integer("min_samples_leaf", atLeast: 1),
        .real("min_impurity_decrease", atLeast: 0),
    ]
    public let hyperparameters: Hyperparameters

    /// A decision tree learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)``.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        try hyperparameters.maxFeatures.check(learner: Self.familyName)
        self.hyperparameters = hyperparameters
    }

    /// Grows the tree. `seed` orders the features tried at each split (it decides between
    /// equally good splits) and draws the thresholds of the random splitter.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data,
    ///   ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a criterion of
    ///   the other task.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> DecisionTreeModel {
        try data.validate(for: Self.familyName)
        let h = hyperparameters
        let set = try TreeTrainingSet(data, learner: Self.familyName, presort: h.splitter == .best)
        let settings = TreeGrowthSettings(
            criterion: try .resolved(h.criterion, for: set.task, learner: Self.familyName), strategy: h.splitter,
            maxDepth: h.maxDepth ?? .max, minSamplesSplit: h.minSamplesSplit, minSamplesLeaf: h.minSamplesLeaf,
            featuresPerSplit: h.maxFeatures.count(of: set.featureCount), minImpurityDecrease: h.minImpurityDecrease)
        var random = RandomSource(seed: seed)
        let tree = AnyTreeGrower(set: set, settings: settings).grow(weights: data.weights, random: &random)
        return DecisionTreeModel(
            tree: TreeEnsemble(task: set.task, featureCount: set.featureCount, classCount: set.classCount, trees: [tree]))
    }
}

extension FeatureSubset {
    /// Refuses a fraction outside (0, 1].
    func check(learner: String) throws(LearnerError) {
        if let problem {
            throw .invalidHyperparameter(learner: learner, name: "max_features", expected: Self.expectation, got: problem)
        }
    }
}
