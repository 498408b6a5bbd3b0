/// Errors from opening and using a database-backed study storage.
///
/// Mistakes about studies and trials (unknown study, trial already finished) are
/// `StudyError`s, as with every storage; these are the database's own troubles. Each case
/// names the storage location (a file path or a server URL without its password).
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `--storage` text that names no storage kind we know.
    case invalidLocation(String)
    /// A storage kind this build does not have (kept for callers of earlier releases).
    case unsupportedLocation(String)
    /// The database file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database was written by a newer automl (migrations this build does not know).
    case newerSchema(path: String, unknownMigrations: [String])
    /// The database refused an operation (disk full, damaged file).
    case database(path: String, operation: String, reason: String)
    /// The server cannot be reached, or the connection dropped and could not be re-established.
    case connection(location: String, reason: String)
    /// The server refused the credentials.
    case authentication(location: String, user: String, reason: String)
    /// Another writer held the data past the retries (busy timeout, serialization failure):
    /// the operation changed nothing and may be retried.
    case conflict(location: String, operation: String, reason: String)
    /// A read-only command was given a file that is not an automl study database (or any
    /// command a SQLite database that holds other tables).
    case foreignSchema(path: String, reason: String)
    /// The database file is damaged (SQLite finds it malformed): opening it cannot succeed.
    case damaged(path: String, reason: String)

    /// Whether retrying the same operation later may succeed.
    public var isRetryable: Bool {
        switch self {
        case .conflict, .connection: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidLocation(let text):
            // A refused PostgreSQL URL comes with its reason: "postgres://h:x/db (the port …)".
            if text.hasSuffix(")"), let open = text.range(of: " (", options: .backwards) {
                let url = text[..<open.lowerBound]
                let why = text[open.upperBound..<text.index(before: text.endIndex)]
                return "'\(url)' is not a storage (\(why)); write "
                    + "postgres://USER@HOST:5432/DB[?sslmode=require] (the password in PGPASSWORD "
                    + "or ~/.pgpass), sqlite:PATH (a SQLite file) or memory: (nothing kept)."
            }
            return "'\(text)' is not a storage; write sqlite:PATH (a SQLite file), "
                + "postgres://USER@HOST:5432/DB[?sslmode=require] (the password in PGPASSWORD or "
                + "~/.pgpass) or memory: (nothing kept)."
        case .unsupportedLocation(let text):
            return
                "'\(text)': this storage kind is not available in this build; use sqlite:PATH."
        case .cannotOpen(let path, let reason):
            return
                "\(path): cannot open the study database (\(reason)); check the path and its permissions."
        case .newerSchema(let path, let unknown):
            return "\(path): the study database was written by a newer automl (schema steps "
                + "\(unknown.joined(separator: ", "))); upgrade automl to read it."
        case .database(let path, let operation, let reason):
            return "\(path): \(operation) failed (\(reason)); if the disk is full free space, "
                + "otherwise export the studies and start a new file."
        case .connection(let location, let reason):
            return "\(location): cannot reach the study database (\(reason)); check that the "
                + "server runs and the host and port are right, then retry."
        case .authentication(let location, let user, let reason):
            return "\(location): the server refused user '\(user)' (\(reason)); set PGPASSWORD "
                + "or a ~/.pgpass line for this server."
        case .conflict(let location, let operation, let reason):
            return "\(location): \(operation) was blocked by another writer (\(reason)); "
                + "nothing changed: retry, or run fewer workers on one file."
        case .foreignSchema(let path, let reason):
            return "\(path): not an automl study database (\(reason)); give the file that "
                + "`automl tune` or `automl ask` wrote."
        case .damaged(let path, let reason):
            return "\(path): the study database is damaged (\(reason)); restore it from a copy, "
                + "or give another file."
        }
    }
}

extension StorageError {
    /// A SQLite study file that is not there (commands that need a study never create one).
    public static func missingDatabase(path: String) -> StorageError {
        .cannotOpen(
            path: path,
            reason: "no such database file; studies are stored where `tune` or `ask` created them")
    }
}
