import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import GRDB

/// Studies in one SQLite file, shared safely by the tasks of a process and by several processes.
///
/// - The file is opened in WAL mode (readers never block the writer), with a busy timeout so
///   that concurrent writers queue instead of failing, and `synchronous = NORMAL`: a process
///   killed at any point loses nothing committed (only a power cut may lose the last commits,
///   never the file's consistency).
/// - Every change is one transaction; those that read before writing (allocating trial numbers,
///   finishing a trial only while it runs) are `IMMEDIATE` transactions, which take the write
///   lock before reading, so two processes never see the same next number or both finish one
///   trial.
/// - The schema is versioned with GRDB migrations (``SQLiteSchema``); a file from a newer
///   automl is refused.
///
/// docs/storage.md describes the tables.
public final class SQLiteStorage: StudyStorage {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens the database at `path`, creating it (and its schema) when missing.
    /// - Parameter busyTimeout: how long a write waits for another process's transaction.
    /// - Throws: ``StorageError/cannotOpen(path:reason:)``, ``StorageError/newerSchema(path:unknownMigrations:)``.
    public init(path: String, busyTimeout: Duration = .seconds(60)) throws {
        self.path = path
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(TimeInterval(busyTimeout.components.seconds))
        configuration.label = "automl-studies"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StorageError.cannotOpen(path: path, reason: Self.reason(error))
        }
        try migrate()
    }

    private func migrate() throws {
        let migrator = SQLiteSchema.migrator
        // Two processes creating the file at once may both try the first migration; the loser
        // fails on the existing table, then finds the migration recorded and goes on.
        for attempt in 1...3 {
            do {
                let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
                if superseded {
                    let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                    let known = Set(migrator.migrations)
                    throw StorageError.newerSchema(path: path, unknownMigrations: applied.subtracting(known).sorted())
                }
                try migrator.migrate(pool)
                return
            } catch let error as StorageError {
                throw error
            } catch {
                if attempt == 3 { throw StorageError.cannotOpen(path: path, reason: Self.reason(error)) }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    // MARK: Studies

    public func createStudy(_ study: StudyRecord) async throws {
        try StudyRecord.validate(name: study.name)
        let row = try StudyRow(study)
        try await write("create study '\(study.name)'") { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM studies WHERE name = ?", arguments: [study.name]) ?? false
            if exists { throw StudyError.studyExists(name: study.name) }
            try db.execute(
                sql: """
                    INSERT INTO studies (name, directions, search_space, sampler, sampler_seed, sampler_options,
                                         attributes, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    study.name, row.directions, row.space, study.sampler.name,
                    study.sampler.seed.map { Int64(bitPattern: $0) }, row.samplerOptions, row.attributes,
                    study.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func study(named name: String) async throws -> StudyRecord? {
        try await read("read study '\(name)'") { db in try Self.studyRecord(db, name: name)?.record }
    }

    public func studySummaries() async throws -> [StudySummary] {
        try await read("list studies") { db in
            let studies = try Row.fetchAll(db, sql: "SELECT * FROM studies ORDER BY name")
            var summaries: [StudySummary] = []
            for row in studies {
                let record = try Self.decodeStudy(row)
                let id: Int64 = row["id"]
                var counts: [TrialState: Int] = [:]
                for count in try Row.fetchAll(
                    db, sql: "SELECT state, COUNT(*) AS n FROM trials WHERE study_id = ? GROUP BY state", arguments: [id])
                {
                    if let state = TrialState(rawValue: count["state"]) { counts[state] = count["n"] }
                }
                let direction = record.directions.first ?? .minimize
                let best = try Double.fetchOne(
                    db,
                    sql: """
                        SELECT \(direction == .minimize ? "MIN" : "MAX")(json_extract(objective_values, '$[0]'))
                        FROM trials WHERE study_id = ? AND state = 'complete'
                        """, arguments: [id])
                summaries.append(StudySummary(
                    name: record.name, directions: record.directions, sampler: record.sampler,
                    createdAt: record.createdAt, trialCounts: counts, bestValue: best))
            }
            return summaries
        }
    }

    public func deleteStudy(named name: String) async throws {
        try await write("delete study '\(name)'") { db in
            try db.execute(sql: "DELETE FROM studies WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw StudyError.studyNotFound(name: name) }
        }
    }

    // MARK: Trials

    public func trials(of study: String) async throws -> [TrialRecord] {
        try await read("read the trials of '\(study)'") { db in
            let (id, record) = try Self.requireStudy(db, name: study)
            return try Self.fetchTrials(db, studyID: id, space: record.space)
        }
    }

    public func trial(_ number: Int, of study: String) async throws -> TrialRecord {
        try await read("read trial \(number) of '\(study)'") { db in
            let (id, record) = try Self.requireStudy(db, name: study)
            guard let trial = try Self.fetchTrials(db, studyID: id, space: record.space, number: number).first else {
                throw StudyError.trialNotFound(study: study, number: number)
            }
            return trial
        }
    }

    public func startTrials(
        in study: String, owner: TrialOwner?, suggest: @Sendable (StudyHistory) throws -> [AutoMLSearchSpace.Configuration]
    ) async throws -> [TrialRecord] {
        try await write("start trials of '\(study)'") { db in
            let (id, record) = try Self.requireStudy(db, name: study)
            let trials = try Self.fetchTrials(db, studyID: id, space: record.space)
            let configurations = try suggest(StudyHistory(directions: record.directions, trials: trials))
            var next = try Int.fetchOne(db, sql: "SELECT next_trial_number FROM studies WHERE id = ?", arguments: [id]) ?? 0
            next = max(next, (trials.last?.number ?? -1) + 1)
            let now = Date()
            var started: [TrialRecord] = []
            for configuration in configurations {
                let trial = TrialRecord(
                    number: next, configuration: configuration, startedAt: now, owner: owner, heartbeatAt: now)
                try db.execute(
                    sql: """
                        INSERT INTO trials (study_id, number, state, params, started_at, heartbeat_at,
                                            owner_host, owner_pid, owner_start, owner_boot)
                        VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, next, try JSONText.encode(configuration), now.timeIntervalSince1970,
                        now.timeIntervalSince1970, owner?.host, owner.map { Int($0.processID) },
                        owner?.processStart.map { Int64(bitPattern: $0) }, owner?.bootID,
                    ])
                started.append(trial)
                next += 1
            }
            try db.execute(sql: "UPDATE studies SET next_trial_number = ? WHERE id = ?", arguments: [next, id])
            return started
        }
    }

    public func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion) async throws -> TrialRecord {
        try await write("finish trial \(number) of '\(study)'") { db in
            let (id, record) = try Self.requireStudy(db, name: study)
            guard var trial = try Self.fetchTrials(db, studyID: id, space: record.space, number: number).first else {
                throw StudyError.trialNotFound(study: study, number: number)
            }
            guard trial.state == .running else {
                throw StudyError.trialNotRunning(study: study, number: number, state: trial.state)
            }
            trial.state = completion.state
            trial.values = completion.state == .complete ? completion.values : nil
            trial.metrics.merge(completion.metrics) { _, new in new }
            trial.failureReason = completion.failureReason
            trial.finishedAt = completion.finishedAt
            try db.execute(
                sql: """
                    UPDATE trials SET state = ?, objective_values = ?, metrics = ?, failure_reason = ?, finished_at = ?
                    WHERE study_id = ? AND number = ? AND state = 'running'
                    """,
                arguments: [
                    trial.state.rawValue, try trial.values.map(JSONText.encode), try JSONText.encode(trial.metrics.finite),
                    trial.failureReason, completion.finishedAt.timeIntervalSince1970, id, number,
                ])
            return trial
        }
    }

    public func recordIntermediateValue(_ value: Double, step: Int, trial number: Int, of study: String) async throws {
        try await write("report on trial \(number) of '\(study)'") { db in
            let (id, _) = try Self.requireStudy(db, name: study)
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, state FROM trials WHERE study_id = ? AND number = ?", arguments: [id, number])
            else { throw StudyError.trialNotFound(study: study, number: number) }
            let state = TrialState(rawValue: row["state"]) ?? .failed
            guard state == .running else { throw StudyError.trialNotRunning(study: study, number: number, state: state) }
            let trialID: Int64 = row["id"]
            try db.execute(
                sql: "INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)",
                arguments: [trialID, step, value.isNaN ? nil : value])
        }
    }

    public func recordHeartbeat(trials numbers: [Int], of study: String, at date: Date) async throws {
        guard !numbers.isEmpty else { return }
        try await write("record a heartbeat in '\(study)'") { db in
            let (id, _) = try Self.requireStudy(db, name: study)
            let list = numbers.map(String.init).joined(separator: ",")
            try db.execute(
                sql: "UPDATE trials SET heartbeat_at = ? WHERE study_id = ? AND state = 'running' AND number IN (\(list))",
                arguments: [date.timeIntervalSince1970, id])
        }
    }

    // MARK: Transactions

    /// Runs `body` in an IMMEDIATE transaction (write lock taken before the first read).
    private func write<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StorageError.database(path: "", operation: operation, reason: "no result") }
                return result
            }
        } catch {
            throw translate(error, operation)
        }
    }

    private func read<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw translate(error, operation)
        }
    }

    private func translate(_ error: any Error, _ operation: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }  // ours, the sampler's, cancellation
        return StorageError.database(path: path, operation: operation, reason: Self.reason(error))
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return "\(error)"
    }
}

extension SQLiteStorage {
    /// The journal mode in force (`wal`), for tests and `automl studies` diagnostics.
    package func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The schema migrations applied to the file, in order.
    package func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    /// Records a migration this build does not know, as a newer automl would (tests only).
    package func recordForeignMigration(_ identifier: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
        }
    }
}
