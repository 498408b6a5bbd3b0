import AutoMLSearchSpace
import AutoMLStudy
import Foundation
import GRDB

// Reading and writing rows of the `studies`, `trials` and `trial_intermediate_values` tables.

/// The JSON columns of a study row.
struct StudyRow {
    var directions: String
    var space: String
    var samplerOptions: String
    var attributes: String

    init(_ study: StudyRecord) throws {
        directions = try JSONText.encode(study.directions.map(\.rawValue))
        space = try JSONText.encode(StoredSearchSpace(study.space))
        samplerOptions = try JSONText.encode(study.sampler.options)
        attributes = try JSONText.encode(study.attributes)
    }
}

extension SQLiteStorage {
    /// The study row called `name` and its record, or `nil`.
    static func studyRecord(_ db: Database, name: String) throws -> (
        id: Int64, record: StudyRecord
    )? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM studies WHERE name = ?", arguments: [name])
        else {
            return nil
        }
        return (row["id"], try decodeStudy(row))
    }

    static func requireStudy(_ db: Database, name: String) throws -> (
        id: Int64, record: StudyRecord
    ) {
        guard let found = try studyRecord(db, name: name) else {
            throw StudyError.studyNotFound(name: name)
        }
        return found
    }

    static func decodeStudy(_ row: Row) throws -> StudyRecord {
        let name: String = row["name"]
        do {
            let directions = try JSONText.decode([String].self, row["directions"]).map { text in
                guard let direction = StudyDirection(rawValue: text) else {
                    throw StudyError.corruptRecord(
                        study: name, detail: "unknown direction '\(text)'")
                }
                return direction
            }
            let space = try JSONText.decode(StoredSearchSpace.self, row["search_space"]).space
            let seed: Int64? = row["sampler_seed"]
            let sampler = SamplerSettings(
                name: row["sampler"], seed: seed.map { UInt64(bitPattern: $0) },
                options: try JSONText.decode([String: String].self, row["sampler_options"]))
            return StudyRecord(
                name: name, directions: directions, space: space, sampler: sampler,
                attributes: try JSONText.decode([String: String].self, row["attributes"]),
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        } catch let error as StudyError {
            throw error
        } catch {
            throw StudyError.corruptRecord(study: name, detail: "\(error)")
        }
    }

    /// The trials of study `studyID` changed after `revision`, in number order, with their
    /// intermediate values and parameters retyped to `space`.
    static func fetchTrials(
        _ db: Database, studyID: Int64, space: SearchSpace, changedAfter revision: Int64
    ) throws
        -> [TrialRecord]
    {
        let arguments: StatementArguments = [studyID, revision]
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM trials WHERE study_id = ? AND revision > ? ORDER BY number",
            arguments: arguments)
        guard !rows.isEmpty else { return [] }
        var intermediate: [Int64: [Int: Double]] = [:]
        let intermediateSQL = """
            SELECT v.trial_id, v.step, v.value FROM trial_intermediate_values v
            JOIN trials t ON t.id = v.trial_id WHERE t.study_id = ? AND t.revision > ?
            """
        for row in try Row.fetchAll(db, sql: intermediateSQL, arguments: arguments) {
            let value: Double? = row["value"]
            intermediate[row["trial_id"], default: [:]][row["step"]] = value ?? .nan
        }
        return try rows.map { row in
            try decodeTrial(row, space: space, intermediate: intermediate[row["id"]] ?? [:])
        }
    }

    static func decodeTrial(_ row: Row, space: SearchSpace, intermediate: [Int: Double]) throws
        -> TrialRecord
    {
        let number: Int = row["number"]
        let stateText: String = row["state"]
        guard let state = TrialState(rawValue: stateText) else {
            throw StudyError.corruptRecord(
                study: "", detail: "trial \(number) has state '\(stateText)'")
        }
        let values: String? = row["objective_values"]
        let finishedAt: Double? = row["finished_at"]
        let heartbeatAt: Double? = row["heartbeat_at"]
        var owner: TrialOwner?
        if let host: String = row["owner_host"], let pid: Int = row["owner_pid"] {
            let start: Int64? = row["owner_start"]
            owner = TrialOwner(
                host: host, processID: Int32(truncatingIfNeeded: pid),
                processStart: start.map { UInt64(bitPattern: $0) },
                bootID: row["owner_boot"])
        }
        return TrialRecord(
            number: number, state: state,
            configuration: space.retyped(
                try JSONText.decode(AutoMLSearchSpace.Configuration.self, row["params"])),
            values: try values.map { try JSONText.decode([Double].self, $0) },
            intermediateValues: intermediate,
            metrics: try JSONText.decode([String: Double].self, row["metrics"]),
            attributes: try JSONText.decode([String: String].self, row["attributes"]),
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)),
            failureReason: row["failure_reason"], owner: owner,
            heartbeatAt: heartbeatAt.map(Date.init(timeIntervalSince1970:)))
    }
}

/// JSON text for the JSON columns: compact, sorted keys (stable files, readable with `sqlite3`).
enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension Dictionary where Value == Double {
    /// The finite entries (JSON has no NaN or infinity).
    var finite: [Key: Double] { filter { $0.value.isFinite } }
}
