import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import PostgresNIO
import Synchronization

// Reading studies and trials from PostgreSQL rows, and the cache of decoded trials.

/// A trial row as read, decoded once its study's search space is known.
struct PostgresTrialRow: Sendable {
    var number: Int
    var state: String
    var params: String
    var values: [Double]?
    var metrics: String
    var attributes: String
    var startedAt: Double
    var finishedAt: Double?
    var heartbeatAt: Double?
    var ownerHost: String?
    var ownerPID: Int?
    var ownerStart: Int64?
    var ownerBoot: String?
    var failureReason: String?
    var steps: [Int]?
    var stepValues: [Double]?

    /// The columns, in the order ``init(_:at:)`` reads them (a trial table aliased `t`).
    static let columns = """
        t.number::int8, t.state, t.params, t.objective_values, t.metrics, t.attributes, t.started_at,
        t.finished_at, t.heartbeat_at, t.owner_host, t.owner_pid::int8, t.owner_start, t.owner_boot,
        t.failure_reason,
        (SELECT array_agg(v.step::int8 ORDER BY v.step) FROM trial_intermediate_values v WHERE v.trial_id = t.id),
        (SELECT array_agg(v.value ORDER BY v.step) FROM trial_intermediate_values v WHERE v.trial_id = t.id)
        """

    /// Reads the columns of ``columns`` starting at cell `start`; `nil` when the row has no
    /// trial (an outer join that found none).
    init?(_ row: PostgresRandomAccessRow, at start: Int) throws {
        guard let number = try row[start].decode(Int?.self) else { return nil }
        self.number = number
        state = try row[start + 1].decode(String.self)
        params = try row[start + 2].decode(String.self)
        values = try row[start + 3].decode([Double]?.self)
        metrics = try row[start + 4].decode(String.self)
        attributes = try row[start + 5].decode(String.self)
        startedAt = try row[start + 6].decode(Double.self)
        finishedAt = try row[start + 7].decode(Double?.self)
        heartbeatAt = try row[start + 8].decode(Double?.self)
        ownerHost = try row[start + 9].decode(String?.self)
        ownerPID = try row[start + 10].decode(Int?.self)
        ownerStart = try row[start + 11].decode(Int64?.self)
        ownerBoot = try row[start + 12].decode(String?.self)
        failureReason = try row[start + 13].decode(String?.self)
        steps = try row[start + 14].decode([Int]?.self)
        stepValues = try row[start + 15].decode([Double]?.self)
    }

    /// The trial, or — when a JSON field cannot be read (the row was edited by hand) — a
    /// failed placeholder naming the field, with the attribute `damaged`, as ``SQLiteStorage``
    /// reads a damaged row.
    func record(space: SearchSpace) -> TrialRecord {
        var intermediate: [Int: Double] = [:]
        for (step, value) in zip(steps ?? [], stepValues ?? []) { intermediate[step] = value }
        var field = "state"
        do {
            guard let state = TrialState(rawValue: state) else {
                throw StudyError.corruptRecord(study: "", detail: "'\(state)' is not a trial state")
            }
            field = "params"
            let configuration = try JSONText.decode(
                AutoMLSearchSpace.Configuration.self, params)
            field = "metrics"
            let metrics = try JSONText.decode([String: Double].self, metrics)
            field = "attributes"
            let attributes = try JSONText.decode([String: String].self, attributes)
            let owner = ownerHost.flatMap { host in
                ownerPID.map { pid in
                    TrialOwner(
                        host: host, processID: Int32(truncatingIfNeeded: pid),
                        processStart: ownerStart.map { UInt64(bitPattern: $0) }, bootID: ownerBoot)
                }
            }
            return TrialRecord(
                number: number, state: state, configuration: space.retyped(configuration),
                values: values, intermediateValues: intermediate, metrics: metrics,
                attributes: attributes, startedAt: Date(timeIntervalSince1970: startedAt),
                finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)),
                failureReason: failureReason, owner: owner,
                heartbeatAt: heartbeatAt.map(Date.init(timeIntervalSince1970:)))
        } catch {
            let text = "\(error)"
            let problem = text.count > 120 ? String(text.prefix(117)) + "…" : text
            var placeholder = TrialRecord(
                number: number, state: .failed, configuration: Configuration(),
                startedAt: Date(timeIntervalSince1970: startedAt),
                failureReason:
                    "the stored trial is damaged: field '\(field)' cannot be read (\(problem))")
            placeholder.attributes["damaged"] = field
            return placeholder
        }
    }
}

