import AutoMLData

/// The resolved settings one tree grows with, shared by decision trees, forests and boosting.
struct TreeGrowthSettings: Sendable {
    var criterion: SplitCriterion
    var strategy: SplitStrategy
    /// Deepest level a split may sit on (the root is depth 0); `Int.max` for none.
    var maxDepth: Int = .max
    /// A node with fewer rows is a leaf (scikit-learn's `min_samples_split`).
    var minSamplesSplit: Int = 2
    /// Each child keeps at least this many rows (scikit-learn's `min_samples_leaf`).
    var minSamplesLeaf: Int = 1
    /// Features tried per split (resolved `max_features`), 1...featureCount.
    var featuresPerSplit: Int
    /// A split must decrease the weighted impurity by at least this much
    /// (scikit-learn's `min_impurity_decrease`).
    var minImpurityDecrease: Double = 0
}

/// The checks scikit-learn's tree builders share.
extension TreeGrowthSettings {
    /// Impurities at or below this count as pure (NumPy's double epsilon, as in scikit-learn).
    static let pureImpurity = Double.ulpOfOne
    /// Feature values closer than this are treated as equal (scikit-learn's `FEATURE_THRESHOLD`).
    static let featureTolerance = 1e-7

    /// Whether a node of `count` rows at `depth` with `impurity` must be a leaf.
    @inline(__always)
    func isLeaf(count: Int, depth: Int, impurity: Double) -> Bool {
        depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf
            || impurity <= Self.pureImpurity
    }
}

extension SplitCriterion {
    /// `criterion`, or the task's default (Gini / squared error) when `nil`.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` when the
    ///   criterion belongs to the other task.
    static func resolved(_ criterion: SplitCriterion?, for task: LearningTask, learner: String) throws(LearnerError)
        -> SplitCriterion
    {
        guard let criterion else { return task == .classification ? .gini : .squaredError }
        guard criterion.handles(task) else {
            throw .invalidHyperparameter(
                learner: learner, name: "criterion",
                expected: task == .classification ? "gini or entropy for a classification target" : "squared_error for a regression target",
                got: criterion.rawValue)
        }
        return criterion
    }
}
