import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct SQLiteStorageTests {
    @Test("the SQLite storage passes the storage conformance suite")
    func conforms() async throws {
        try await StudyStorageConformance.check { try SQLiteStorage(path: scratchDatabase()) }
    }

    @Test("two storages on one file see each other's trials and never share a number")
    func twoConnections() async throws {
        let path = scratchDatabase()
        let first = try SQLiteStorage(path: path)
        let second = try SQLiteStorage(path: path)
        try await first.createStudy(StudyStorageConformance.record("shared"))
        await #expect(throws: StudyError.studyExists(name: "shared")) {
            try await second.createStudy(StudyStorageConformance.record("shared"))
        }
        let configuration = Configuration([
            "x": .real(0), "n": .integer(1), "kernel": .string("linear"),
        ])
        async let a = (0..<20).asyncMap { _ in
            try await first.startTrials(1, in: "shared", owner: nil) { _, _ in [configuration] }
        }
        async let b = (0..<20).asyncMap { _ in
            try await second.startTrials(1, in: "shared", owner: nil) { _, _ in [configuration] }
        }
        let numbers = try await (a + b).flatMap { $0.map(\.number) }
        #expect(numbers.sorted() == Array(0..<40))
        #expect(try await first.trials(of: "shared").count == 40)
    }

    @Test("the file is in WAL mode and records its schema migrations")
    func walAndMigrations() async throws {
        let path = scratchDatabase()
        let storage = try SQLiteStorage(path: path)
        #expect(try await storage.journalMode() == "wal")
        #expect(
            try await storage.appliedMigrations() == [
                "v1: studies, trials, intermediate values", "v2: waiting trials, artifacts",
            ])
        // Opening again applies nothing twice.
        #expect(try await SQLiteStorage(path: path).appliedMigrations().count == 2)
    }

    @Test(
        "a file of schema v1 is migrated in place: its studies, trials and open trial survive and continue"
    )
    func migratesVersion1() async throws {
        let path = scratchDatabase()
        try FileManager.default.copyItem(atPath: Self.fixture("schema-v1.db"), toPath: path)
        // Read-only, the old file is read as it is and nothing is migrated.
        let reader = try SQLiteStorage(path: path, readOnly: true)
        #expect(try await reader.studySummaries().map(\.name) == ["iris", "quadratic"])
        #expect(try await reader.artifacts.summary(of: "iris").isEmpty)
        #expect(
            try await reader.appliedMigrations() == ["v1: studies, trials, intermediate values"])
        try await reader.close()

        let storage = try SQLiteStorage(path: path)
        #expect(try await storage.appliedMigrations().count == 2)
        let quadratic = try await storage.trials(of: "quadratic")
        #expect(quadratic.count == 5)
        #expect(quadratic.prefix(4).allSatisfy { $0.state == .complete && $0.value != nil })
        // Trial 4 was handed out by `automl ask` and never told: still running, ownerless.
        #expect(quadratic[4].state == .running && quadratic[4].owner == nil)
        let iris = try await storage.trials(of: "iris")
        #expect(iris.count == 4 && iris.allSatisfy { $0.state == .complete })
        #expect(iris[0].metrics["fit_seconds"] != nil)
        // The study continues: a told trial, a new trial numbered after the old ones, a
        // waiting trial, artifacts.
        try await storage.finishTrial(4, of: "quadratic", as: .complete([3.5]))
        let space = try #require(try await storage.study(named: "quadratic")).space
        let next = try await storage.startTrials(1, in: "quadratic", owner: .current) { _, _ in
            [space.configuration { $0.value(atUnit: 0.5) }]
        }
        #expect(next.map(\.number) == [5])
        let waiting = try await storage.enqueueTrial(
            in: "quadratic", configuration: next[0].configuration, attributes: [:])
        #expect(waiting.number == 6 && waiting.state == .waiting)
        try await storage.artifacts.put(Data([1, 2]), named: "oof", trial: 0, of: "iris")
        #expect(
            try await storage.artifacts.artifact(named: "oof", trial: 0, of: "iris")
                == Data([1, 2]))
        // Intermediate values of the rebuilt table still belong to their trials.
        #expect(iris.contains { !$0.intermediateValues.isEmpty })
        #expect(
            try await storage.trials(of: "iris").map(\.intermediateValues)
                == iris.map(\.intermediateValues))
    }

    @Test(
        "a read-only storage refuses a missing file, a foreign file and a non-SQLite file, and never writes"
    )
    func readOnly() async throws {
        let missing = scratchDatabase()
        #expect(throws: StorageError.self) { try SQLiteStorage(path: missing, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        let text = scratchDirectory().appendingPathComponent("notes.db").path
        try Data(String(repeating: "not a database\n", count: 400).utf8).write(
            to: URL(fileURLWithPath: text))
        #expect { try SQLiteStorage(path: text, readOnly: true) } throws: { error in
            guard case StorageError.foreignSchema(let path, _)? = error as? StorageError else {
                return false
            }
            return path == text
        }
        let path = scratchDatabase()
        let writer = try SQLiteStorage(path: path)
        try await writer.createStudy(StudyStorageConformance.record("s"))
        let reader = try SQLiteStorage(path: path, readOnly: true)
        #expect(try await reader.study(named: "s") != nil)
        await #expect(throws: StorageError.self) {
            try await reader.createStudy(StudyStorageConformance.record("t"))
        }
        #expect(try await writer.study(named: "t") == nil)
    }

    @Test("a database written by a newer automl is refused, naming the unknown schema step")
    func newerSchemaRefused() async throws {
        let path = scratchDatabase()
        try await SQLiteStorage(path: path).recordForeignMigration("v9: from the future")
        #expect(
            throws: StorageError.newerSchema(path: path, unknownMigrations: ["v9: from the future"])
        ) {
            try SQLiteStorage(path: path)
        }
    }

    @Test("storage locations parse sqlite, memory and postgres forms")
    func locations() throws {
        #expect(try StorageLocation(parsing: "sqlite:a/b.db") == .sqlite(path: "a/b.db"))
        #expect(try StorageLocation(parsing: "sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try StorageLocation(parsing: "memory:") == .memory)
        #expect(
            try StorageLocation(parsing: "postgres://u@h/db") == .postgres(url: "postgres://u@h/db")
        )
        #expect(throws: StorageError.invalidLocation("mysql://x")) {
            try StorageLocation(parsing: "mysql://x")
        }
        // Opening a PostgreSQL location connects lazily: nothing is sent before the first use.
        let postgres = try StorageLocation.postgres(url: "postgres://u@h/db").open()
        #expect(postgres is PostgresStorage)
    }
}

extension SQLiteStorageTests {
    /// A file under `Tests/AutoMLStorageTests/Fixtures`.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/" + name
        ).path
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
