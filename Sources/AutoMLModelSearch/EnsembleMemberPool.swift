import AutoMLEnsemble
import AutoMLStudy

/// The model trials an ensemble search may combine: the best complete trials of the model
/// study whose out-of-fold predictions are in its artifact store, read back from the storage,
/// whichever run or process made them.
public struct EnsembleMemberPool: Sendable {
    /// Members in trial-number order.
    public var members: [EnsembleMember]
    /// Trials whose stored predictions could not be read, with the reason (left out).
    public var unreadable: [Int: String]

    /// Reads the pool of `study` from `storage`: at most `limit` trials, the best first.
    public static func load(
        from storage: any StudyStorage, study: String, directions: [StudyDirection], limit: Int
    ) async throws -> EnsembleMemberPool {
        let history = StudyHistory(
            directions: directions, trials: try await storage.trials(of: study))
        let candidates = PredictionRetention(count: limit).kept(in: history)
        let complete = Dictionary(uniqueKeysWithValues: history.completed.map { ($0.number, $0) })
        let numbers = candidates.filter { complete[$0] != nil }.sorted()
        let stored = try await storage.artifacts.artifacts(
            named: OutOfFoldPredictions.artifactName, of: study, trials: numbers)
        var members: [EnsembleMember] = []
        var unreadable: [Int: String] = [:]
        for number in numbers {
            guard let data = stored[number], let value = complete[number]?.value else { continue }
            do {
                members.append(
                    EnsembleMember(
                        id: number, outOfFold: try OutOfFoldPredictions.decode(data), score: value))
            } catch {
                unreadable[number] = error.description
            }
        }
        return EnsembleMemberPool(members: members, unreadable: unreadable)
    }
}
