import AutoMLStudy
import Foundation
import GRDB

extension SQLiteStorage {
    /// Appends `trials` as they are; see ``StudyStorage/importTrials(_:into:)``.
    public func importTrials(_ trials: [TrialRecord], into study: String) async throws
        -> [TrialRecord]
    {
        guard !trials.isEmpty else { return [] }
        return try await write("import trials into '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            let id = entry.studyID
            let revision = try Self.bumpRevision(db, studyID: id)
            let next =
                try Int.fetchOne(
                    db, sql: "SELECT next_trial_number FROM studies WHERE id = ?", arguments: [id])
                ?? 0
            let stored = TrialImport.renumbered(
                trials, from: max(next, (entry.trials.last?.number ?? -1) + 1))
            for trial in stored {
                let owner = trial.owner
                try db.execute(
                    sql: """
                        INSERT INTO trials (study_id, number, state, params, objective_values, metrics, attributes,
                                            started_at, finished_at, heartbeat_at, owner_host, owner_pid,
                                            owner_start, owner_boot, failure_reason, revision)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, trial.number, trial.state.rawValue,
                        try JSONText.encode(trial.configuration),
                        try trial.values.map(JSONText.encode), try JSONText.encode(trial.metrics),
                        try JSONText.encode(trial.attributes),
                        trial.startedAt.timeIntervalSince1970,
                        trial.finishedAt?.timeIntervalSince1970,
                        trial.heartbeatAt?.timeIntervalSince1970, owner?.host,
                        owner.map { Int($0.processID) },
                        owner?.processStart.map { Int64(bitPattern: $0) }, owner?.bootID,
                        trial.failureReason, revision,
                    ])
                let trialID = db.lastInsertedRowID
                for (step, value) in trial.intermediateValues {
                    try db.execute(
                        sql:
                            "INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)",
                        arguments: [trialID, step, value.isNaN ? nil : value])
                }
            }
            try db.execute(
                sql: "UPDATE studies SET next_trial_number = ? WHERE id = ?",
                arguments: [(stored.last?.number ?? next) + 1, id])
            return stored
        }
    }
}
