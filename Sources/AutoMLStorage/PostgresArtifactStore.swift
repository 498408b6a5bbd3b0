import AutoMLStudy
import Foundation
import PostgresNIO

/// The artifacts of a ``PostgresStorage``, in the same database (table `artifacts`, one `BYTEA`
/// per study, trial and name), so every worker reads what any worker stored, and deleting a
/// study or a trial deletes its artifacts (foreign keys with `ON DELETE CASCADE`). Each method
/// is one statement, or one transaction; none takes the study's lock.
struct PostgresArtifactStore: ArtifactStore {
    let storage: PostgresStorage

    func put(_ data: Data, named name: String, trial: Int, of study: String) async throws {
        try await storage.write("store artifact '\(name)' of trial \(trial) of '\(study)'") {
            connection, logger in
            let stored = try await connection.query(
                """
                INSERT INTO artifacts (trial_id, study_id, name, data)
                SELECT t.id, s.id, \(name), \(data)
                FROM studies s JOIN trials t ON t.study_id = s.id AND t.number = \(trial)
                WHERE s.name = \(study)
                ON CONFLICT (trial_id, name) DO UPDATE SET data = EXCLUDED.data
                RETURNING 1
                """, logger: logger
            ).collect()
            guard stored.isEmpty else { return }
            _ = try await Self.studyID(connection, study, logger)
            throw StudyError.trialNotFound(study: study, number: trial)
        }
    }

    func artifact(named name: String, trial: Int, of study: String) async throws -> Data? {
        try await artifacts(named: name, of: study, trials: [trial])[trial]
    }

    func artifacts(named name: String, of study: String, trials: [Int]?) async throws -> [Int: Data]
    {
        if let trials, trials.isEmpty {
            _ = try await storage.read("read artifacts '\(name)' of '\(study)'") {
                connection, logger in
                try await Self.studyID(connection, study, logger)
            }
            return [:]
        }
        return try await storage.read("read artifacts '\(name)' of '\(study)'") {
            connection, logger in
            let id = try await Self.studyID(connection, study, logger)
            let rows: PostgresRowSequence
            if let trials {
                rows = try await connection.query(
                    """
                    SELECT t.number::int8, a.data FROM artifacts a JOIN trials t ON t.id = a.trial_id
                    WHERE a.study_id = \(id) AND a.name = \(name) AND t.number = ANY(\(trials))
                    """, logger: logger)
            } else {
                rows = try await connection.query(
                    """
                    SELECT t.number::int8, a.data FROM artifacts a JOIN trials t ON t.id = a.trial_id
                    WHERE a.study_id = \(id) AND a.name = \(name)
                    """, logger: logger)
            }
            var result: [Int: Data] = [:]
            for try await (number, data) in rows.decode((Int, Data).self) {
                result[number] = data
            }
            return result
        }
    }

    func deleteArtifacts(named name: String, of study: String, except kept: Set<Int>) async throws
        -> Int
    {
        let keep = kept.sorted()
        return try await storage.write("delete artifacts '\(name)' of '\(study)'") {
            connection, logger in
            let id = try await Self.studyID(connection, study, logger)
            let rows = try await connection.query(
                """
                WITH deleted AS (
                    DELETE FROM artifacts a USING trials t
                    WHERE a.trial_id = t.id AND a.study_id = \(id) AND a.name = \(name)
                      AND NOT (t.number = ANY(\(keep)))
                    RETURNING 1)
                SELECT count(*)::int8 FROM deleted
                """, logger: logger
            ).collect()
            return try rows.first?.decode(Int.self) ?? 0
        }
    }

    func summary(of study: String) async throws -> [String: ArtifactSummary] {
        try await storage.read("summarize the artifacts of '\(study)'") { connection, logger in
            let id = try await Self.studyID(connection, study, logger)
            var result: [String: ArtifactSummary] = [:]
            for try await (name, count, bytes) in try await connection.query(
                """
                SELECT name, count(*)::int8, coalesce(sum(octet_length(data)), 0)::int8
                FROM artifacts WHERE study_id = \(id) GROUP BY name
                """, logger: logger
            ).decode((String, Int, Int).self) {
                result[name] = ArtifactSummary(count: count, bytes: bytes)
            }
            return result
        }
    }

    /// The row id of study `name`.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    private static func studyID(
        _ connection: PostgresConnection, _ name: String, _ logger: Logger
    ) async throws -> Int64 {
        let rows = try await connection.query(
            "SELECT id FROM studies WHERE name = \(name)", logger: logger
        ).collect()
        guard let id = try rows.first?.decode(Int64.self) else {
            throw StudyError.studyNotFound(name: name)
        }
        return id
    }
}
