import ArgumentParser
import AutoML

/// `--storage`, shared by every study command.
struct StorageOptionGroup: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where studies are kept: sqlite:PATH (a SQLite file, created if missing), postgres://USER@HOST:5432/DB (a PostgreSQL database; password from PGPASSWORD or ~/.pgpass) or memory: (nothing kept).",
            valueName: "url"))
    var storage: String = "sqlite:automl.db"

    func location() throws -> StorageLocation {
        do {
            return try StorageLocation(parsing: storage)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        _ = try location()
    }
}

extension StudyDirection: ExpressibleByArgument {}

/// Turns a `--trial-timeout` text into a duration.
func parseDuration(_ text: String, option: String) throws -> Duration {
    guard let duration = DurationText.parse(text), duration > .zero else {
        throw ValidationError("\(option): \(ExecutorError.invalidDuration(text).description)")
    }
    return duration
}
