import AutoMLStudy
import Foundation
import GRDB

/// The artifacts of a ``SQLiteStorage``, in the same file (table `artifacts`, one BLOB per
/// study, trial and name), so a copy of the file carries them and deleting a study or a trial
/// deletes its artifacts (foreign keys with `ON DELETE CASCADE`).
///
/// A file of schema v1 opened read-only has no `artifacts` table: it then holds no artifact,
/// and putting one throws.
final class SQLiteArtifactStore: ArtifactStore {
    private let pool: DatabasePool
    private let path: String
    private let isAvailable: Bool

    init(pool: DatabasePool, path: String, isAvailable: Bool) {
        self.pool = pool
        self.path = path
        self.isAvailable = isAvailable
    }

    func put(_ data: Data, named name: String, trial: Int, of study: String) async throws {
        guard isAvailable else {
            throw StorageError.database(
                path: path, operation: "store artifact '\(name)'",
                reason: "the file has the schema of an older automl and was opened read-only")
        }
        try await run("store artifact '\(name)' of trial \(trial) of '\(study)'") { db in
            let (studyID, _) = try SQLiteStorage.requireStudy(db, name: study)
            guard
                let trialID = try Int64.fetchOne(
                    db, sql: "SELECT id FROM trials WHERE study_id = ? AND number = ?",
                    arguments: [studyID, trial])
            else { throw StudyError.trialNotFound(study: study, number: trial) }
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO artifacts (trial_id, study_id, name, data) VALUES (?, ?, ?, ?)",
                arguments: [trialID, studyID, name, data])
        }
    }

    func artifact(named name: String, trial: Int, of study: String) async throws -> Data? {
        try await artifacts(named: name, of: study, trials: [trial])[trial]
    }

    func artifacts(named name: String, of study: String, trials: [Int]?) async throws -> [Int: Data]
    {
        guard isAvailable else { return [:] }
        return try await read("read artifacts '\(name)' of '\(study)'") { db in
            let (studyID, _) = try SQLiteStorage.requireStudy(db, name: study)
            var sql = """
                SELECT t.number, a.data FROM artifacts a JOIN trials t ON t.id = a.trial_id
                WHERE a.study_id = ? AND a.name = ?
                """
            if let trials {
                guard !trials.isEmpty else { return [:] }
                sql += " AND t.number IN (" + trials.map(String.init).joined(separator: ",") + ")"
            }
            var result: [Int: Data] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: [studyID, name]) {
                result[row[0]] = row[1]
            }
            return result
        }
    }

    func deleteArtifacts(named name: String, of study: String, except kept: Set<Int>) async throws
        -> Int
    {
        guard isAvailable else { return 0 }
        return try await run("delete artifacts '\(name)' of '\(study)'") { db in
            let (studyID, _) = try SQLiteStorage.requireStudy(db, name: study)
            var sql = "DELETE FROM artifacts WHERE study_id = ? AND name = ?"
            if !kept.isEmpty {
                sql +=
                    " AND trial_id NOT IN (SELECT id FROM trials WHERE study_id = ? AND number IN ("
                    + kept.sorted().map(String.init).joined(separator: ",") + "))"
                try db.execute(sql: sql, arguments: [studyID, name, studyID])
            } else {
                try db.execute(sql: sql, arguments: [studyID, name])
            }
            return db.changesCount
        }
    }

    func summary(of study: String) async throws -> [String: ArtifactSummary] {
        guard isAvailable else { return [:] }
        return try await read("summarize the artifacts of '\(study)'") { db in
            let (studyID, _) = try SQLiteStorage.requireStudy(db, name: study)
            var result: [String: ArtifactSummary] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT name, COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM artifacts
                    WHERE study_id = ? GROUP BY name
                    """, arguments: [studyID])
            {
                result[row[0]] = ArtifactSummary(count: row[1], bytes: row[2])
            }
            return result
        }
    }

    private func run<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    )
        async throws -> T
    {
        do { return try await pool.write(body) } catch {
            throw SQLiteStorage.translate(error, operation, path: path)
        }
    }

    private func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    )
        async throws -> T
    {
        do { return try await pool.read(body) } catch {
            throw SQLiteStorage.translate(error, operation, path: path)
        }
    }
}
