import AutoMLData
import AutoMLLearners

/// Errors from building or applying ensembles.
public enum EnsembleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer members than the strategy needs.
    case tooFewMembers(strategy: String, needed: Int, got: Int)
    /// Members whose predictions do not match the target (rows, classes or task).
    case mismatchedMember(id: Int, reason: String)
    /// A setting outside its range.
    case invalidSetting(name: String, expected: String, got: String)
    /// A meta-learner failed.
    case learner(LearnerError)

    public var description: String {
        switch self {
        case let .tooFewMembers(strategy, needed, got):
            return
                "The \(strategy) ensemble needs at least \(needed) members but got \(got); run more trials."
        case let .mismatchedMember(id, reason):
            return "Ensemble member \(id) cannot be combined: \(reason)."
        case let .invalidSetting(name, expected, got):
            return "Ensemble setting \(name) must be \(expected); got \(got)."
        case let .learner(error):
            return error.description
        }
    }
}
