import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import PostgresNIO

extension PostgresStorage {
    public func trials(of study: String) async throws -> [TrialRecord] {
        try await read("read the trials of '\(study)'") { [cache] connection, logger in
            try await cache.study(connection, name: study, logger: logger).entry.trials
        }
    }

    public func trialChanges(of study: String, after revision: Int64?) async throws -> TrialChanges
    {
        try await read("read the changed trials of '\(study)'") { [cache] connection, logger in
            guard
                let changes = try await Self.changes(
                    connection, study: study, after: revision ?? -1, logger: logger)
            else { throw StudyError.studyNotFound(name: study) }
            // The study's record (for its space) from the cache, read once.
            let record =
                try await cache.study(connection, name: study, logger: logger).entry.record
            return TrialChanges(
                revision: changes.revision,
                trials: changes.rows.map { $0.record(space: record.space) })
        }
    }

    public func trial(_ number: Int, of study: String) async throws -> TrialRecord {
        try await read("read trial \(number) of '\(study)'") { [cache] connection, logger in
            try Self.find(
                number, in: try await cache.study(connection, name: study, logger: logger).entry)
        }
    }

    public func startTrials(
        _ count: Int, in study: String, owner: TrialOwner?,
        suggest: @Sendable (Int, StudyHistory) throws -> [AutoMLSearchSpace.Configuration]
    ) async throws -> [TrialRecord] {
        guard count > 0 else { return [] }
        return try await write("start trials of '\(study)'") { [cache] connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            let entry = try await cache.study(
                connection, name: study, locked: lock, logger: logger
            ).entry
            let now = lock.clock
            var started: [TrialRecord] = []
            // Waiting trials first, oldest first.
            for var trial in entry.trials where trial.state == .waiting {
                guard started.count < count else { break }
                trial.state = .running
                trial.owner = owner
                trial.startedAt = now
                trial.heartbeatAt = now
                started.append(trial)
            }
            if !started.isEmpty {
                let numbers = started.map(\.number)
                try await connection.run(
                    """
                    UPDATE trials SET state = 'running', started_at = \(now.timeIntervalSince1970),
                        heartbeat_at = \(now.timeIntervalSince1970), owner_host = \(owner?.host),
                        owner_pid = \(owner.map { Int($0.processID) }),
                        owner_start = \(owner?.processStart.map { Int64(bitPattern: $0) }),
                        owner_boot = \(owner?.bootID), revision = \(lock.revision)
                    WHERE study_id = \(lock.studyID) AND number = ANY(\(numbers)) AND state = 'waiting'
                    """, logger: logger)
            }
            guard started.count < count else { return started }
            let history = StudyHistory(
                directions: entry.record.directions,
                trials: StudyCache.merged(entry.trials, started))
            let configurations = try suggest(count - started.count, history)
                .prefix(count - started.count)
            guard !configurations.isEmpty else { return started }
            let first = max(lock.nextNumber, (entry.trials.last?.number ?? -1) + 1)
            var fresh: [TrialRecord] = []
            for (offset, configuration) in configurations.enumerated() {
                fresh.append(
                    TrialRecord(
                        number: first + offset, configuration: configuration, startedAt: now,
                        owner: owner, heartbeatAt: now))
            }
            try await Self.insert(
                fresh, studyID: lock.studyID, revision: lock.revision, connection, logger)
            return started + fresh
        }
    }

    public func enqueueTrial(
        in study: String, configuration: AutoMLSearchSpace.Configuration,
        attributes: [String: String]
    ) async throws -> TrialRecord {
        try await write("enqueue a trial in '\(study)'") { [cache] connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            let entry = try await cache.study(
                connection, name: study, locked: lock, logger: logger
            ).entry
            let trial = TrialRecord(
                number: max(lock.nextNumber, (entry.trials.last?.number ?? -1) + 1),
                state: .waiting, configuration: configuration, attributes: attributes,
                startedAt: lock.clock)
            try await Self.insert(
                [trial], studyID: lock.studyID, revision: lock.revision, connection, logger)
            return trial
        }
    }

