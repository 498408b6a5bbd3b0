import AutoMLStudy
import Foundation
import PostgresNIO
import Synchronization

/// Studies in a PostgreSQL database, shared by many workers on many machines (`--storage
/// postgres://USER@HOST:5432/DB`), with exactly the semantics of ``SQLiteStorage``:
///
/// - **Transactions.** Every change is one transaction at READ COMMITTED that first locks its
///   study's row (`UPDATE studies SET revision = revision + 1 … RETURNING …`, which also bumps the
///   study's revision and reads the server's clock after the lock is held). Writers of one study
///   therefore queue on that row, as SQLite's writers queue on the file's lock: trial numbers are
///   allocated, waiting trials dequeued and the sampler run inside the transaction that inserts
///   the trials, and a trial is finished only while it is running. Writers of different studies
///   never wait for each other, and readers never wait at all.
/// - **Retries.** A serialization failure or deadlock (SQLSTATE 40001, 40P01) or a lock that is
///   not available (55P03) rolls the transaction back; it is retried up to 8 times with
///   exponential backoff and jitter, then reported as ``StorageError/conflict(location:operation:reason:)``.
///   A connection that drops before `COMMIT` was sent is retried the same way on a new
///   connection; one that drops while committing is reported (the outcome is unknown).
/// - **Connections.** At most ``connectionLimit`` (4) connections per process, in one
///   postgres-nio `PostgresClient` pool whose background task this storage runs from opening
///   to ``close()``. Idle connections get a keep-alive query every 30 s and are closed after
///   60 s unused; a connection the server or the network dropped is replaced on the next use.
/// - **Time** is the server's (`clock_timestamp()` read after the study's lock is held), stored
///   as Unix seconds in `DOUBLE PRECISION` columns; staleness is judged against it.
/// - **Schema.** Its own migrations, recorded in `schema_migrations` (``PostgresSchema``),
///   applied under an advisory lock by the first process that opens the database; a database
///   of a newer automl is refused. A read-only storage creates and migrates nothing and opens
///   its sessions with `default_transaction_read_only`.
///
/// The password comes from `PGPASSWORD` or `~/.pgpass` (``PostgresLocation``); one written
/// into the URL works but prints a warning on standard error, once per process. Messages name
/// the location without the password.
public final class PostgresStorage: StudyStorage {
    /// The most connections one process opens to the server.
    public static let connectionLimit = 4

    /// The server and database.
    public let location: PostgresLocation
    /// Whether the storage was opened for reading only.
    public let isReadOnly: Bool
    /// This storage's `application_name`, which tells its sessions apart in `pg_stat_activity`.
    package let applicationName: String
    let client: PostgresClient
    let logger: Logger
    let cache = PostgresStudyCache()
    private let runner: Task<Void, Never>
    private let ready: Task<Void, any Error>
    private let isClosed = Atomic<Bool>(false)

    /// Opens the database `url` names (see ``PostgresLocation``). Nothing is sent to the
    /// server yet: the first operation connects, checks the credentials, and creates or
    /// migrates the schema (unless `readOnly`); its errors are that operation's.
    /// - Throws: ``StorageError/invalidLocation(_:)``.
    public convenience init(url: String, readOnly: Bool = false) throws {
        try self.init(location: PostgresLocation(parsing: url), readOnly: readOnly)
    }

