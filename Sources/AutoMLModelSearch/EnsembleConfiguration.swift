import AutoMLEnsemble
import AutoMLSearchSpace

/// Reads an ensemble-space configuration (`SearchSpaces/ensemble.yaml`) into
/// ``EnsembleSettings``: the one decoder of ensemble compositions.
public enum EnsembleConfiguration {
    /// Reads `strategy`, `member_count`, `greedy_iterations`, `meta_learner`
    /// (`linear`/`logistic`/`ridge`, `small_forest`, `small_mlp`), `meta_regularization` (or
    /// `<meta_learner>.c|alpha|max_depth`), `blending_fraction` (or `holdout_fraction`),
    /// `stacking_folds`. Missing keys take ``EnsembleSettings``' defaults.
    /// - Throws: ``ModelSearchError/invalidConfiguration(_:)`` for unknown keys or values.
    public static func settings(from configuration: Configuration, seed: UInt64)
        throws(ModelSearchError) -> EnsembleSettings
    {
        var settings = EnsembleSettings(seed: seed)
        for (key, value) in configuration.values {
            switch key {
            case "strategy":
                guard let strategy = EnsembleStrategy(rawValue: value.description) else {
                    throw .invalidConfiguration(
                        "strategy must be one of \(EnsembleStrategy.allCases.map(\.rawValue).joined(separator: ", ")); got \(value)"
                    )
                }
                settings.strategy = strategy
            case "member_count":
                settings.memberCount = Int(value.number ?? Double(settings.memberCount))
            case "greedy_iterations":
                settings.greedyIterations = Int(value.number ?? Double(settings.greedyIterations))
            case "meta_learner":
                switch value.description {
                case "linear", "logistic", "ridge", "logistic_regression":
                    settings.metaLearner = .linear
                case "small_forest", "forest", "random_forest": settings.metaLearner = .smallForest
                case "small_mlp", "mlp": settings.metaLearner = .smallMLP
                default:
                    throw .invalidConfiguration(
                        "meta_learner must be linear, small_forest or small_mlp; got \(value)")
                }
            case "blending_fraction", "holdout_fraction":
                settings.blendingFraction = value.number ?? settings.blendingFraction
            case "stacking_folds":
                settings.stackingFolds = Int(value.number ?? Double(settings.stackingFolds))
            case "meta_regularization":
                settings.metaRegularization = value.number
            default:
                if key.hasSuffix(".regularization") || key.hasSuffix(".meta_regularization") {
                    settings.metaRegularization = value.number
                } else if key.hasSuffix(".c") || key.hasSuffix(".alpha")
                    || key.hasSuffix(".max_depth")
                {
                    settings.metaRegularization = value.number
                } else {
                    throw .invalidConfiguration("unknown ensemble setting \(key)")
                }
            }
        }
        do { try settings.validate() } catch { throw .invalidConfiguration(error.description) }
        return settings
    }
}
