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

    /// Whether ``prepare(in:history:)`` does anything (`Study.ask` then reads a snapshot of the
    /// history before it takes the storage's lock). Defaults to `false`.
    var preparesAhead: Bool { get }

    /// Does ahead of time the slow part of the next suggestion (a GP's hyperparameter fit),
    /// on a snapshot of the history read before the storage's lock is taken, so that many
    /// workers do it in parallel instead of one after another inside the lock. `Study.ask`
    /// then asks for the suggestion inside the lock with the same finished trials (those that
    /// finished since the snapshot show as running, ``StudyHistory/finished(only:)``), so the
    /// prepared work applies. It must not change what ``suggest(_:in:history:)`` returns, only
    /// how long it takes. Defaults to doing nothing.
    func prepare(in space: SearchSpace, history: StudyHistory)

    /// This sampler for a worker that shares its study with others: it may build a suggestion
    /// on a model fitted on a slightly older history (``refit(in:history:)``, run while the
    /// worker's trials run), so that asking takes less time. Suggestions then depend on when
    /// the fits ran as well as on the history, which workers racing on one study never had
    /// anyway. Defaults to `self`.
    func reusingRecentFits() -> any Sampler

    /// Whether ``refit(in:history:)`` does anything (a sampler from ``reusingRecentFits()``
    /// that has a model). Defaults to `false`.
    var refitsWhileTrialsRun: Bool { get }

    /// Fits, on `history`, the model later suggestions reuse: the slow part of asking, done
    /// while this worker's trials run instead of between them. Defaults to doing nothing.
    func refit(in space: SearchSpace, history: StudyHistory)
}

extension Sampler {
    /// What a study stores to rebuild this sampler: its name, no seed, no options. Samplers
    /// with a seed or options override ``settings``.
    public var settings: SamplerSettings { SamplerSettings(name: name) }

    /// Nothing to prepare.
    public var preparesAhead: Bool { false }

    /// Nothing to prepare.
    public func prepare(in space: SearchSpace, history: StudyHistory) {}

    /// The same sampler: nothing to reuse.
    public func reusingRecentFits() -> any Sampler { self }

    /// Nothing to refit.
    public var refitsWhileTrialsRun: Bool { false }

    /// Nothing to refit.
    public func refit(in space: SearchSpace, history: StudyHistory) {}
}
