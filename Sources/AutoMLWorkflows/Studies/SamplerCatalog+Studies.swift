import AutoMLOptimizer
import AutoMLStudy

extension SamplerCatalog {
    /// The sampler `automl tune` and `automl ask` give a new study when none is named: the GP
    /// sampler (Bayesian optimization).
    public static let defaultName = "gp"

    /// The sampler `automl tune --data` uses when none is given (the same GP sampler).
    public static var defaultModelSearchName: String { defaultName }

    /// The sampler that a study's stored `settings` describe (seed 0 when none was stored).
    /// - Throws: `OptimizerError.unknownSampler` for a name this build does not have.
    public static func sampler(_ settings: SamplerSettings) throws(OptimizerError) -> any Sampler {
        try make(name: settings.name, seed: settings.seed ?? 0)
    }
}
