import AutoMLData

/// How members are combined (Caruana et al. 2004 for greedy selection; Wolpert 1992 for
/// stacking; Hoeting et al. 1999 for Bayesian model averaging).
public enum EnsembleStrategy: String, Sendable, Codable, CaseIterable {
    /// Majority of the members' predicted labels (classification only).
    case votingHard = "voting_hard"
    /// Mean of the members' probabilities or values.
    case votingSoft = "voting_soft"
    /// Weighted mean, weights from validation performance: the score itself for higher-is-better
    /// metrics (clipped at 0), its reciprocal for losses.
    case votingWeighted = "voting_weighted"
    /// Greedy forward selection with replacement on the out-of-fold predictions; integer weights.
    case greedy
    /// A meta-learner fitted on the members' out-of-fold outputs, itself cross-validated.
    case stacking
    /// A meta-learner fitted on a holdout part of the rows and scored on the rest.
    case blending
    /// Weights ∝ exp(validation log-likelihood), relative to the best member.
    case bayesianAveraging = "bayesian_averaging"
}

/// The meta-learner of stacking and blending.
public enum MetaLearnerKind: String, Sendable, Codable, CaseIterable {
    /// Logistic regression (classification) or ridge (regression); regularization = C or alpha.
    case linear
    /// A random forest of 50 shallow trees; regularization = its max depth.
    case smallForest = "small_forest"
    /// One hidden layer of 16 ReLU units; regularization = its L2 penalty alpha.
    case smallMLP = "small_mlp"
}

/// One ensemble composition: the point the ensemble search (over `SearchSpaces/ensemble.yaml`)
/// evaluates.
public struct EnsembleSettings: Sendable, Codable, Equatable {
    public var strategy: EnsembleStrategy
    /// Library size: the best `memberCount` trials (by CV score) the strategy may use.
    public var memberCount: Int
    /// Greedy selection rounds (auto-sklearn's ensemble_size 50, AutoGluon's 25).
    public var greedyIterations: Int
    public var metaLearner: MetaLearnerKind
    /// The meta-learner's regularization (see ``MetaLearnerKind``); nil takes its default.
    public var metaRegularization: Double?
    /// Blending: the fraction of rows the meta-learner is fitted on.
    public var blendingFraction: Double
    /// Stacking: folds of the meta-learner's own cross-validation.
    public var stackingFolds: Int
    public var seed: UInt64

    public init(
        strategy: EnsembleStrategy = .greedy, memberCount: Int = 10, greedyIterations: Int = 25,
        metaLearner: MetaLearnerKind = .linear, metaRegularization: Double? = nil,
        blendingFraction: Double = 0.5,
        stackingFolds: Int = 5, seed: UInt64 = 0
    ) {
        self.strategy = strategy
        self.memberCount = memberCount
        self.greedyIterations = greedyIterations
        self.metaLearner = metaLearner
        self.metaRegularization = metaRegularization
        self.blendingFraction = blendingFraction
        self.stackingFolds = stackingFolds
        self.seed = seed
    }

    /// Checks the ranges.
    /// - Throws: ``EnsembleError/invalidSetting(name:expected:got:)``.
    public func validate() throws(EnsembleError) {
        guard memberCount >= 1 else {
            throw .invalidSetting(name: "member_count", expected: "≥ 1", got: "\(memberCount)")
        }
        guard greedyIterations >= 1 else {
            throw .invalidSetting(
                name: "greedy_iterations", expected: "≥ 1", got: "\(greedyIterations)")
        }
        guard blendingFraction > 0, blendingFraction < 1 else {
            throw .invalidSetting(
                name: "blending_fraction", expected: "in (0, 1)", got: "\(blendingFraction)")
        }
        guard stackingFolds >= 2 else {
            throw .invalidSetting(name: "stacking_folds", expected: "≥ 2", got: "\(stackingFolds)")
        }
        if let r = metaRegularization, !(r.isFinite && r > 0) {
            throw .invalidSetting(
                name: "meta_regularization", expected: "a finite number > 0", got: "\(r)")
        }
    }
}
