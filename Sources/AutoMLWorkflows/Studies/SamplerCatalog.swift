import AutoMLOptimizer
import AutoMLStudy

/// The samplers a study can name (`--sampler`), built from stored ``SamplerSettings``.
public enum SamplerCatalog {
    /// Names this build can build, in the order `--help` lists them.
    public static let names = ["random"]

    /// The sampler `automl tune --command` uses when none is given.
    public static let defaultName = "random"

    /// The sampler `automl tune --data` uses when none is given (the GP sampler once registered).
    public static var defaultModelSearchName: String { names.contains("gp") ? "gp" : defaultName }

    /// The sampler that `settings` describe.
    /// - Throws: ``StudyWorkflowError/unknownSampler(name:available:)``.
    public static func sampler(_ settings: SamplerSettings) throws(StudyWorkflowError) -> any Sampler {
        switch settings.name {
        case "random": return RandomSampler(seed: settings.seed ?? 0)
        default: throw .unknownSampler(name: settings.name, available: names)
        }
    }
}
