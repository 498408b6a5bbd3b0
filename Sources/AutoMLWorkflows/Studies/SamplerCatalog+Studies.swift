import AutoMLOptimizer
import AutoMLStudy

extension SamplerCatalog {
    /// The sampler `automl tune` (both objective kinds), `automl ask` and the ensemble search
    /// use when none is named: the GP sampler (Bayesian optimization).
    public static let defaultName = "gp"

    /// The sampler that a study's stored `settings` describe (seed 0 when none was stored).
    /// - Throws: `OptimizerError.unknownSampler` for a name this build does not have.
    public static func sampler(_ settings: SamplerSettings) throws(OptimizerError) -> any Sampler {
        try make(name: settings.name, seed: settings.seed ?? 0)
    }
}
