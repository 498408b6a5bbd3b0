import AutoMLStudy
import Foundation
import PostgresNIO

extension PostgresStorage {
    public func createStudy(_ study: StudyRecord) async throws {
        try StudyRecord.validate(name: study.name)
        let row = try StudyRow(study)
        let seed = study.sampler.seed.map { Int64(bitPattern: $0) }
        try await write("create study '\(study.name)'") { connection, logger in
            let inserted = try await connection.query(
                """
                INSERT INTO studies (name, directions, search_space, sampler, sampler_seed, sampler_options,
                                     attributes, created_at)
                VALUES (\(study.name), \(row.directions), \(row.space), \(study.sampler.name), \(seed),
                        \(row.samplerOptions), \(row.attributes), \(study.createdAt.timeIntervalSince1970))
                ON CONFLICT (name) DO NOTHING
                RETURNING id
                """, logger: logger
            ).collect()
            if inserted.isEmpty { throw StudyError.studyExists(name: study.name) }
        }
    }

    public func study(named name: String) async throws -> StudyRecord? {
        try await read("read study '\(name)'") { connection, logger in
            let rows = try await connection.query(
                """
                SELECT name, directions, search_space, sampler, sampler_seed, sampler_options, attributes,
                       created_at
                FROM studies WHERE name = \(name)
                """, logger: logger
            ).collect()
            return try rows.first.map { try Self.decodeStudy($0.makeRandomAccess(), at: 0) }
        }
    }

    public func studySummaries() async throws -> [StudySummary] {
        try await read("list studies") { connection, logger in
            // One statement: every study with its trial counts and its best first value by
            // either direction (a consistent snapshot).
            let rows = try await connection.query(
                """
                SELECT s.name, s.directions, s.search_space, s.sampler, s.sampler_seed, s.sampler_options,
                       s.attributes, s.created_at,
                       (SELECT array_agg(c.state) FROM (SELECT state FROM trials WHERE study_id = s.id
                                                        GROUP BY state ORDER BY state) c),
                       (SELECT array_agg(c.n) FROM (SELECT count(*)::int8 AS n FROM trials WHERE study_id = s.id
                                                    GROUP BY state ORDER BY state) c),
                       (SELECT min(objective_values[1]) FROM trials WHERE study_id = s.id AND state = 'complete'),
                       (SELECT max(objective_values[1]) FROM trials WHERE study_id = s.id AND state = 'complete')
                FROM studies s ORDER BY s.name COLLATE "C"
                """, logger: logger
            ).collect()
            return try rows.map { row in
                let cells = row.makeRandomAccess()
                let record = try Self.decodeStudy(cells, at: 0)
                let states = try cells[8].decode([String]?.self) ?? []
                let counts = try cells[9].decode([Int]?.self) ?? []
                var trialCounts: [TrialState: Int] = [:]
                for (text, count) in zip(states, counts) {
                    if let state = TrialState(rawValue: text) { trialCounts[state] = count }
                }
                let minimum = try cells[10].decode(Double?.self)
                let maximum = try cells[11].decode(Double?.self)
                let direction = record.directions.first ?? .minimize
                return StudySummary(
                    name: record.name, directions: record.directions, sampler: record.sampler,
                    createdAt: record.createdAt, trialCounts: trialCounts,
                    bestValue: direction == .minimize ? minimum : maximum)
            }
        }
    }

    public func deleteStudy(named name: String) async throws {
        try await write("delete study '\(name)'") { connection, logger in
            let deleted = try await connection.query(
                "DELETE FROM studies WHERE name = \(name) RETURNING id", logger: logger
            ).collect()
            if deleted.isEmpty { throw StudyError.studyNotFound(name: name) }
        }
        cache.forget(name)
    }
}
