/// Errors from the study workflows (`automl tune`, `ask`, `tell`, `studies`) that are not a
/// lower layer's.
public enum StudyWorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A study that `ask` would have to create, but no search space was given.
    case missingSpace(study: String)
    /// An export format we do not write.
    case unknownFormat(String)
    /// A benchmark's command objective failed on every trial.
    case commandNeverSucceeded(command: String, reason: String)

    public var description: String {
        switch self {
        case .missingSpace(let study):
            return
                "study '\(study)' does not exist yet; give --space (and --direction) to create it."
        case .unknownFormat(let format):
            return "'\(format)' is not an export format; use json or csv."
        case .commandNeverSucceeded(let command, let reason):
            return "the command '\(command)' failed on every trial (first failure: \(reason)); "
                + "run it by hand (its parameters arrive in AUTOML_PARAM_X, AUTOML_PARAM_RATE, "
                + "AUTOML_PARAM_DEPTH and AUTOML_PARAM_KERNEL) and make it print a number as its last line."
        }
    }
}
