import AutoMLData
import AutoMLLearners

/// Errors of a model search (`automl tune --data`) and of the model files it writes.
public enum ModelSearchError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownLearner(name: String, known: [String])
    case invalidConfiguration(String)
    case learner(LearnerError)
    case data(DataError)
    case invalidSetting(name: String, expected: String, got: String)
    case noCompleteTrial(reason: String)
    /// A model file that cannot be used: missing, not JSON, of a newer version, damaged.
    case modelFile(path: String, reason: String)
    /// A stored artifact (out-of-fold predictions, an ensemble) that cannot be decoded.
    case damagedArtifact(study: String, trial: Int, name: String, reason: String)

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
            return
                "No trial completed, so there is no model to write (\(reason)); raise --budget or check the failures with `automl studies show`."
        case let .modelFile(path, reason):
            return "\(path): \(reason) Give a model.json written by `automl tune --out DIR`."
        case let .damagedArtifact(study, trial, name, reason):
            return
                "study '\(study)', trial \(trial): the stored '\(name)' cannot be read (\(reason)); "
                + "the storage was damaged: the trial is left out of ensembles."
        }
    }
}
