/// Errors raised by the benchmark harnesses (`automl bench …`).
public enum BenchmarkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A benchmark function name that ``TestFunctionCatalog`` does not know.
    case unknownTestFunction(name: String, available: [String])
    /// A benchmark's command objective failed on every trial.
    case commandNeverSucceeded(command: String, reason: String)

    public var description: String {
        switch self {
        case .unknownTestFunction(let name, let available):
            return
                "Unknown test function '\(name)'; use one of \(available.joined(separator: ", "))."
        case .commandNeverSucceeded(let command, let reason):
            return "the command '\(command)' failed on every trial (first failure: \(reason)); "
                + "run it by hand (its parameters arrive in AUTOML_PARAM_X, AUTOML_PARAM_RATE, "
                + "AUTOML_PARAM_DEPTH and AUTOML_PARAM_KERNEL) and make it print a number as its last line."
        }
    }
}
