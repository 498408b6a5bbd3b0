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
            try await first.startTrials(in: "shared", owner: nil) { _ in [configuration] }
        }
        async let b = (0..<20).asyncMap { _ in
            try await second.startTrials(in: "shared", owner: nil) { _ in [configuration] }
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
            try await storage.appliedMigrations() == ["v1: studies, trials, intermediate values"])
        // Opening again applies nothing twice.
        #expect(try await SQLiteStorage(path: path).appliedMigrations().count == 1)
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
        #expect(throws: StorageError.unsupportedLocation("postgres://u@h/db")) {
            try StorageLocation.postgres(url: "postgres://u@h/db").open()
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