    /// Opens the database at `location`.
    /// - Parameters:
    ///   - readOnly: read an existing database without creating, migrating or writing anything
    ///     (`studies list`, `show`, `export`, the source of `studies copy`).
    ///   - environment: where `PGPASSWORD`, `PGPASSFILE` and `HOME` are read.
    public init(
        location: PostgresLocation, readOnly: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        self.location = location
        self.isReadOnly = readOnly
        var logger = Logger(label: "automl.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let found = location.password(environment: environment) { PostgresWarnings.once($0) }
        if found?.source == "the URL" {
            PostgresWarnings.once(
                "a password written in the --storage URL shows in process listings and shell "
                    + "histories; put it in PGPASSWORD or ~/.pgpass instead (host:port:db:user:password, chmod 600)."
            )
        }
        applicationName = "automl-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        var parameters = [("application_name", applicationName)]
        if let schema = location.schema { parameters.append(("search_path", "\"\(schema)\"")) }
        if readOnly { parameters.append(("default_transaction_read_only", "on")) }
        let settings = PostgresSettings(
            location: location, password: found?.password, startupParameters: parameters)
        client = PostgresClient(
            configuration: try settings.clientConfiguration(
                connections: Self.connectionLimit))
        let client = self.client
        runner = Task { await client.run() }
        let description = location.description
        ready = Task {
            try await PostgresSetup(
                settings: settings, location: description, readOnly: readOnly, logger: logger
            ).run()
        }
    }

    deinit {
        ready.cancel()
        runner.cancel()
    }

    public var artifacts: any ArtifactStore { PostgresArtifactStore(storage: self) }

    /// Ends the connection pool's task and closes its connections; later calls throw.
    public func close() async throws {
        guard !isClosed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        ready.cancel()
        runner.cancel()
        await runner.value
    }

    public func now() async throws -> Date {
        try await read("read the clock") { connection, logger in
            let rows = try await connection.query(
                "SELECT extract(epoch FROM clock_timestamp())::float8", logger: logger
            ).collect()
            return Date(timeIntervalSince1970: try rows.first?.decode(Double.self) ?? 0)
        }
    }

    // MARK: Running statements

    /// Runs `body` on a pooled connection outside a transaction (one statement is one
    /// consistent snapshot). Retried on dropped connections and conflicts.
    func read<T: Sendable>(
        _ operation: String,
        _ body: (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        try await run(operation, isTransaction: false, body)
    }

    /// Runs `body` in a transaction (READ COMMITTED) on one pooled connection: committed when
    /// it returns, rolled back when it throws. Retried as the type's discussion says.
    func write<T: Sendable>(
        _ operation: String,
        _ body: (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        guard !isReadOnly else {
            throw StorageError.database(
                path: location.description, operation: operation,
                reason: "the storage was opened read-only")
        }
        return try await run(operation, isTransaction: true, body)
    }

    /// How often a transaction that hit a conflict or a dropped connection is tried.
    static let attempts = 8

    private func run<T: Sendable>(
        _ operation: String, isTransaction: Bool,
        _ body: (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        guard !isClosed.load(ordering: .sequentiallyConsistent) else {
            throw StorageError.database(
                path: location.description, operation: operation,
                reason: "the storage was closed")
        }
        try await ready.value
        let logger = self.logger
        var attempt = 0
        while true {
            attempt += 1
            var commitSent = false
            do {
                return try await client.withConnection { connection in
                    guard isTransaction else { return try await body(connection, logger) }
                    try await connection.run("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection, logger)
                        commitSent = true
                        try await connection.run("COMMIT", logger: logger)
                        return value
                    } catch {
                        if !commitSent {
                            _ = try? await connection.run("ROLLBACK", logger: logger)
                        }
                        throw error
                    }
                }
            } catch {
                let failure = PostgresFailure(error)
                switch failure {
                case .conflict where attempt < Self.attempts,
                    .connectionLost where attempt < Self.attempts && !commitSent:
                    try await Task.sleep(for: Self.backoff(attempt: attempt))
                    continue
                case .connectionLost where commitSent:
                    throw StorageError.connection(
                        location: location.description,
                        reason:
                            "the connection dropped while committing '\(operation)'; the change may or may not be stored, "
                            + "check with `automl studies show`")
                default:
                    throw failure.storageError(
                        operation: operation, location: location.description,
                        user: location.user, original: error)
                }
            }
        }
    }

    /// 10 ms, 20 ms, 40 ms … up to 1 s, times a random factor in [0.5, 1.5) so that writers
    /// that collided do not collide again.
    static func backoff(attempt: Int) -> Duration {
        let base = min(0.01 * pow(2, Double(attempt - 1)), 1)
        return .milliseconds(Int(1000 * base * Double.random(in: 0.5..<1.5)))
    }

    /// Terminates this storage's server sessions and waits until the server has ended them
    /// (at most 5 s; `pg_terminate_backend` only signals them), for tests of reconnection: the
    /// next operation must succeed on new connections.
    package func dropConnections() async throws {
        let admin = try PostgresStorage(location: location)
        let name = applicationName
        do {
            _ = try await admin.read("drop connections") { connection, logger in
                try await connection.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(name)",
                    logger: logger
                ).collect().count
            }
            for _ in 0..<250 {
                let remaining = try await admin.read("count sessions") { connection, logger in
                    try await connection.query(
                        "SELECT count(*)::int8 FROM pg_stat_activity WHERE application_name = \(name)",
                        logger: logger
                    ).collect().first?.decode(Int.self) ?? 0
                }
                if remaining == 0 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        } catch {
            try? await admin.close()
            throw error
        }
        try await admin.close()
    }

    /// Drops `schema` and everything in it (tests: each test works in a schema of its own).
    package static func dropSchema(_ schema: String, url: String) async throws {
        guard PostgresLocation.isIdentifier(schema) else { return }
        var location = try PostgresLocation(parsing: url)
        location.schema = nil
        let admin = try PostgresStorage(location: location)
        do {
            _ = try await admin.read("drop schema \(schema)") { connection, logger in
                try await connection.run(
                    PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"),
                    logger: logger)
            }
        } catch {
            try? await admin.close()
            throw error
        }
        try await admin.close()
    }

    /// The schema versions applied, in order (`v1: …`).
    package func appliedMigrations() async throws -> [String] {
        try await read("read the schema versions") { connection, logger in
            var labels: [String] = []
            for try await (version, name) in try await connection.query(
                "SELECT version, name FROM schema_migrations ORDER BY version", logger: logger
            ).decode((Int, String).self) {
                labels.append(PostgresSchema.label(version, name: name))
            }
            return labels
        }
    }

    /// Records a schema version this build does not know, as a newer automl would (tests only).
    package func recordForeignMigration(version: Int, name: String) async throws {
        try await write("record a schema version") { connection, logger -> Void in
            try await connection.run(
                "INSERT INTO schema_migrations (version, name) VALUES (\(version), \(name))",
                logger: logger)
        }
    }
}

/// Warnings printed on standard error at most once per process each.
enum PostgresWarnings {
    private static let printed = Mutex<Set<String>>([])

    static func once(_ message: String) {
        let isNew = printed.withLock { $0.insert(message).inserted }
        guard isNew else { return }
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows, if any, are not needed, reading them to the end so the
    /// connection is ready for the next statement.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
