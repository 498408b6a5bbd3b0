import AutoMLSearchSpace

/// Proposes configurations to evaluate.
///
/// Called whenever `count` workers are free. `history` holds every trial so far: complete ones
/// (with values), running ones (treat them as pending points, so a batch does not pile onto
/// one spot) and failed ones (steer away from them; never feed them in as made-up values).
/// Must return quickly without waiting on any objective. Deterministic: the same sampler seed
/// and the same history give the same suggestions.
public protocol Sampler: Sendable {
    /// The name used on the command line and in stored studies (`random`, `sobol`, `gp`).
    var name: String { get }
    /// What a study stores to rebuild the sampler when it is continued (name, seed, options).
    /// Defaults to the name alone.
    var settings: SamplerSettings { get }
    /// `count` configurations, each holding exactly the active parameters of `space`.
    func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
}

extension Sampler {
    /// What a study stores to rebuild this sampler: its name, no seed, no options. Samplers
    /// with a seed or options override ``settings``.
    public var settings: SamplerSettings { SamplerSettings(name: name) }
}
