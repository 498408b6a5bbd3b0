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
/// - Timestamps come from SQLite's clock (`julianday('now')`), the clock of the machine that
///   holds the file, so processes agree on staleness even if they are started with skewed
///   clocks (processes on one machine, or on machines sharing a file system).
/// - A read-only storage (``init(path:readOnly:busyTimeout:)`` with `readOnly: true`) never
///   writes: no schema is created or migrated, no lock is taken that a writer waits on (WAL
///   readers never block the writer), and a file of an older schema is read as it is.
///
/// docs/storage.md describes the tables.
public final class SQLiteStorage: StudyStorage {
    /// The database file.
    public let path: String
    /// Whether the storage was opened for reading only.
    public let isReadOnly: Bool
    private let pool: DatabasePool
    let cache = StudyCache()
    private let artifactStore: SQLiteArtifactStore

    /// Opens the database at `path`, creating it (and its schema) when missing, unless
    /// `readOnly`.
    /// - Parameters:
    ///   - readOnly: open an existing file for reading only (commands that only read).
    ///   - busyTimeout: how long a write waits for another process's transaction.
    /// - Throws: ``StorageError/cannotOpen(path:reason:)``, ``StorageError/newerSchema(path:unknownMigrations:)``,
    ///   ``StorageError/foreignSchema(path:reason:)`` (read-only: not a study database).
    public init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(60)) throws {
        self.path = path
        self.isReadOnly = readOnly
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(TimeInterval(busyTimeout.components.seconds))
        configuration.label = "automl-studies"
        configuration.readonly = readOnly
        if !readOnly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        pool =
            readOnly
            ? try Self.openReadOnly(path: path, configuration: configuration)
            : try Self.open(path: path, configuration: configuration)
        let hasArtifacts = try Self.hasArtifactsTable(pool)
        artifactStore = SQLiteArtifactStore(pool: pool, path: path, isAvailable: hasArtifacts)
    }

    public var artifacts: any ArtifactStore { artifactStore }

    public func close() async throws {
        do { try pool.close() } catch { throw translate(error, "close the database") }
    }

    public func now() async throws -> Date {
        try await read("read the clock") { db in try Self.clock(db) }
    }

    /// SQLite's clock in seconds since 1970, to the millisecond.
    static func clock(_ db: Database) throws -> Date {
        let seconds =
            try Double.fetchOne(db, sql: "SELECT (julianday('now') - 2440587.5) * 86400.0") ?? 0
        return Date(timeIntervalSince1970: seconds)
    }

    private static func hasArtifactsTable(_ pool: DatabasePool) throws -> Bool {
        do {
            return try pool.read { db in try db.tableExists("artifacts") }
        } catch {
            throw StorageError.cannotOpen(path: "", reason: reason(error))
        }
    }

    /// Opens an existing file for reading: refuses a missing file, a file that is not SQLite,
    /// one without automl's tables and one of a newer schema; migrates nothing.
    private static func openReadOnly(path: String, configuration: GRDB.Configuration) throws
        -> DatabasePool
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StorageError.missingDatabase(path: path)
        }
        try refuseFolder(path)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StorageError.cannotOpen(path: path, reason: "permission denied")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StorageError.foreignSchema(path: path, reason: "it is not a SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw StorageError.damaged(path: path, reason: reason(error))
        } catch {
            throw StorageError.cannotOpen(path: path, reason: reason(error))
        }
        do {
            let (hasStudies, hasTrials) = try pool.read { db in
                (try db.tableExists("studies"), try db.tableExists("trials"))
            }
            guard hasStudies, hasTrials else {
                throw StorageError.foreignSchema(
                    path: path, reason: "it has no studies and trials tables")
            }
            let migrator = SQLiteSchema.migrator
            let applied = try pool.read { db in
                try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
            }
            let unknown = applied.subtracting(Set(migrator.migrations))
            if !unknown.isEmpty {
                throw StorageError.newerSchema(path: path, unknownMigrations: unknown.sorted())
            }
        } catch let error as StorageError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StorageError.foreignSchema(path: path, reason: "it is not a SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw StorageError.damaged(path: path, reason: reason(error))
        } catch {
            throw StorageError.cannotOpen(path: path, reason: reason(error))
        }
        return pool
    }

    /// Refuses a SQLite file of another program before a writer opens it: automl's tables are
    /// never added next to tables it did not create, and the file is only read (opening it for
    /// writing would already switch it to WAL). Damage and non-SQLite files are refused here
    /// too; other trouble is left to the writer's own opening.
    private static func refuseForeignTables(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int
        guard let size, size > 0 else { return }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        let tables: [String]
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            defer { try? pool.close() }
            tables = try pool.read { db in
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StorageError.foreignSchema(path: path, reason: "it is not a SQLite database")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw StorageError.damaged(path: path, reason: reason(error))
        } catch {
            return
        }
        if !tables.isEmpty, !tables.contains("grdb_migrations") {
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw StorageError.foreignSchema(
                path: path, reason: "it holds the tables of another program (\(shown))")
        }
    }

    /// Refuses a folder at `path` by name (SQLite calls it a disk I/O error).
    private static func refuseFolder(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw StorageError.cannotOpen(
                path: path, reason: "it is a folder; give the path of a database file")
        }
    }

    /// Opens the pool and brings the schema up to date. A process opening a new file while
    /// another one creates it can find the file locked (switching to WAL, the first migration)
    /// before its busy timeout applies; those attempts are retried for a few seconds.
    private static func open(path: String, configuration: GRDB.Configuration) throws -> DatabasePool
    {
        try refuseFolder(path)
        try refuseForeignTables(path)
        var lastError: any Error = StorageError.cannotOpen(path: path, reason: "not attempted")
        for attempt in 1...40 {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrate(pool, path: path)
                return pool
            } catch let error as StorageError {
                throw error
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                // Damage and foreign files do not go away by waiting: no retry.
                throw StorageError.foreignSchema(path: path, reason: "it is not a SQLite database")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                throw StorageError.damaged(path: path, reason: reason(error))
            } catch {
                lastError = error
                Thread.sleep(forTimeInterval: min(0.01 * Double(attempt), 0.2))
            }
        }
        throw StorageError.cannotOpen(path: path, reason: reason(lastError))
    }

    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = SQLiteSchema.migrator
        let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
        if superseded {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            throw StorageError.newerSchema(
                path: path,
                unknownMigrations: applied.subtracting(Set(migrator.migrations)).sorted())
        }
        // Two processes creating the file at once may both try the first migration; the loser
        // fails on the existing table and is retried by `open`, then finds it recorded.
        try migrator.migrate(pool)
    }

    // MARK: Studies

    public func createStudy(_ study: StudyRecord) async throws {
        try StudyRecord.validate(name: study.name)
        let row = try StudyRow(study)
        try await write("create study '\(study.name)'") { db in
            let exists =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM studies WHERE name = ?", arguments: [study.name])
                ?? false
            if exists { throw StudyError.studyExists(name: study.name) }
            try db.execute(
                sql: """
                    INSERT INTO studies (name, directions, search_space, sampler, sampler_seed, sampler_options,
                                         attributes, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    study.name, row.directions, row.space, study.sampler.name,
                    study.sampler.seed.map { Int64(bitPattern: $0) }, row.samplerOptions,
                    row.attributes,
                    study.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func study(named name: String) async throws -> StudyRecord? {
        try await read("read study '\(name)'") { db in try Self.studyRecord(db, name: name)?.record
        }
    }

    public func studySummaries() async throws -> [StudySummary] {
        try await read("list studies") { db in
            let studies = try Row.fetchAll(db, sql: "SELECT * FROM studies ORDER BY name")
            var summaries: [StudySummary] = []
            for row in studies {
                let record = try Self.decodeStudy(row)
                let id = try row.decode(Int64.self, forColumn: "id")
                var counts: [TrialState: Int] = [:]
                for count in try Row.fetchAll(
                    db,
                    sql:
                        "SELECT state, COUNT(*) AS n FROM trials WHERE study_id = ? GROUP BY state",
                    arguments: [id])
                {
                    if let text = try? count.decode(String.self, forColumn: "state"),
                        let state = TrialState(rawValue: text)
                    {
                        counts[state] = try count.decode(Int.self, forColumn: "n")
                    }
                }
                let direction = record.directions.first ?? .minimize
                // A damaged value reads as no best (json_extract of bad JSON is an error).
                let best = try? Double.fetchOne(
                    db,
                    sql: """
                        SELECT \(direction == .minimize ? "MIN" : "MAX")(json_extract(objective_values, '$[0]'))
                        FROM trials WHERE study_id = ? AND state = 'complete'
                        """, arguments: [id])
                summaries.append(
                    StudySummary(
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
        cache.forget(name)
    }

    // MARK: Trials

    public func trials(of study: String) async throws -> [TrialRecord] {
        try await read("read the trials of '\(study)'") { [cache] db in
            try cache.study(db, name: study).trials
        }
    }

    public func trialChanges(of study: String, after revision: Int64?) async throws -> TrialChanges
    {
        try await read("read the changed trials of '\(study)'") { db in
            let (id, record) = try Self.requireStudy(db, name: study)
            let current =
                try Int64.fetchOne(
                    db, sql: "SELECT revision FROM studies WHERE id = ?", arguments: [id]) ?? 0
            let trials = try Self.fetchTrials(
                db, studyID: id, space: record.space, changedAfter: revision ?? -1)
            return TrialChanges(revision: current, trials: trials)
        }
    }

    public func trial(_ number: Int, of study: String) async throws -> TrialRecord {
        try await read("read trial \(number) of '\(study)'") { [cache] db in
            try Self.find(number, in: try cache.study(db, name: study))
        }
    }

    public func startTrials(
        _ count: Int, in study: String, owner: TrialOwner?,
        suggest: @Sendable (Int, StudyHistory) throws -> [AutoMLSearchSpace.Configuration]
    ) async throws -> [TrialRecord] {
        guard count > 0 else { return [] }
        return try await write("start trials of '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            let id = entry.studyID
            let now = try Self.clock(db)
            let revision = try Self.bumpRevision(db, studyID: id)
            var started: [TrialRecord] = []
            // Waiting trials first, oldest first.
            for var trial in entry.trials where trial.state == .waiting {
                guard started.count < count else { break }
                trial.state = .running
                trial.owner = owner
                trial.startedAt = now
                trial.heartbeatAt = now
                try db.execute(
                    sql: """
                        UPDATE trials SET state = 'running', started_at = ?, heartbeat_at = ?, owner_host = ?,
                                          owner_pid = ?, owner_start = ?, owner_boot = ?, revision = ?
                        WHERE study_id = ? AND number = ? AND state = 'waiting'
                        """,
                    arguments: [
                        now.timeIntervalSince1970, now.timeIntervalSince1970, owner?.host,
                        owner.map { Int($0.processID) },
                        owner?.processStart.map { Int64(bitPattern: $0) }, owner?.bootID, revision,
                        id, trial.number,
                    ])
                started.append(trial)
            }
            if started.count < count {
                let history = StudyHistory(
                    directions: entry.record.directions,
                    trials: StudyCache.merged(entry.trials, started))
                let configurations = try suggest(count - started.count, history)
                    .prefix(count - started.count)
                var next =
                    try Int.fetchOne(
                        db, sql: "SELECT next_trial_number FROM studies WHERE id = ?",
                        arguments: [id]) ?? 0
                next = max(next, (entry.trials.last?.number ?? -1) + 1)
                for configuration in configurations {
                    let trial = TrialRecord(
                        number: next, configuration: configuration, startedAt: now, owner: owner,
                        heartbeatAt: now)
                    try Self.insert(trial, studyID: id, revision: revision, db)
                    started.append(trial)
                    next += 1
                }
                try db.execute(
                    sql: "UPDATE studies SET next_trial_number = ? WHERE id = ?",
                    arguments: [next, id])
            }
            cache.apply(started, study: study, studyID: id, revision: revision)
            return started
        }
    }

    public func enqueueTrial(
        in study: String, configuration: AutoMLSearchSpace.Configuration,
        attributes: [String: String]
    ) async throws -> TrialRecord {
        try await write("enqueue a trial in '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            let id = entry.studyID
            let now = try Self.clock(db)
            let revision = try Self.bumpRevision(db, studyID: id)
            var next =
                try Int.fetchOne(
                    db, sql: "SELECT next_trial_number FROM studies WHERE id = ?", arguments: [id])
                ?? 0
            next = max(next, (entry.trials.last?.number ?? -1) + 1)
            let trial = TrialRecord(
                number: next, state: .waiting, configuration: configuration,
                attributes: attributes, startedAt: now)
            try Self.insert(trial, studyID: id, revision: revision, db)
            try db.execute(
                sql: "UPDATE studies SET next_trial_number = ? WHERE id = ?",
                arguments: [next + 1, id])
            cache.apply([trial], study: study, studyID: id, revision: revision)
            return trial
        }
    }

    /// Inserts a new trial row.
    private static func insert(
        _ trial: TrialRecord, studyID id: Int64, revision: Int64, _ db: Database
    )
        throws
    {
        let owner = trial.owner
        try db.execute(
            sql: """
                INSERT INTO trials (study_id, number, state, params, attributes, started_at, heartbeat_at,
                                    owner_host, owner_pid, owner_start, owner_boot, revision)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, trial.number, trial.state.rawValue, try JSONText.encode(trial.configuration),
                try JSONText.encode(trial.attributes), trial.startedAt.timeIntervalSince1970,
                trial.heartbeatAt?.timeIntervalSince1970, owner?.host,
                owner.map { Int($0.processID) }, owner?.processStart.map { Int64(bitPattern: $0) },
                owner?.bootID, revision,
            ])
    }

    public func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion)
        async throws -> TrialRecord
    {
        try await write("finish trial \(number) of '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            let running = try Self.find(number, in: entry)
            guard running.state == .running else {
                throw StudyError.trialNotRunning(study: study, number: number, state: running.state)
            }
            var trial = running.finished(as: completion)
            trial.finishedAt = try Self.clock(db)
            let revision = try Self.bumpRevision(db, studyID: entry.studyID)
            try db.execute(
                sql: """
                    UPDATE trials SET state = ?, objective_values = ?, metrics = ?, attributes = ?, failure_reason = ?,
                                      finished_at = ?, revision = ?
                    WHERE study_id = ? AND number = ? AND state = 'running'
                    """,
                arguments: [
                    trial.state.rawValue, try trial.values.map(JSONText.encode),
                    try JSONText.encode(trial.metrics), try JSONText.encode(trial.attributes),
                    trial.failureReason, trial.finishedAt?.timeIntervalSince1970, revision,
                    entry.studyID, number,
                ])
            cache.apply([trial], study: study, studyID: entry.studyID, revision: revision)
            return trial
        }
    }

    public func recordIntermediateValue(
        _ value: Double, step: Int, trial number: Int, of study: String
    ) async throws {
        try await write("report on trial \(number) of '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            var trial = try Self.find(number, in: entry)
            guard trial.state == .running else {
                throw StudyError.trialNotRunning(study: study, number: number, state: trial.state)
            }
            let revision = try Self.bumpRevision(db, studyID: entry.studyID)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value)
                    SELECT id, ?, ? FROM trials WHERE study_id = ? AND number = ?
                    """,
                arguments: [step, value.isNaN ? nil : value, entry.studyID, number])
            try db.execute(
                sql: "UPDATE trials SET revision = ? WHERE study_id = ? AND number = ?",
                arguments: [revision, entry.studyID, number])
            trial.intermediateValues[step] = value
            cache.apply([trial], study: study, studyID: entry.studyID, revision: revision)
        }
    }

    public func recordHeartbeat(trials numbers: [Int], of study: String) async throws {
        guard !numbers.isEmpty else { return }
        try await write("record a heartbeat in '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            let beating = entry.trials.filter {
                numbers.contains($0.number) && $0.state == .running
            }
            guard !beating.isEmpty else { return }
            let now = try Self.clock(db)
            let revision = try Self.bumpRevision(db, studyID: entry.studyID)
            let list = beating.map { String($0.number) }.joined(separator: ",")
            try db.execute(
                sql:
                    "UPDATE trials SET heartbeat_at = ?, revision = ? WHERE study_id = ? AND number IN (\(list))",
                arguments: [now.timeIntervalSince1970, revision, entry.studyID])
            cache.apply(
                beating.map { trial in
                    var trial = trial
                    trial.heartbeatAt = now
                    return trial
                }, study: study, studyID: entry.studyID, revision: revision)
        }
    }

    public func failStaleTrials(of study: String, staleAfter: Duration) async throws
        -> [TrialRecord]
    {
        // A quick read first: most calls (every heartbeat) find nothing to reap and then take
        // no write lock.
        let candidates = try await read("look for stale trials in '\(study)'") { [cache] db in
            let now = try Self.clock(db)
            return try cache.study(db, name: study).trials.filter {
                $0.abandonment(staleAfter: staleAfter, now: now) != nil
            }
        }
        guard !candidates.isEmpty else { return [] }
        return try await write("fail stale trials of '\(study)'") { [cache] db in
            let entry = try cache.study(db, name: study)
            let now = try Self.clock(db)
            var failed: [TrialRecord] = []
            var revision: Int64?
            for var trial in entry.trials {
                guard let reason = trial.abandonment(staleAfter: staleAfter, now: now) else {
                    continue
                }
                let next = try revision ?? Self.bumpRevision(db, studyID: entry.studyID)
                revision = next
                trial.state = .failed
                trial.failureReason = reason
                trial.finishedAt = now
                try db.execute(
                    sql: """
                        UPDATE trials SET state = 'failed', failure_reason = ?, finished_at = ?, revision = ?
                        WHERE study_id = ? AND number = ? AND state = 'running'
                        """,
                    arguments: [
                        reason, now.timeIntervalSince1970, next, entry.studyID, trial.number,
                    ])
                failed.append(trial)
            }
            if let revision {
                cache.apply(failed, study: study, studyID: entry.studyID, revision: revision)
            }
            return failed
        }
    }

    static func find(_ number: Int, in entry: StudyCache.Entry) throws -> TrialRecord {
        try entry.trials.trial(numbered: number, study: entry.record.name)
    }

    // MARK: Transactions

    /// Runs `body` in an IMMEDIATE transaction (write lock taken before the first read).
    func write<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T)
        async throws -> T
    {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw StorageError.database(path: "", operation: operation, reason: "no result")
                }
                return result
            }
        } catch {
            throw translate(error, operation)
        }
    }

    private func read<T: Sendable>(_ operation: String, _ body: @Sendable (Database) throws -> T)
        async throws -> T
    {
        do {
            return try await pool.read(body)
        } catch {
            throw translate(error, operation)
        }
    }

    private func translate(_ error: any Error, _ operation: String) -> any Error {
        Self.translate(error, operation, path: path)
    }

    static func translate(_ error: any Error, _ operation: String, path: String) -> any Error {
        // Errors not from SQLite (ours, the sampler's, cancellation) pass through.
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StorageError.conflict(
                location: path, operation: operation, reason: reason(error))
        case .SQLITE_READONLY:
            return StorageError.database(
                path: path, operation: operation,
                reason: "the file is read-only (\(reason(error)))")
        default:
            return StorageError.database(path: path, operation: operation, reason: reason(error))
        }
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
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
        }
    }
}
