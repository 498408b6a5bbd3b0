/// Errors from the study workflows (`automl tune`, `ask`, `tell`, `studies`) that are not a
/// lower layer's.
public enum StudyWorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sampler name we do not know, or one not in this build.
    case unknownSampler(name: String, available: [String])
    /// A search-space file that cannot be read or does not follow the schema.
    case invalidSpace(path: String, reason: String)
    /// A study that `ask` would have to create, but no search space was given.
    case missingSpace(study: String)
    /// An export format we do not write.
    case unknownFormat(String)

    public var description: String {
        switch self {
        case let .unknownSampler(name, available):
            return "'\(name)' is not an available sampler; choose one of: \(available.joined(separator: ", "))."
        case let .invalidSpace(path, reason):
            return "\(path): \(reason)."
        case let .missingSpace(study):
            return "study '\(study)' does not exist yet; give --space (and --direction) to create it."
        case let .unknownFormat(format):
            return "'\(format)' is not an export format; use json or csv."
        }
    }
}
