import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLTestSupport
import Foundation
import Synchronization
import Testing

/// The PostgreSQL storage against a real server. Each test works in schemas of its own, created
/// on first use and dropped at its end, so tests run in parallel on one database.
// Skipped, with the reason shown, when AUTOML_TEST_POSTGRES is unset or no server answers.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresStorageTests {
    @Test("the PostgreSQL storage passes the storage conformance suite")
    func conforms() async throws {
        let scratch = PostgresScratch()
        do {
            try await StudyStorageConformance.check { try scratch.storage() }
        } catch {
            await scratch.drop()
            throw error
        }
        await scratch.drop()
    }

    @Test("two pools on one database (two processes) never share a trial number")
    func twoPools() async throws {
        let scratch = PostgresScratch()
        let schema = PostgresTestServer.scratchSchema()
        let first = try scratch.storage(schema: schema)
        let second = try scratch.storage(schema: schema)
        try await first.createStudy(StudyStorageConformance.record("shared"))
        await #expect(throws: StudyError.studyExists(name: "shared")) {
            try await second.createStudy(StudyStorageConformance.record("shared"))
        }
        let configuration = Configuration([
            "x": .real(0), "n": .integer(1), "kernel": .string("linear"),
        ])
        let numbers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for storage in [first, second] {
                for _ in 0..<4 {
                    group.addTask {
                        var numbers: [Int] = []
                        for _ in 0..<10 {
                            numbers += try await storage.startTrials(1, in: "shared", owner: nil) {
                                _, _ in [configuration]
                            }.map(\.number)
                        }
                        return numbers
                    }
                }
            }
            var all: [Int] = []
            for try await numbers in group { all += numbers }
            return all
        }
        #expect(numbers.sorted() == Array(0..<80))
        #expect(try await second.trials(of: "shared").map(\.number) == Array(0..<80))
        await scratch.drop()
    }

    @Test(
        "the schema is versioned: migrations recorded, a newer database refused, read-only opening writes nothing"
    )
    func migrations() async throws {
        let scratch = PostgresScratch()
        let schema = PostgresTestServer.scratchSchema()
        let url = PostgresTestServer.url(schema: schema)
        let storage = try scratch.storage(schema: schema)
        #expect(
            try await storage.appliedMigrations() == [
                "v1: studies, trials, intermediate values, artifacts"
            ])
        // A read-only storage of another, empty schema finds no tables and creates none.
        let emptySchema = PostgresTestServer.scratchSchema()
        let empty = try PostgresStorage(
            url: PostgresTestServer.url(schema: emptySchema), readOnly: true)
        await #expect {
            try await empty.studySummaries()
        } throws: { error in
            guard case StorageError.foreignSchema(let location, _)? = error as? StorageError else {
                return false
            }
            return location.contains(emptySchema)
        }
        try await empty.close()
        // Read-only on the real schema reads, and refuses to write.
        try await storage.createStudy(StudyStorageConformance.record("s"))
        let reader = try PostgresStorage(url: url, readOnly: true)
        #expect(try await reader.study(named: "s") != nil)
        await #expect(throws: StorageError.self) {
            try await reader.createStudy(StudyStorageConformance.record("t"))
        }
        try await reader.close()
        // A version from a newer automl is refused by the next opening.
        try await storage.recordForeignMigration(version: 99, name: "from the future")
        let later = try PostgresStorage(url: url)
        await #expect {
            try await later.studySummaries()
        } throws: { error in
            guard case StorageError.newerSchema(_, let unknown)? = error as? StorageError else {
                return false
            }
            return unknown == ["v99: from the future"]
        }
        try await later.close()
        await scratch.drop(also: [emptySchema])
    }

    @Test("connections the server drops are re-established on the next operation")
    func reconnects() async throws {
        let scratch = PostgresScratch()
        let storage = try scratch.storage()
        try await storage.createStudy(StudyStorageConformance.record("r"))
        let configuration = Configuration([
            "x": .real(0), "n": .integer(1), "kernel": .string("linear"),
        ])
        for round in 0..<3 {
            _ = try await storage.startTrials(2, in: "r", owner: nil) { _, _ in
                [configuration, configuration]
            }
            try await storage.dropConnections()
            #expect(try await storage.trials(of: "r").count == 2 * (round + 1))
        }
        await scratch.drop()
    }
}

/// Storages in scratch schemas of one test, closed and dropped at its end.
final class PostgresScratch: Sendable {
    private let state = Mutex<(storages: [PostgresStorage], schemas: Set<String>)>(([], []))

    /// A storage in a new schema, or in `schema`.
    func storage(schema: String = PostgresTestServer.scratchSchema()) throws -> PostgresStorage {
        let storage = try PostgresStorage(url: PostgresTestServer.url(schema: schema))
        state.withLock {
            $0.storages.append(storage)
            $0.schemas.insert(schema)
        }
        return storage
    }

    /// Closes every storage and drops every schema (and `also`).
    func drop(also: [String] = []) async {
        let (storages, schemas) = state.withLock { ($0.storages, $0.schemas) }
        for storage in storages { try? await storage.close() }
        for schema in schemas.union(also) {
            try? await PostgresStorage.dropSchema(schema, url: PostgresTestServer.url ?? "")
        }
    }
}
