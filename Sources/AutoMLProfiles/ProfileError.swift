import AutoMLData
import AutoMLModelSearch

/// Errors of the profiles layer: exporting, reading, training and validating profiles.
public enum ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A profile file that breaks the schema: where, which field, what is wrong.
    case invalidProfile(file: String, line: Int?, field: String, problem: String)
    /// A profile or targets file that is not JSON.
    case unreadable(file: String, reason: String)
    /// A study that holds nothing a profile can be made of.
    case noCandidates(study: String, reason: String)
    /// Data whose columns or types do not fit the profile or study.
    case dataMismatch(file: String, problem: String, remedy: String)
    /// A targets file or flag that names an unknown metric or gives no bound.
    case invalidTarget(source: String, metric: String, problem: String)
    case modelSearch(ModelSearchError)
    case data(DataError)

    public var description: String {
        switch self {
        case let .invalidProfile(file, line, field, problem):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(field) \(problem); "
                + "the profile does not match docs/profile.schema.json: export it again or fix that field."
        case let .unreadable(file, reason):
            return "\(file): \(reason)."
        case let .noCandidates(study, reason):
            return "study '\(study)' has no model to make a profile of (\(reason)); "
                + "run `automl tune --data … --study \(study)` first."
        case let .dataMismatch(file, problem, remedy):
            return "\(file): \(problem); \(remedy)"
        case let .invalidTarget(source, metric, problem):
            return "\(source): target '\(metric)' \(problem)."
        case let .modelSearch(error):
            return error.description
        case let .data(error):
            return error.description
        }
    }
}
