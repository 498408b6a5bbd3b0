import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// The exit statuses of every `automl` command (docs/cli.md, "Exit status").
enum ExitStatus {
    /// It worked (a search ran, every target held, a file was written).
    static let success: Int32 = 0
    /// It ran, and its result says no: a target of `validate` failed, a `bench scenarios` target
    /// was missed, every trial of a `tune` failed.
    static let negativeResult: Int32 = 1
    /// Bad input: an unknown or invalid option, a file that cannot be read or is malformed, data
    /// or a study that does not fit the command, an output path that cannot take the output.
    static let badInput: Int32 = 2
    /// The study storage failed while being used (a damaged database, a full disk, a writer that
    /// held the lock past the timeout).
    static let storageFailure: Int32 = 3
    /// An error automl did not expect (a bug: please report it with the command).
    static let internalError: Int32 = 4
    /// Stopped by Ctrl-C, SIGTERM or SIGHUP.
    static let interrupted: Int32 = 130

    /// The status and message for an error that ended a command.
    static func of(_ error: any Error) -> Int32 {
        switch error {
        case let error as ExitCode:
            return error.rawValue
        case is DataError, is SearchSpaceError, is StudyError, is ModelSearchError, is ProfileError,
            is LearnerError,
            is OptimizerError, is ExecutorError, is StudyWorkflowError, is EnsembleError,
            is NumericError,
            is BenchmarkError, is AblationError, is ReportError, is PredictWorkflow.InputError:
            return badInput
        case let error as StorageError:
            switch error {
            case .database, .conflict, .connection: return storageFailure
            default: return badInput
            }
        case is ValidationError:
            return badInput
        default:
            return internalError
        }
    }
}

extension Automl {
    /// Runs the command line, mapping every way it can end to ``ExitStatus`` and printing errors
    /// as `Error: <message>` on standard error.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            // Help, version and clean exits print on standard output and end with 0.
            if status == .success {
                exit(withError: error)
            }
            if let exit = error as? ExitCode {
                Foundation.exit(exit.rawValue)
            }
            var message = fullMessage(for: error)
            if !message.hasPrefix("Error:") { message = "Error: " + message }
            FileHandle.standardError.write(
                Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            // ArgumentParser's own errors (unknown options, bad values) are usage errors.
            let usage = status == .validationFailure || isArgumentParserError(error)
            Foundation.exit(usage ? ExitStatus.badInput : ExitStatus.of(error))
        }
    }

    /// Whether `error` comes from ArgumentParser's parsing (its error types are internal).
    static func isArgumentParserError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
