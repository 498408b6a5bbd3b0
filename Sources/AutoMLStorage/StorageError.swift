/// Errors from opening and using a database-backed study storage.
///
/// Mistakes about studies and trials (unknown study, trial already finished) are
/// `StudyError`s, as with every storage; these are the database's own troubles.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `--storage` text that names no storage kind we know.
    case invalidLocation(String)
    /// A storage kind this build does not have yet.
    case unsupportedLocation(String)
    /// The database file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The database was written by a newer automl (migrations this build does not know).
    case newerSchema(path: String, unknownMigrations: [String])
    /// The database refused an operation (disk full, locked past the busy timeout, damaged file).
    case database(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .invalidLocation(let text):
            return
                "'\(text)' is not a storage; write sqlite:PATH (a SQLite file) or memory: (nothing kept)."
        case .unsupportedLocation(let text):
            return
                "'\(text)': PostgreSQL storage is not available in this build yet; use sqlite:PATH."
        case .cannotOpen(let path, let reason):
            return
                "\(path): cannot open the study database (\(reason)); check the path and its permissions."
        case .newerSchema(let path, let unknown):
            return "\(path): the study database was written by a newer automl (schema steps "
                + "\(unknown.joined(separator: ", "))); upgrade automl to read it."
        case .database(let path, let operation, let reason):
            return "\(path): \(operation) failed (\(reason)); if the disk is full free space, "
                + "if the database is busy retry, otherwise export the studies and start a new file."
        }
    }
}
