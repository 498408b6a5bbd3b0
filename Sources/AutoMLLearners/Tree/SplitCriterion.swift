import AutoMLData

/// How a tree scores a candidate split: the impurity whose weighted decrease it maximizes
/// (scikit-learn's `criterion`).
public enum SplitCriterion: String, Codable, Sendable, CaseIterable {
    /// Gini impurity 1 − Σₖ pₖ² (classification; scikit-learn's default `"gini"`).
    case gini
    /// Shannon entropy −Σₖ pₖ log₂ pₖ (classification; scikit-learn's `"entropy"`).
    case entropy
    /// Weighted variance of the target (regression; scikit-learn's default `"squared_error"`).
    case squaredError = "squared_error"

    /// Whether the criterion applies to `task`.
    public func handles(_ task: LearningTask) -> Bool {
        switch self {
        case .gini, .entropy: return task == .classification
        case .squaredError: return task == .regression
        }
    }
}

/// How a tree picks the threshold of each candidate feature (scikit-learn's `splitter`).
public enum SplitStrategy: String, Codable, Sendable, CaseIterable {
    /// The best threshold of each candidate feature, found by sorting (CART, Breiman et al. 1984).
    case best
    /// One threshold drawn uniformly between the node's minimum and maximum of the feature
    /// (extremely randomized trees, Geurts, Ernst & Wehenkel 2006).
    case random
}
