/// Settings of a ``Forest`` (``RandomForest``, ``ExtraTrees``); defaults are scikit-learn's
/// (version ≥ 1.1).
public struct ForestHyperparameters<Kind: ForestKind>: LearnerHyperparameters {
    /// Number of trees (scikit-learn `n_estimators`), default 100.
    public var treeCount: Int
    /// Split quality (scikit-learn `criterion`): `gini` or `entropy` for classification,
    /// `squared_error` for regression; `nil` (default) takes `gini` / `squared_error`.
    public var criterion: SplitCriterion?
    /// Deepest level of a split, the root being level 0 (scikit-learn `max_depth`); `nil`
    /// (default) grows every tree until its leaves are pure or too small.
    public var maxDepth: Int?
    /// Fewest rows a node needs to be split (scikit-learn `min_samples_split`), default 2.
    public var minSamplesSplit: Int
    /// Fewest rows each child keeps (scikit-learn `min_samples_leaf`), default 1.
    public var minSamplesLeaf: Int
    /// Features tried at each split (scikit-learn `max_features`); `nil` (default) takes
    /// `sqrt` for classification and all features for regression.
    public var maxFeatures: FeatureSubset?
    /// Smallest weighted impurity decrease a split must bring
    /// (scikit-learn `min_impurity_decrease`), default 0.
    public var minImpurityDecrease: Double
    /// Whether each tree grows on a bootstrap sample (scikit-learn `bootstrap`); default
    /// `true` for random forests, `false` for extra trees.
    public var bootstrap: Bool
    /// Bootstrap sample size as a fraction of the rows, in (0, 1] (scikit-learn float
    /// `max_samples`); `nil` (default) draws as many rows as there are. Needs `bootstrap`.
    public var maxSamples: Double?
    /// Whether to score the forest on its out-of-bag rows (scikit-learn `oob_score`): accuracy
    /// for classification, R² for regression, in ``ForestModel/outOfBagScore``. Default
    /// `false`; needs `bootstrap`.
    public var oobScore: Bool
    /// Threads growing trees in parallel (scikit-learn `n_jobs`), default 1. The model does
    /// not depend on it: tree `t` always draws from the seed's child stream `t`.
    public var jobs: Int

    public init() {
        self.init(treeCount: 100)
    }

    public init(
        treeCount: Int = 100, criterion: SplitCriterion? = nil, maxDepth: Int? = nil, minSamplesSplit: Int = 2,
        minSamplesLeaf: Int = 1, maxFeatures: FeatureSubset? = nil, minImpurityDecrease: Double = 0,
        bootstrap: Bool = Kind.bootstrapsByDefault, maxSamples: Double? = nil, oobScore: Bool = false, jobs: Int = 1
    ) {
        self.treeCount = treeCount
        self.criterion = criterion
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
        self.minImpurityDecrease = minImpurityDecrease
        self.bootstrap = bootstrap
        self.maxSamples = maxSamples
        self.oobScore = oobScore
        self.jobs = jobs
    }
}
