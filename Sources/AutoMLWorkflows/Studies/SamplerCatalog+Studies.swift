import AutoMLOptimizer
import AutoMLStudy

extension SamplerCatalog {
    /// The sampler `automl tune` and `automl ask` give a new study when none is named.
    public static let defaultName = "random"

    /// The sampler `automl tune --data` uses when none is given: the GP sampler once this build
    /// has it, else Sobol.
    public static var defaultModelSearchName: String { names.contains("gp") ? "gp" : "sobol" }

    /// The sampler that a study's stored `settings` describe (seed 0 when none was stored).
    /// - Throws: `OptimizerError.unknownSampler` for a name this build does not have.
    public static func sampler(_ settings: SamplerSettings) throws(OptimizerError) -> any Sampler {
        try make(name: settings.name, seed: settings.seed ?? 0)
    }
}
