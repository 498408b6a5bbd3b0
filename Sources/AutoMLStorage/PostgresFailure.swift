import AutoMLStudy
import PostgresNIO

/// What went wrong with a PostgreSQL operation, for deciding whether to retry and which
/// ``StorageError`` to report. Errors that are not the database's (``StudyError``,
/// ``StorageError``, cancellation, a sampler's) pass through unchanged.
enum PostgresFailure {
    /// Serialization failure (40001), deadlock (40P01), lock not available (55P03): retry.
    case conflict(reason: String)
    /// The connection dropped or could not be made (the server restarted, the network broke,
    /// the server is shutting down): retry on a new connection, unless the commit was sent.
    case connectionLost(reason: String)
    /// The server cannot be reached at all, or refused the session (not retried here: the
    /// pool already retried).
    case unreachable(reason: String)
    /// The server refused the credentials.
    case authentication(reason: String)
    /// The database does not exist.
    case missingDatabase(reason: String)
    /// A write in a read-only session (25006).
    case readOnly
    /// Any other error the server reported.
    case server(reason: String)
    /// Not a database error: passed through.
    case other

    init(_ error: any Error) {
        if error is StudyError || error is StorageError || error is CancellationError {
            self = .other
            return
        }
        guard let error = error as? PSQLError else {
            // The pool's own errors (its circuit breaker after a minute of failed connection
            // attempts, a cancelled lease) are not public types.
            if String(reflecting: type(of: error)).contains("ConnectionPoolError") {
                self = .unreachable(
                    reason: "no connection could be made for a minute (\(Self.short(error)))")
            } else {
                self = .other
            }
            return
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "SQLSTATE \(state)"
            switch state {
            case "40001", "40P01", "55P03":
                self = .conflict(reason: message)
            case "28P01", "28000":
                self = .authentication(reason: message)
            case "3D000":
                self = .missingDatabase(reason: message)
            case "25006":
                self = .readOnly
            case "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004":
                self = .connectionLost(reason: message)
            case "53300":
                self = .unreachable(
                    reason:
                        "\(message): each automl process opens at most \(PostgresStorage.connectionLimit) connections; "
                        + "run fewer workers or raise max_connections")
            default:
                self = .server(reason: "\(message) (SQLSTATE \(state))")
            }
        case .authMechanismRequiresPassword:
            self = .authentication(
                reason:
                    "the server asks for a password and none was found in the URL, PGPASSWORD or the password file"
            )
        case .unsupportedAuthMechanism, .saslError:
            self = .authentication(reason: "the server's authentication method failed")
        case .sslUnsupported:
            self = .unreachable(reason: "the server does not offer TLS, which sslmode requires")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            self = .connectionLost(reason: "the connection dropped")
        case .connectionError:
            self = .connectionLost(reason: error.underlying.map(Self.short) ?? "connection failed")
        case .poolClosed:
            self = .unreachable(reason: "the storage was closed")
        default:
            self = .server(reason: "\(error.code)")
        }
    }

    /// The error to report after the retries.
    func storageError(operation: String, location: String, user: String, original: any Error)
        -> any Error
    {
        switch self {
        case .conflict(let reason):
            return StorageError.conflict(location: location, operation: operation, reason: reason)
        case .connectionLost(let reason), .unreachable(let reason):
            return StorageError.connection(location: location, reason: reason)
        case .authentication(let reason):
            return StorageError.authentication(location: location, user: user, reason: reason)
        case .missingDatabase(let reason):
            return StorageError.cannotOpen(path: location, reason: reason)
        case .readOnly:
            return StorageError.database(
                path: location, operation: operation, reason: "the storage was opened read-only")
        case .server(let reason):
            return StorageError.database(path: location, operation: operation, reason: reason)
        case .other:
            return original
        }
    }

    /// A one-line reason from a network error's description (NIO's are long).
    static func short(_ error: any Error) -> String {
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("refused") { return "connection refused" }
        if lowered.contains("timed out") || lowered.contains("timeout") {
            return "the connection timed out"
        }
        if lowered.contains("dns") || lowered.contains("resolve") || lowered.contains("getaddrinfo")
        {
            return "the host name could not be resolved"
        }
        if lowered.contains("unreachable") { return "the network is unreachable" }
        if lowered.contains("no such file") { return "no server socket at that path" }
        return text.count > 160 ? String(text.prefix(157)) + "…" : text
    }
}
