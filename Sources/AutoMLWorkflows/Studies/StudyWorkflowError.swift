/// Errors from the study workflows (`automl tune`, `ask`, `tell`, `studies`) that are not a
/// lower layer's.
public enum StudyWorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A study that `ask` would have to create, but no search space was given.
    case missingSpace(study: String)
    /// An export format we do not write.
    case unknownFormat(String)

    public var description: String {
        switch self {
        case .missingSpace(let study):
            return
                "study '\(study)' does not exist yet; give --space (and --direction) to create it."
        case .unknownFormat(let format):
            return "'\(format)' is not an export format; use json or csv."
        }
    }
}
