import AutoMLData
import AutoMLEnsemble
import AutoMLExecutor
import AutoMLStudy

/// The objective of the ensemble search: builds the composition a trial's configuration names
/// (``EnsembleConfiguration``) from the member pool's out-of-fold predictions (no member is
/// re-trained), scored by ``EnsembleBuilder``, and stores the built ensemble with the trial
/// (``EnsembleRecord``).
///
/// A trial records `score_std` (stacking: its meta-learner's folds; the other strategies: the
/// model search's folds, ``FoldSpread``, blending's scaled from the rows it scores), its
/// serving cost estimated from its members' (``EnsembleMemberPool/estimatedCost(of:)``,
/// attribute `cost` = `sum_of_members`; the deployed ensemble of a profile is measured for
/// real), and the attributes `learner` (`ensemble`) and `members` (the model trial numbers).
public struct EnsembleObjective: Objective {
    public let pool: EnsembleMemberPool
    public let target: Target
    public let metric: Metric
    /// Each trial's settings are seeded with `seed + trial number`.
    public let seed: UInt64
    /// The model search's folds, for the spread of strategies without folds of their own.
    public let folds: [Split]

    public init(
        pool: EnsembleMemberPool, target: Target, metric: Metric, seed: UInt64,
        folds: [Split] = []
    ) {
        self.pool = pool
        self.target = target
        self.metric = metric
        self.seed = seed
        self.folds = folds
    }

    public func evaluate(_ trial: Trial) async throws -> Evaluation {
        let settings = try EnsembleConfiguration.settings(
            from: trial.configuration, seed: seed &+ UInt64(trial.number))
        trial.setAttribute(.learner, "ensemble")
        let (pool, target, metric, folds) = (self.pool, self.target, self.metric, self.folds)
        let (ensemble, _) = try await OwnThread.run {
            var ensemble = try EnsembleBuilder.build(
                settings, from: pool.members, target: target, metric: metric)
            if ensemble.scoreStandardDeviation == nil {
                ensemble.scoreStandardDeviation = try FoldSpread.standardDeviation(
                    of: ensemble.outOfFold, target: target, metric: metric, folds: folds,
                    rows: ensemble.scoredRows)
            }
            return ensemble
        }
        trial.setAttribute(.members, ensemble.memberIDs.map(String.init).joined(separator: ","))
        guard ensemble.score.isFinite else { throw ObjectiveFailure("non-finite score") }
        try await trial.storage.artifacts.put(
            try EnsembleRecord(ensemble).jsonData(), named: EnsembleRecord.artifactName,
            trial: trial.number, of: trial.studyName)
        var metrics: [String: Double] = pool.estimatedCost(of: ensemble.memberIDs) ?? [:]
        if !metrics.isEmpty { trial.setAttribute(.cost, "sum_of_members") }
        metrics[.scoreStd] = ensemble.scoreStandardDeviation
        return Evaluation(value: ensemble.score, metrics: metrics)
    }
}
