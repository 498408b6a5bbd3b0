import AutoMLStudy
import Foundation

/// Where a study storage is, as written after `--storage`: `sqlite:PATH` (also
/// `sqlite://PATH`), `memory:`, or a PostgreSQL URL `postgres://USER@HOST:PORT/DB[?sslmode=…]`
/// (also `postgresql://`; see ``PostgresLocation``).
public enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite database file, created on first use.
    case sqlite(path: String)
    /// A process-local storage that keeps nothing (tests, dry runs).
    case memory
    /// A PostgreSQL database, as the URL was written (``description`` hides its password).
    case postgres(url: String)

    /// The default: `automl.db` in the working directory.
    public static let standard = StorageLocation.sqlite(path: "automl.db")

    /// Parses a `--storage` value.
    /// - Throws: ``StorageError/invalidLocation(_:)``.
    public init(parsing text: String) throws(StorageError) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalidLocation(text) }
            self = .sqlite(path: path)
        } else if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw .invalidLocation(text) }
            self = .sqlite(path: path)
        } else if text == "memory:" || text == "memory" {
            self = .memory
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            _ = try PostgresLocation(parsing: text)
            self = .postgres(url: text)
        } else {
            throw .invalidLocation(PostgresLocation.masked(text))
        }
    }

    /// Opens (or creates) the storage. The caller owns its connections until it calls
    /// `close()`; prefer ``withStorage(readOnly:_:)``, which scopes the two.
    /// - Parameter readOnly: open an existing storage for reading only: nothing is created,
    ///   migrated or locked (`studies list/show/export`, `report`).
    /// - Throws: ``StorageError``.
    public func open(readOnly: Bool = false) throws -> any StudyStorage {
        switch self {
        case .sqlite(let path): return try SQLiteStorage(path: path, readOnly: readOnly)
        case .memory: return InMemoryStorage()
        case .postgres(let url): return try PostgresStorage(url: url, readOnly: readOnly)
        }
    }

    /// Opens the storage, runs `body` with it, and closes it whether `body` returns or throws.
    /// - Throws: what opening or `body` throws.
    public func withStorage<T>(
        readOnly: Bool = false, _ body: (any StudyStorage) async throws -> T
    ) async throws -> T {
        let storage = try open(readOnly: readOnly)
        do {
            let result = try await body(storage)
            try await storage.close()
            return result
        } catch {
            try? await storage.close()
            throw error
        }
    }

    /// The files the storage keeps (a SQLite database and its `-wal` and `-shm` companions),
    /// which no output may replace.
    public var files: [String] {
        guard case .sqlite(let path) = self else { return [] }
        return [path, path + "-wal", path + "-shm"]
    }

    /// Whether there is anything to read: `false` only for a SQLite file that does not exist,
    /// which commands that only read (`studies list`, `show`, `export`, `delete`) must not
    /// create by opening it.
    public var exists: Bool {
        guard case .sqlite(let path) = self else { return true }
        return FileManager.default.fileExists(atPath: path)
    }

    /// Refuses a SQLite file that does not exist (``exists``), before a command that needs a
    /// study opens it and so would create it.
    /// - Throws: ``StorageError/cannotOpen(path:reason:)`` naming the location.
    public func requireExisting() throws {
        guard exists else { throw StorageError.missingDatabase(path: description) }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .memory: return "memory:"
        case .postgres(let url):
            return (try? PostgresLocation(parsing: url).description)
                ?? PostgresLocation.masked(url)
        }
    }
}