/// What one read of a study's changes returns: the study's row id and revision, the server's
/// clock, and the trials changed after the revision asked for.
struct PostgresChanges: Sendable {
    var studyID: Int64
    var revision: Int64
    var clock: Date
    var rows: [PostgresTrialRow]
}

/// What locking a study for a change returns: its row id, its revision after the bump, the next
/// trial number, and the server's clock once the lock is held.
struct PostgresLock: Sendable {
    var studyID: Int64
    var revision: Int64
    var nextNumber: Int
    var clock: Date
}

extension PostgresStorage {
    /// The study's id and revision and the trials changed after `revision`, in one statement
    /// (one snapshot); `nil` when there is no such study.
    static func changes(
        _ connection: PostgresConnection, study name: String, after revision: Int64,
        logger: Logger
    ) async throws -> PostgresChanges? {
        let sql = """
            SELECT s.id, s.revision, extract(epoch FROM clock_timestamp())::float8, \(PostgresTrialRow.columns)
            FROM studies s LEFT JOIN trials t ON t.study_id = s.id AND t.revision > $2
            WHERE s.name = $1 ORDER BY t.number
            """
        var bindings = PostgresBindings()
        bindings.append(name)
        bindings.append(revision)
        var result: PostgresChanges?
        for try await row in try await connection.query(
            PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        {
            let cells = row.makeRandomAccess()
            if result == nil {
                result = PostgresChanges(
                    studyID: try cells[0].decode(Int64.self),
                    revision: try cells[1].decode(Int64.self),
                    clock: Date(timeIntervalSince1970: try cells[2].decode(Double.self)), rows: [])
            }
            if let trial = try PostgresTrialRow(cells, at: 3) { result?.rows.append(trial) }
        }
        return result
    }

    /// Locks study `name`'s row for this transaction, bumps its revision and reads the clock.
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    static func lock(_ connection: PostgresConnection, study name: String, logger: Logger)
        async throws -> PostgresLock
    {
        let rows = try await connection.query(
            """
            UPDATE studies SET revision = revision + 1 WHERE name = \(name)
            RETURNING id, revision, next_trial_number::int8, extract(epoch FROM clock_timestamp())::float8
            """, logger: logger
        ).collect()
        guard let row = rows.first else { throw StudyError.studyNotFound(name: name) }
        let (id, revision, next, clock) = try row.decode((Int64, Int64, Int, Double).self)
        return PostgresLock(
            studyID: id, revision: revision, nextNumber: next,
            clock: Date(timeIntervalSince1970: clock))
    }

    /// The study with row id `id`, or `nil`.
    static func studyRecord(_ connection: PostgresConnection, id: Int64, logger: Logger)
        async throws -> StudyRecord?
    {
        let rows = try await connection.query(
            """
            SELECT name, directions, search_space, sampler, sampler_seed, sampler_options, attributes,
                   created_at
            FROM studies WHERE id = \(id)
            """, logger: logger
        ).collect()
        return try rows.first.map { try decodeStudy($0.makeRandomAccess(), at: 0) }
    }

    /// A study from the eight columns of ``studyRecord(_:id:logger:)`` starting at `start`.
    static func decodeStudy(_ row: PostgresRandomAccessRow, at start: Int) throws -> StudyRecord {
        let name = (try? row[start].decode(String.self)) ?? "?"
        var field = "directions"
        do {
            let directions = try JSONText.decode(
                [String].self, try row[start + 1].decode(String.self)
            ).map { text in
                guard let direction = StudyDirection(rawValue: text) else {
                    throw StudyError.corruptRecord(
                        study: name, detail: "field 'directions': unknown direction '\(text)'")
                }
                return direction
            }
            field = "search_space"
            let space = try JSONText.decode(
                StoredSearchSpace.self, try row[start + 2].decode(String.self)
            ).space
            field = "sampler"
            let sampler = SamplerSettings(
                name: try row[start + 3].decode(String.self),
                seed: try row[start + 4].decode(Int64?.self).map { UInt64(bitPattern: $0) },
                options: try JSONText.decode(
                    [String: String].self, try row[start + 5].decode(String.self)))
            field = "attributes"
            let attributes = try JSONText.decode(
                [String: String].self, try row[start + 6].decode(String.self))
            field = "created_at"
            return StudyRecord(
                name: name, directions: directions, space: space, sampler: sampler,
                attributes: attributes,
                createdAt: Date(timeIntervalSince1970: try row[start + 7].decode(Double.self)))
        } catch let error as StudyError {
            throw error
        } catch {
            throw StudyError.corruptRecord(
                study: name, detail: "field '\(field)' cannot be read (\(error))")
        }
    }
}

/// Decoded studies and trials kept between operations, brought up to date by reading only the
/// trials whose revision is newer than the cached one (as ``SQLiteStorage``'s cache): a study
/// of thousands of trials costs a few rows per ask, not the whole history. A study deleted and
/// created again gets a new row id, which the cache notices.
final class PostgresStudyCache: Sendable {
    struct Entry: Sendable {
        var studyID: Int64
        var record: StudyRecord
        /// The revision `trials` reflect (-1: nothing read yet).
        var revision: Int64
        /// In number order.
        var trials: [TrialRecord]
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Study `name` with its trials up to date, and the server's clock.
    /// - Parameter locked: inside a write transaction, the lock this transaction holds on the
    ///   study: the trials read are then exactly those of revision `locked.revision - 1` (the
    ///   bump is this transaction's own and has changed no trial yet).
    /// - Throws: ``StudyError/studyNotFound(name:)``.
    func study(
        _ connection: PostgresConnection, name: String, locked: PostgresLock? = nil,
        logger: Logger
    ) async throws -> (entry: Entry, clock: Date) {
        let cached = entries.withLock { $0[name] }
        var baseline =
            cached.map { cached in
                locked.map { $0.studyID == cached.studyID } ?? true ? cached.revision : -1
            } ?? -1
        guard
            var changes = try await PostgresStorage.changes(
                connection, study: name, after: baseline, logger: logger)
        else {
            forget(name)
            throw StudyError.studyNotFound(name: name)
        }
        var entry: Entry
        if let cached, cached.studyID == changes.studyID {
            entry = cached
        } else {
            guard
                let record = try await PostgresStorage.studyRecord(
                    connection, id: changes.studyID, logger: logger)
            else { throw StudyError.studyNotFound(name: name) }
            if baseline != -1 {
                baseline = -1
                guard
                    let all = try await PostgresStorage.changes(
                        connection, study: name, after: -1, logger: logger),
                    all.studyID == changes.studyID
                else { throw StudyError.studyNotFound(name: name) }
                changes = all
            }
            entry = Entry(studyID: changes.studyID, record: record, revision: -1, trials: [])
        }
        let revision = locked.map { $0.revision - 1 } ?? changes.revision
        guard revision > entry.revision || !changes.rows.isEmpty else {
            return (entry, changes.clock)
        }
        let space = entry.record.space
        entry.trials = StudyCache.merged(entry.trials, changes.rows.map { $0.record(space: space) })
        entry.revision = max(entry.revision, revision)
        let updated = entry
        entries.withLock { entries in
            if let current = entries[name], current.studyID == updated.studyID,
                current.revision >= updated.revision
            {
                return
            }
            entries[name] = updated
        }
        return (updated, changes.clock)
    }

    func forget(_ name: String) {
        entries.withLock { _ = $0.removeValue(forKey: name) }
    }
}
