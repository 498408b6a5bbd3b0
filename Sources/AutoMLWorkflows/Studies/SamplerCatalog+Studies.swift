import AutoMLOptimizer
import AutoMLStudy

extension SamplerCatalog {
    /// The sampler `automl tune --command` and `automl ask` use when none is given.
    public static let defaultName = "random"

    /// The sampler `automl tune --data` uses when none is given: the GP sampler once this build
    /// has it, else Sobol.
    public static var defaultModelSearchName: String { names.contains("gp") ? "gp" : "sobol" }

    /// The sampler that stored ``SamplerSettings`` describe.
    /// - Throws: ``StudyWorkflowError/unknownSampler(name:available:)``.
    public static func sampler(_ settings: SamplerSettings) throws(StudyWorkflowError) -> any Sampler {
        do {
            return try make(name: settings.name, seed: settings.seed ?? 0)
        } catch {
            throw .unknownSampler(name: settings.name, available: names)
        }
    }
}
