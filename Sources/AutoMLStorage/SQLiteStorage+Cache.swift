import AutoMLStudy
import Foundation
import GRDB
import Synchronization

/// Decoded studies and trials kept between transactions, so that asking for a trial reads only
/// what changed since the last time instead of decoding the whole history again.
///
/// Every change to a trial (start, finish, report, heartbeat) increments its study's `revision`
/// and stamps the changed trial rows with it, in the same transaction. A cached study at
/// revision R is brought up to date by reading the rows with `revision > R`; another process's
/// changes are therefore seen exactly as if everything had been read again. A study deleted and
/// created again under the same name gets a new row id, which the cache notices.
final class StudyCache: Sendable {
    struct Entry: Sendable {
        var studyID: Int64
        var record: StudyRecord
        /// The revision `trials` reflect (-1: nothing read yet).
        var revision: Int64
        /// In number order.
        var trials: [TrialRecord]
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The study `name` as of this transaction's snapshot, its trials up to date.
    /// - Throws: `StudyError.studyNotFound`.
    func study(_ db: Database, name: String) throws -> Entry {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT id, revision FROM studies WHERE name = ?", arguments: [name])
        else {
            entries.withLock { _ = $0.removeValue(forKey: name) }
            throw StudyError.studyNotFound(name: name)
        }
        let id = try row.decode(Int64.self, forColumn: "id")
        let revision = try row.decode(Int64.self, forColumn: "revision")
        var entry: Entry
        if let cached = entries.withLock({ $0[name] }), cached.studyID == id {
            entry = cached
        } else {
            let (_, record) = try SQLiteStorage.requireStudy(db, name: name)
            entry = Entry(studyID: id, record: record, revision: -1, trials: [])
        }
        guard entry.revision < revision else { return entry }
        let changed = try SQLiteStorage.fetchTrials(
            db, studyID: id, space: entry.record.space, changedAfter: entry.revision)
        entry.trials = Self.merged(entry.trials, changed)
        entry.revision = revision
        let updated = entry
        entries.withLock { entries in
            // Keep whichever view is newer (a concurrent reader may have moved further).
            if let current = entries[name], current.studyID == id,
                current.revision >= updated.revision
            {
                return
            }
            entries[name] = updated
        }
        return updated
    }

    /// Records our own change of `trials` at `revision` (the study's revision before it was
    /// `revision - 1`); a cache that missed another change is left to catch up on next read.
    func apply(_ trials: [TrialRecord], study name: String, studyID: Int64, revision: Int64) {
        entries.withLock { entries in
            guard var entry = entries[name], entry.studyID == studyID,
                entry.revision == revision - 1
            else { return }
            entry.trials = Self.merged(entry.trials, trials)
            entry.revision = revision
            entries[name] = entry
        }
    }

    func forget(_ name: String) {
        entries.withLock { _ = $0.removeValue(forKey: name) }
    }

    /// `trials` with `changes` replacing or adding trials by number, in number order.
    static func merged(_ trials: [TrialRecord], _ changes: [TrialRecord]) -> [TrialRecord] {
        var trials = trials
        var needsSort = false
        for change in changes {
            if change.number < trials.count, trials[change.number].number == change.number {
                trials[change.number] = change
            } else if change.number == trials.count {
                trials.append(change)
            } else if let index = trials.firstIndex(where: { $0.number == change.number }) {
                trials[index] = change
            } else {
                trials.append(change)
                needsSort = true
            }
        }
        if needsSort { trials.sort { $0.number < $1.number } }
        return trials
    }
}

extension SQLiteStorage {
    /// Increments study `id`'s revision and returns the new one (inside a write transaction).
    static func bumpRevision(_ db: Database, studyID id: Int64) throws -> Int64 {
        try db.execute(
            sql: "UPDATE studies SET revision = revision + 1 WHERE id = ?", arguments: [id])
        return try Int64.fetchOne(
            db, sql: "SELECT revision FROM studies WHERE id = ?", arguments: [id]) ?? 0
    }
}
