extension GradientBoosting {
    /// Whether to hold rows out and stop when their loss stops improving (scikit-learn HGB's
    /// `early_stopping`).
    public enum EarlyStopping: String, Codable, Sendable, CaseIterable {
        /// Always fit every iteration on all rows.
        case off
        /// Always hold out `validationFraction` of the rows.
        case on
        /// On when the data has more than ``GradientBoosting/autoEarlyStoppingRowCount`` rows
        /// (scikit-learn's default).
        case auto
    }

    /// The settings of gradient boosting. The defaults are LightGBM's (`LGBMClassifier` /
    /// `LGBMRegressor` 4.x), except `earlyStopping`, which follows scikit-learn's
    /// `HistGradientBoosting*` (`"auto"`; LightGBM has no validation split of its own).
    public struct Hyperparameters: LearnerHyperparameters {
        /// Boosting iterations (LightGBM `n_estimators`, scikit-learn HGB `max_iter`), default
        /// 100; with K ≥ 3 classes each iteration grows K trees.
        public var iterationCount: Int
        /// Shrinkage of every tree (`learning_rate`), default 0.1.
        public var learningRate: Double
        /// Leaves per tree, grown best-first (LightGBM `num_leaves`, scikit-learn HGB
        /// `max_leaf_nodes`), default 31.
        public var maxLeafCount: Int
        /// Depth limit (`max_depth`), default `nil`: none (LightGBM's −1).
        public var maxDepth: Int?
        /// Rows each leaf must keep (LightGBM `min_child_samples`, scikit-learn HGB
        /// `min_samples_leaf`), default 20.
        public var minSamplesLeaf: Int
        /// Hessian sum each leaf must keep (LightGBM `min_child_weight` /
        /// `min_sum_hessian_in_leaf`), default 1e-3.
        public var minChildWeight: Double
        /// L2 penalty λ on leaf values (LightGBM `reg_lambda`, scikit-learn HGB
        /// `l2_regularization`), default 0.
        public var l2Regularization: Double
        /// Gain a split must exceed (LightGBM `min_split_gain`), default 0.
        public var minSplitGain: Double
        /// Bins per feature (LightGBM `max_bin`, scikit-learn HGB `max_bins`), in 2...255,
        /// default 255.
        public var maxBinCount: Int
        /// Share of rows each iteration grows on, drawn without replacement (LightGBM
        /// `subsample` / `bagging_fraction` with `bagging_freq = 1`), default 1.
        public var baggingFraction: Double
        /// Share of features each tree may split on (LightGBM `colsample_bytree` /
        /// `feature_fraction`), default 1.
        public var featureFraction: Double
        /// Early stopping on a held-out split (scikit-learn HGB `early_stopping`), default
        /// `.auto`.
        public var earlyStopping: EarlyStopping
        /// Share of rows held out when early stopping (`validation_fraction`), default 0.1;
        /// stratified for classification.
        public var validationFraction: Double
        /// Iterations without improvement before stopping (`n_iter_no_change`), default 10.
        public var iterationsWithoutChange: Int
        /// Least loss decrease that counts as an improvement (`tol`), default 1e-7.
        public var tolerance: Double
        /// Threads that build histograms (LightGBM `n_jobs`), default 1. The model does not
        /// depend on it.
        public var jobs: Int

        /// The defaults (LightGBM's, early stopping scikit-learn's).
        public init() {
            self.init(iterationCount: 100)
        }

        /// Settings with the defaults for everything not given.
        public init(
            iterationCount: Int = 100, learningRate: Double = 0.1, maxLeafCount: Int = 31,
            maxDepth: Int? = nil,
            minSamplesLeaf: Int = 20, minChildWeight: Double = 1e-3, l2Regularization: Double = 0,
            minSplitGain: Double = 0, maxBinCount: Int = 255, baggingFraction: Double = 1,
            featureFraction: Double = 1, earlyStopping: EarlyStopping = .auto,
            validationFraction: Double = 0.1,
            iterationsWithoutChange: Int = 10, tolerance: Double = 1e-7, jobs: Int = 1
        ) {
            self.iterationCount = iterationCount
            self.learningRate = learningRate
            self.maxLeafCount = maxLeafCount
            self.maxDepth = maxDepth
            self.minSamplesLeaf = minSamplesLeaf
            self.minChildWeight = minChildWeight
            self.l2Regularization = l2Regularization
            self.minSplitGain = minSplitGain
            self.maxBinCount = maxBinCount
            self.baggingFraction = baggingFraction
            self.featureFraction = featureFraction
            self.earlyStopping = earlyStopping
            self.validationFraction = validationFraction
            self.iterationsWithoutChange = iterationsWithoutChange
            self.tolerance = tolerance
            self.jobs = jobs
        }
    }

    /// The ranges of the settings, by their snake_case keys.
    public static let rules: [HyperparameterRule] = [
        .integer("iteration_count", atLeast: 1),
        .real("learning_rate", above: 0),
        .integer("max_leaf_count", atLeast: 2),
        .integer("max_depth", atLeast: 1),
        .integer("min_samples_leaf", atLeast: 1),
        .real("min_child_weight", atLeast: 0),
        .real("l2_regularization", atLeast: 0),
        .real("min_split_gain", atLeast: 0),
        .integer("max_bin_count", atLeast: 2, atMost: FeatureBinner.maximumBinCount),
        .real("bagging_fraction", above: 0, atMost: 1),
        .real("feature_fraction", above: 0, atMost: 1),
        .real("validation_fraction", above: 0, below: 1),
        .integer("iterations_without_change", atLeast: 1),
        .real("tolerance", atLeast: 0),
        .integer("jobs", atLeast: 1),
    ]
}
