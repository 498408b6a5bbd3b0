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
        return (try row.decode(Int64.self, forColumn: "id"), try decodeStudy(row))
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
        let name = (try? row.decode(String.self, forColumn: "name")) ?? "?"
        var field = "name"
        do {
            _ = try row.decode(String.self, forColumn: "name")
            field = "directions"
            let directions = try JSONText.decode(
                [String].self, try row.decode(String.self, forColumn: "directions")
            )
            .map { text in
                guard let direction = StudyDirection(rawValue: text) else {
                    throw StudyError.corruptRecord(
                        study: name, detail: "field 'directions': unknown direction '\(text)'")
                }
                return direction
            }
            field = "search_space"
            let space = try JSONText.decode(
                StoredSearchSpace.self, try row.decode(String.self, forColumn: "search_space")
            ).space
            field = "sampler"
            let seed = try row.decode(Int64?.self, forColumn: "sampler_seed")
            let sampler = SamplerSettings(
                name: try row.decode(String.self, forColumn: "sampler"),
                seed: seed.map { UInt64(bitPattern: $0) },
                options: try JSONText.decode(
                    [String: String].self, try row.decode(String.self, forColumn: "sampler_options")
                ))
            field = "attributes"
            let attributes = try JSONText.decode(
                [String: String].self, try row.decode(String.self, forColumn: "attributes"))
            field = "created_at"
            return StudyRecord(
                name: name, directions: directions, space: space, sampler: sampler,
                attributes: attributes,
                createdAt: Date(
                    timeIntervalSince1970: try row.decode(Double.self, forColumn: "created_at")))
        } catch let error as StudyError {
            throw error
        } catch {
            throw StudyError.corruptRecord(
                study: name, detail: "field '\(field)' cannot be read (\(error))")
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
            guard let trial = try? row.decode(Int64.self, forColumn: "trial_id"),
                let step = try? row.decode(Int.self, forColumn: "step")
            else { continue }
            let value = (try? row.decode(Double?.self, forColumn: "value")) ?? nil
            intermediate[trial, default: [:]][step] = value ?? .nan
        }
        return try rows.compactMap { row in
            let id = try? row.decode(Int64.self, forColumn: "id")
            return try decodeTrial(
                row, space: space, intermediate: id.flatMap { intermediate[$0] } ?? [:])
        }
    }

    /// A trial row, or — when a field of it cannot be read (the file was edited or damaged) —
    /// a failed placeholder that says which field and why, with the attribute `damaged` set to
    /// the field, so one damaged row leaves the rest of the study readable. A row whose number
    /// itself cannot be read is left out.
    static func decodeTrial(_ row: Row, space: SearchSpace, intermediate: [Int: Double]) throws
        -> TrialRecord?
    {
        guard let number = try? row.decode(Int.self, forColumn: "number") else { return nil }
        do {
            return try decodeFields(row, number: number, space: space, intermediate: intermediate)
        } catch let damage as DamagedField {
            var placeholder = TrialRecord(
                number: number, state: .failed, configuration: Configuration(),
                failureReason:
                    "the stored trial is damaged: field '\(damage.field)' cannot be read (\(damage.problem))"
            )
            placeholder.attributes["damaged"] = damage.field
            placeholder.startedAt =
                (try? row.decode(Double.self, forColumn: "started_at")).map(
                    Date.init(timeIntervalSince1970:)) ?? Date(timeIntervalSince1970: 0)
            return placeholder
        }
    }

    /// A field of a stored row that cannot be read.
    struct DamagedField: Error {
        var field: String
        var problem: String
    }

    private static func field<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            let text = "\(error)"
            throw DamagedField(
                field: name, problem: text.count > 120 ? String(text.prefix(117)) + "…" : text)
        }
    }

    private static func decodeFields(
        _ row: Row, number: Int, space: SearchSpace, intermediate: [Int: Double]
    )
        throws -> TrialRecord
    {
        let stateText = try field("state") { try row.decode(String.self, forColumn: "state") }
        guard let state = TrialState(rawValue: stateText) else {
            throw DamagedField(field: "state", problem: "'\(stateText)' is not a trial state")
        }
        let values = try field("objective_values") {
            try row.decode(String?.self, forColumn: "objective_values").map {
                try JSONText.decode([Double].self, $0)
            }
        }
        let finishedAt = try field("finished_at") {
            try row.decode(Double?.self, forColumn: "finished_at")
        }
        let heartbeatAt = try field("heartbeat_at") {
            try row.decode(Double?.self, forColumn: "heartbeat_at")
        }
        let owner: TrialOwner? = try field("owner") {
            guard let host = try row.decode(String?.self, forColumn: "owner_host"),
                let pid = try row.decode(Int?.self, forColumn: "owner_pid")
            else { return nil }
            let start = try row.decode(Int64?.self, forColumn: "owner_start")
            return TrialOwner(
                host: host, processID: Int32(truncatingIfNeeded: pid),
                processStart: start.map { UInt64(bitPattern: $0) },
                bootID: try row.decode(String?.self, forColumn: "owner_boot"))
        }
        return TrialRecord(
            number: number, state: state,
            configuration: space.retyped(
                try field("params") {
                    try JSONText.decode(
                        AutoMLSearchSpace.Configuration.self,
                        try row.decode(String.self, forColumn: "params"))
                }),
            values: values,
            intermediateValues: intermediate,
            metrics: try field("metrics") {
                try JSONText.decode(
                    [String: Double].self, try row.decode(String.self, forColumn: "metrics"))
            },
            attributes: try field("attributes") {
                try JSONText.decode(
                    [String: String].self, try row.decode(String.self, forColumn: "attributes"))
            },
            startedAt: Date(
                timeIntervalSince1970: try field("started_at") {
                    try row.decode(Double.self, forColumn: "started_at")
                }),
            finishedAt: finishedAt.map(Date.init(timeIntervalSince1970:)),
            failureReason: try field("failure_reason") {
                try row.decode(String?.self, forColumn: "failure_reason")
            },
            owner: owner, heartbeatAt: heartbeatAt.map(Date.init(timeIntervalSince1970:)))
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
