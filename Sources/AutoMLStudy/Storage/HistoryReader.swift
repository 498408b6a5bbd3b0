import Foundation
import Synchronization

/// A study's history kept up to date by incremental reads: each ``history()`` asks the storage
/// only for the trials changed since the last one (``StudyStorage/trialChanges(of:after:)``),
/// so pruning after every report of a long study reads a few rows, not the whole study.
///
/// Shared by a study's trials (one per ``Study`` value); safe to call from many tasks.
public final class HistoryReader: Sendable {
    public let storage: any StudyStorage
    public let study: String
    public let directions: [StudyDirection]
    private let state = Mutex(State())

    private struct State {
        var revision: Int64?
        var trials: [Int: TrialRecord] = [:]
    }

    public init(storage: any StudyStorage, study: String, directions: [StudyDirection]) {
        self.storage = storage
        self.study = study
        self.directions = directions
    }

    /// The study's history now.
    public func history() async throws -> StudyHistory {
        let revision = state.withLock { $0.revision }
        let changes = try await storage.trialChanges(of: study, after: revision)
        let trials: [TrialRecord] = state.withLock { state in
            // Another task may have read further meanwhile: never go back.
            if state.revision.map({ changes.revision > $0 }) ?? true {
                for trial in changes.trials { state.trials[trial.number] = trial }
                state.revision = changes.revision
            }
            return state.trials.values.sorted { $0.number < $1.number }
        }
        return StudyHistory(directions: directions, trials: trials)
    }
}
