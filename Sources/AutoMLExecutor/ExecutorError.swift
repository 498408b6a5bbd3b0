/// Errors from setting up or running trials.
public enum ExecutorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `--budget` that is neither a positive trial count nor a duration.
    case invalidBudget(String)
    /// A duration (`--trial-timeout`) that cannot be read.
    case invalidDuration(String)
    /// `jobs` below 1.
    case invalidJobs(Int)
    /// The command objective could not be started at all (not a trial failure: nothing runs).
    case cannotStart(command: String, reason: String)

    public var description: String {
        switch self {
        case .invalidBudget(let text):
            return
                "'\(text)' is not a budget; give a number of trials (100) or a duration (90s, 5m, 2h) of at most 100 years."
        case .invalidDuration(let text):
            return
                "'\(text)' is not a duration; write it as 30s, 5m, 1h30m or 250ms (at most 100 years)."
        case .invalidJobs(let jobs):
            return "jobs must be from 1 to \(ExecutionOptions.maximumJobs); got \(jobs)."
        case .cannotStart(let command, let reason):
            return
                "cannot start '\(command)': \(reason); check that /bin/sh exists and the system allows new processes."
        }
    }
}
