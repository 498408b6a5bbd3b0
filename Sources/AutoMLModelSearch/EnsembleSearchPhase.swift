import AutoMLData
import AutoMLEnsemble
import AutoMLExecutor
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStudy

/// The ensemble-search phase of a model search: a study of its own beside the model study
/// (named ``studyName(for:)``, in the same storage), whose trials are ensemble compositions
/// drawn by the same sampler from the ensemble space and evaluated by ``EnsembleObjective``
/// over the model study's stored out-of-fold predictions.
///
/// Continuing a model search continues its ensemble study too: the sampler learns from every
/// earlier composition, and the pool holds every run's trials.
public struct EnsembleSearchPhase: Sendable {
    public var space: SearchSpace
    public var samplerName: String
    public var seed: UInt64
    /// Compositions tried in this run (fewer if ``deadline`` comes first).
    public var evaluations: Int
    /// No composition starts after this instant.
    public var deadline: ContinuousClock.Instant?
    /// The pool's size: the best this many model trials with stored predictions.
    public var poolLimit: Int

    public init(
        space: SearchSpace, samplerName: String, seed: UInt64, evaluations: Int,
        deadline: ContinuousClock.Instant? = nil, poolLimit: Int = PredictionRetention.defaultCount
    ) {
        self.space = space
        self.samplerName = samplerName
        self.seed = seed
        self.evaluations = evaluations
        self.deadline = deadline
        self.poolLimit = poolLimit
    }

    /// The ensemble study of model study `name`.
    public static func studyName(for name: String) -> String { name + ".ensembles" }

    /// What the phase did.
    public struct Outcome: Sendable {
        /// The ensemble study.
        public var study: Study
        /// The pool this run searched over.
        public var pool: EnsembleMemberPool
        /// This run's ensemble trials.
        public var trials: [TrialRecord]
        /// The best ensemble trial of the study (any run) and its stored ensemble.
        public var best: (trial: TrialRecord, ensemble: EnsembleRecord)?
    }

    /// Runs the phase for `modelStudy`; `nil` when the pool has fewer than two members.
    /// - Parameter folds: the model search's folds (the spread of strategies without folds of
    ///   their own).
    /// - Throws: `StudyError.incompatibleStudy` when a continued ensemble study was made with
    ///   another ensemble space, the storage's errors.
    public func run(
        for modelStudy: Study, target: Target, metric: Metric, folds: [Split] = [],
        stop: StopController
    ) async throws -> Outcome? {
        let pool = try await EnsembleMemberPool.load(
            from: modelStudy.storage, study: modelStudy.name, directions: modelStudy.directions,
            limit: poolLimit)
        guard pool.members.count >= 2, evaluations > 0 else { return nil }
        let sampler = try SamplerCatalog.sampler(SamplerSettings(name: samplerName, seed: seed))
        let study = try await Study.create(
            name: Self.studyName(for: modelStudy.name), space: space,
            directions: modelStudy.directions,
            sampler: sampler, storage: modelStudy.storage,
            attributes: ["objective": "ensemble", "model_study": modelStudy.name],
            loadIfExists: true,
            owner: modelStudy.owner)
        let executor = TrialExecutor(
            study: study,
            objective: EnsembleObjective(
                pool: pool, target: target, metric: metric, seed: seed, folds: folds),
            options: ExecutionOptions(budget: .trials(evaluations), jobs: 1, deadline: deadline),
            stop: stop)
        let summary = try await executor.run()
        var best: (TrialRecord, EnsembleRecord)?
        if let trial = try await study.bestTrial,
            let data = try await study.storage.artifacts.artifact(
                named: EnsembleRecord.artifactName, trial: trial.number, of: study.name)
        {
            best = (trial, try EnsembleRecord(jsonData: data))
        }
        return Outcome(study: study, pool: pool, trials: summary.trials, best: best)
    }
}