    /// Inserts new trial rows as they are (every field, intermediate values included) and
    /// moves the study's next trial number past them in the same statement (a round trip less
    /// inside the study's lock for every ask); intermediate values follow in a second one.
    static func insert(
        _ trials: [TrialRecord], studyID: Int64, revision: Int64,
        _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        guard let last = trials.map(\.number).max() else { return }
        var bindings = PostgresBindings()
        var rows: [String] = []
        for trial in trials {
            let first = bindings.count
            bindings.append(studyID)
            bindings.append(trial.number)
            bindings.append(trial.state.rawValue)
            bindings.append(try JSONText.encode(trial.configuration))
            bindings.append(trial.state == .complete ? trial.values : nil)
            bindings.append(try JSONText.encode(trial.metrics.finite))
            bindings.append(try JSONText.encode(trial.attributes))
            bindings.append(trial.startedAt.timeIntervalSince1970)
            bindings.append(trial.finishedAt?.timeIntervalSince1970)
            bindings.append(trial.heartbeatAt?.timeIntervalSince1970)
            bindings.append(trial.owner?.host)
            bindings.append(trial.owner.map { Int($0.processID) })
            bindings.append(trial.owner?.processStart.map { Int64(bitPattern: $0) })
            bindings.append(trial.owner?.bootID)
            bindings.append(trial.failureReason)
            bindings.append(revision)
            rows.append(
                "(" + (1...16).map { "$\(first + $0)" }.joined(separator: ", ") + ")")
        }
        bindings.append(studyID)
        bindings.append(last + 1)
        let sql = """
            WITH inserted AS (
                INSERT INTO trials (study_id, number, state, params, objective_values, metrics, attributes,
                                    started_at, finished_at, heartbeat_at, owner_host, owner_pid, owner_start,
                                    owner_boot, failure_reason, revision)
                VALUES \(rows.joined(separator: ", ")) RETURNING 1)
            UPDATE studies SET next_trial_number = GREATEST(next_trial_number, $\(bindings.count))
            WHERE id = $\(bindings.count - 1)
            """
        try await connection.run(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        var numbers: [Int] = []
        var steps: [Int] = []
        var values: [Double] = []
        for trial in trials where !trial.intermediateValues.isEmpty {
            for (step, value) in trial.intermediateValues {
                numbers.append(trial.number)
                steps.append(step)
                values.append(value)
            }
        }
        if !steps.isEmpty {
            try await connection.run(
                """
                INSERT INTO trial_intermediate_values (trial_id, step, value)
                SELECT t.id, v.step, v.value
                FROM unnest(\(numbers), \(steps), \(values)) AS v(number, step, value)
                JOIN trials t ON t.study_id = \(studyID) AND t.number = v.number
                """, logger: logger)
        }
    }

    /// Finishes a trial in one statement that locks the study, so the study's lock, which
    /// every worker's ask and tell queue on, is held for that statement and the commit only:
    /// the trial is read first, outside the lock (a running trial's fields do not change until
    /// it finishes), and finished only if it is still running in the same study. Should that
    /// no longer hold when the lock is taken (a peer reaped it meanwhile), the change is made
    /// the long way, which reads the trial under the lock and says what it found.
    public func finishTrial(_ number: Int, of study: String, as completion: TrialCompletion)
        async throws -> TrialRecord
    {
        let (studyID, running) = try await read("read trial \(number) of '\(study)'") {
            [cache] connection, logger in
            let entry = try await cache.study(connection, name: study, logger: logger).entry
            return (entry.studyID, try Self.find(number, in: entry))
        }
        guard running.state == .running else {
            throw StudyError.trialNotRunning(study: study, number: number, state: running.state)
        }
        let finished = running.finished(as: completion)
        let clock = try await write("finish trial \(number) of '\(study)'") {
            connection, logger in
            try await connection.query(
                """
                WITH lock AS (
                    UPDATE studies SET revision = revision + 1 WHERE name = \(study)
                    RETURNING id, revision, extract(epoch FROM clock_timestamp())::float8 AS clock)
                UPDATE trials t SET state = \(finished.state.rawValue),
                    objective_values = \(finished.values),
                    metrics = \(try JSONText.encode(finished.metrics)),
                    attributes = \(try JSONText.encode(finished.attributes)),
                    failure_reason = \(finished.failureReason), finished_at = lock.clock,
                    revision = lock.revision
                FROM lock
                WHERE lock.id = \(studyID) AND t.study_id = lock.id AND t.number = \(number)
                    AND t.state = 'running'
                RETURNING lock.clock
                """, logger: logger
            ).collect().first?.decode(Double.self)
        }
        guard let clock else { return try await finishLocked(number, of: study, as: completion) }
        var trial = finished
        trial.finishedAt = Date(timeIntervalSince1970: clock)
        return trial
    }

    /// ``finishTrial(_:of:as:)`` with the trial read under the study's lock.
    private func finishLocked(_ number: Int, of study: String, as completion: TrialCompletion)
        async throws -> TrialRecord
    {
        try await write("finish trial \(number) of '\(study)'") { [cache] connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            let entry = try await cache.study(
                connection, name: study, locked: lock, logger: logger
            ).entry
            let running = try Self.find(number, in: entry)
            guard running.state == .running else {
                throw StudyError.trialNotRunning(study: study, number: number, state: running.state)
            }
            var trial = running.finished(as: completion)
            trial.finishedAt = lock.clock
            try await connection.run(
                """
                UPDATE trials SET state = \(trial.state.rawValue), objective_values = \(trial.values),
                    metrics = \(try JSONText.encode(trial.metrics)),
                    attributes = \(try JSONText.encode(trial.attributes)),
                    failure_reason = \(trial.failureReason),
                    finished_at = \(lock.clock.timeIntervalSince1970), revision = \(lock.revision)
                WHERE study_id = \(lock.studyID) AND number = \(number) AND state = 'running'
                """, logger: logger)
            return trial
        }
    }

    public func recordIntermediateValue(
        _ value: Double, step: Int, trial number: Int, of study: String
    ) async throws {
        try await write("report on trial \(number) of '\(study)'") { [cache] connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            let entry = try await cache.study(
                connection, name: study, locked: lock, logger: logger
            ).entry
            let trial = try Self.find(number, in: entry)
            guard trial.state == .running else {
                throw StudyError.trialNotRunning(study: study, number: number, state: trial.state)
            }
            try await connection.run(
                """
                WITH touched AS (
                    UPDATE trials SET revision = \(lock.revision)
                    WHERE study_id = \(lock.studyID) AND number = \(number) RETURNING id)
                INSERT INTO trial_intermediate_values (trial_id, step, value)
                SELECT id, \(step), \(value) FROM touched
                ON CONFLICT (trial_id, step) DO UPDATE SET value = EXCLUDED.value
                """, logger: logger)
        }
    }

    public func recordHeartbeat(trials numbers: [Int], of study: String) async throws {
        guard !numbers.isEmpty else { return }
        try await write("record a heartbeat in '\(study)'") { connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            try await connection.run(
                """
                UPDATE trials SET heartbeat_at = \(lock.clock.timeIntervalSince1970),
                    revision = \(lock.revision)
                WHERE study_id = \(lock.studyID) AND number = ANY(\(numbers)) AND state = 'running'
                """, logger: logger)
        }
    }

    public func failStaleTrials(of study: String, staleAfter: Duration) async throws
        -> [TrialRecord]
    {
        // A read first: most calls (every heartbeat of every worker) find nothing to reap and
        // then lock nothing.
        let candidates = try await read("look for stale trials in '\(study)'") {
            [cache] connection, logger in
            let (entry, now) = try await cache.study(connection, name: study, logger: logger)
            return entry.trials.filter { $0.abandonment(staleAfter: staleAfter, now: now) != nil }
        }
        guard !candidates.isEmpty else { return [] }
        return try await write("fail stale trials of '\(study)'") { [cache] connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            let entry = try await cache.study(
                connection, name: study, locked: lock, logger: logger
            ).entry
            var failed: [TrialRecord] = []
            for var trial in entry.trials {
                guard let reason = trial.abandonment(staleAfter: staleAfter, now: lock.clock)
                else { continue }
                trial.state = .failed
                trial.failureReason = reason
                trial.finishedAt = lock.clock
                failed.append(trial)
            }
            guard !failed.isEmpty else { return [] }
            let numbers = failed.map(\.number)
            let reasons = failed.map { $0.failureReason ?? "abandoned" }
            try await connection.run(
                """
                UPDATE trials t SET state = 'failed', failure_reason = r.reason,
                    finished_at = \(lock.clock.timeIntervalSince1970), revision = \(lock.revision)
                FROM unnest(\(numbers), \(reasons)) AS r(number, reason)
                WHERE t.study_id = \(lock.studyID) AND t.number = r.number AND t.state = 'running'
                """, logger: logger)
            return failed
        }
    }

    /// Appends `trials` as they are; see ``StudyStorage/importTrials(_:into:)``.
    public func importTrials(_ trials: [TrialRecord], into study: String) async throws
        -> [TrialRecord]
    {
        guard !trials.isEmpty else { return [] }
        return try await write("import trials into '\(study)'") { [cache] connection, logger in
            let lock = try await Self.lock(connection, study: study, logger: logger)
            let entry = try await cache.study(
                connection, name: study, locked: lock, logger: logger
            ).entry
            let first = max(lock.nextNumber, (entry.trials.last?.number ?? -1) + 1)
            let stored = TrialImport.renumbered(trials, from: first)
            try await Self.insert(
                stored, studyID: lock.studyID, revision: lock.revision, connection, logger)
            return stored
        }
    }

    static func find(_ number: Int, in entry: PostgresStudyCache.Entry) throws -> TrialRecord {
        try entry.trials.trial(numbered: number, study: entry.record.name)
    }
}
