import Foundation
import PostgresNIO

/// How to reach the server: the location, the password found for it, and the session settings
/// sent at startup (`application_name`, `search_path` for a schema, read-only sessions).
struct PostgresSettings: Sendable {
    var location: PostgresLocation
    var password: String?
    var startupParameters: [(String, String)]

    /// The pool's configuration, with at most `connections` connections.
    func clientConfiguration(connections: Int) throws -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if location.isUnixSocket {
            configuration = .init(
                unixSocketPath: socketPath, username: location.user, password: password,
                database: location.database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch location.sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(tlsConfiguration)
            case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration)
            }
            configuration = .init(
                host: location.host, port: location.port, username: location.user,
                password: password, database: location.database, tls: tls)
        }
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = connections
        configuration.options.connectionIdleTimeout = .seconds(60)
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(30))
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// The configuration of a single connection (opening checks and migrations).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if location.isUnixSocket {
            configuration = .init(
                unixSocketPath: socketPath, username: location.user, password: password,
                database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch location.sslMode {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
            case .require, .verifyCA, .verifyFull:
                tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
            configuration = .init(
                host: location.host, port: location.port, username: location.user,
                password: password, database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// libpq's meaning of each `sslmode`: `prefer` and `require` encrypt without verifying the
    /// certificate, `verify-ca` verifies it, `verify-full` also the host name.
    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.sslMode {
        case .disable, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    private var socketPath: String {
        (location.host as NSString).appendingPathComponent(".s.PGSQL.\(location.port)")
    }
}

/// What opening a storage does once, on a connection of its own before the pool is used: log
/// in (so a wrong password or a missing database is reported at once, not after the pool's
/// retries), then check the schema (read-only) or create and migrate it.
struct PostgresSetup: Sendable {
    var settings: PostgresSettings
    /// The location without its password, for messages.
    var location: String
    var readOnly: Bool
    var logger: Logger

    func run() async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try settings.connectionConfiguration(), id: 0, logger: logger)
        } catch {
            throw PostgresFailure(error).storageError(
                operation: "connect", location: location, user: settings.location.user,
                original: error)
        }
        do {
            if readOnly {
                try await check(connection)
            } else {
                try await migrate(connection)
            }
        } catch {
            try? await connection.close()
            throw PostgresFailure(error).storageError(
                operation: "open the study database", location: location,
                user: settings.location.user, original: error)
        }
        try? await connection.close()
    }

    /// Refuses a database without automl's tables or of a newer schema; changes nothing.
    private func check(_ connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            """
            SELECT to_regclass('studies') IS NOT NULL, to_regclass('trials') IS NOT NULL,
                   to_regclass('schema_migrations') IS NOT NULL
            """, logger: logger
        ).collect()
        let (studies, trials, migrations) =
            try rows.first?.decode((Bool, Bool, Bool).self) ?? (false, false, false)
        guard studies, trials else {
            throw StorageError.foreignSchema(
                path: location,
                reason:
                    "it has no studies and trials tables\(settings.location.schema.map { " in schema \($0)" } ?? "")"
            )
        }
        if migrations { try await refuseNewer(connection) }
    }

    /// Creates the schema when the URL names one, then applies the migrations this database
    /// lacks, each in a transaction, under an advisory lock.
    private func migrate(_ connection: PostgresConnection) async throws {
        try await connection.run(
            "SELECT pg_advisory_lock(\(PostgresSchema.advisoryLock))", logger: logger)
        if let schema = settings.location.schema {
            try await connection.run(
                PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""),
                logger: logger)
            try await connection.run(
                PostgresQuery(unsafeSQL: "SET search_path TO \"\(schema)\""), logger: logger)
        }
        try await connection.run(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let applied = try await refuseNewer(connection)
        for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
            try await connection.run("BEGIN", logger: logger)
            do {
                for statement in Self.statements(migration.sql) {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.run(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                try await connection.run("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.run("ROLLBACK", logger: logger)
                throw error
            }
        }
        try await connection.run(
            "SELECT pg_advisory_unlock(\(PostgresSchema.advisoryLock))", logger: logger)
    }

    /// The versions applied; throws ``StorageError/newerSchema(path:unknownMigrations:)`` when
    /// one of them is unknown to this build.
    @discardableResult
    private func refuseNewer(_ connection: PostgresConnection) async throws -> Set<Int> {
        var applied: [Int: String] = [:]
        for try await (version, name) in try await connection.query(
            "SELECT version, name FROM schema_migrations", logger: logger
        ).decode((Int, String).self) {
            applied[version] = name
        }
        let known = Set(PostgresSchema.migrations.map(\.version))
        let unknown = applied.filter { !known.contains($0.key) }
        if !unknown.isEmpty {
            throw StorageError.newerSchema(
                path: location,
                unknownMigrations: unknown.sorted { $0.key < $1.key }.map {
                    PostgresSchema.label($0.key, name: $0.value)
                })
        }
        return Set(applied.keys)
    }

    /// The statements of a migration (separated by `;` at the end of a line).
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map {
            $0.trimmingCharacters(
                in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        }.filter { !$0.isEmpty }
    }
}
