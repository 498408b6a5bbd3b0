/// What distinguishes one forest family from another: how splits are drawn and whether trees
/// see bootstrap samples by default. ``Forest`` is generic over it, so random forests and
/// extra trees share one implementation.
public protocol ForestKind: Sendable {
    /// The family's name in search spaces and on the command line.
    static var familyName: String { get }
    /// How each tree chooses its thresholds.
    static var splitStrategy: SplitStrategy { get }
    /// The default of ``ForestHyperparameters/bootstrap``.
    static var bootstrapsByDefault: Bool { get }
}

/// Breiman's random forest (Machine Learning 45, 2001): best splits over a random subset of
/// features per node, each tree on a bootstrap sample.
public enum RandomForestKind: ForestKind {
    public static let familyName = "random_forest"
    public static let splitStrategy = SplitStrategy.best
    public static let bootstrapsByDefault = true
}

/// Extremely randomized trees (Geurts, Ernst & Wehenkel, Machine Learning 63, 2006): one
/// random threshold per candidate feature, each tree on the whole training set.
public enum ExtraTreesKind: ForestKind {
    public static let familyName = "extra_trees"
    public static let splitStrategy = SplitStrategy.random
    public static let bootstrapsByDefault = false
}

/// scikit-learn's `RandomForestClassifier` / `RandomForestRegressor`.
///
/// ```swift
/// let model = try RandomForest(.init(treeCount: 300, jobs: 2)).fit(training, seed: 7)
/// ```
public typealias RandomForest = Forest<RandomForestKind>

/// scikit-learn's `ExtraTreesClassifier` / `ExtraTreesRegressor`.
public typealias ExtraTrees = Forest<ExtraTreesKind>

/// A fitted ``RandomForest``.
public typealias RandomForestModel = ForestModel<RandomForestKind>

/// A fitted ``ExtraTrees``.
public typealias ExtraTreesModel = ForestModel<ExtraTreesKind>
