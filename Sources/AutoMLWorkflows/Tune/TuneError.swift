import AutoMLData
import AutoMLLearners

/// Errors of the tune workflow.
public enum TuneError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownLearner(name: String, known: [String])
    case invalidConfiguration(String)
    case learner(LearnerError)
    case data(DataError)
    case invalidSetting(name: String, expected: String, got: String)
    case noCompleteTrial(reason: String)

    public var description: String {
        switch self {
        case let .unknownLearner(name, known):
            return "Unknown learner family '\(name)'; use one of \(known.joined(separator: ", "))."
        case let .invalidConfiguration(text):
            return "Invalid configuration: \(text); check the search-space file."
        case let .learner(error):
            return error.description
        case let .data(error):
            return error.description
        case let .invalidSetting(name, expected, got):
            return "\(name) must be \(expected); got \(got)."
        case let .noCompleteTrial(reason):
            return "No trial completed, so there is no model to write (\(reason)); raise --budget or check the failures with `automl studies show`."
        }
    }
}
