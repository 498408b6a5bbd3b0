import AutoMLStudy

/// Which model trials keep their out-of-fold predictions in the artifact store: the best
/// ``count`` complete trials, and every trial still running. The others are deleted as better
/// trials arrive, so a long study's storage stays bounded (about `count` × the bytes of one
/// trial's predictions; docs/storage.md gives the figure).
///
/// Deleting on a stale view of the study is safe: a trial another process has just finished
/// still looks running (kept), and a trial's rank only falls as trials complete.
public struct PredictionRetention: Sendable, Equatable {
    /// Trials kept (`tune --keep-predictions`).
    public var count: Int

    /// The default ``count``.
    public static let defaultCount = 100

    public init(count: Int = PredictionRetention.defaultCount) {
        self.count = count
    }

    /// The trials of `history` whose predictions are kept: the best ``count`` complete ones
    /// (ties by trial number) and every pending one.
    public func kept(in history: StudyHistory) -> Set<Int> {
        let direction = history.directions.first ?? .minimize
        let ranked = history.completed.compactMap { trial -> (number: Int, loss: Double)? in
            guard let value = trial.value, !value.isNaN else { return nil }
            return (trial.number, direction.loss(value))
        }
        .sorted { a, b in a.loss != b.loss ? a.loss < b.loss : a.number < b.number }
        return Set(ranked.prefix(count).map(\.number)).union(history.pending.map(\.number))
    }

    /// Deletes the predictions of the trials not kept.
    public func apply(in storage: any StudyStorage, study: String) async throws {
        guard let record = try await storage.study(named: study) else { return }
        let history = StudyHistory(
            directions: record.directions, trials: try await storage.trials(of: study))
        guard history.completed.count > count else { return }
        try await storage.artifacts.deleteArtifacts(
            named: OutOfFoldPredictions.artifactName, of: study, except: kept(in: history))
    }
}
