import AutoMLData

/// Errors from fitting, predicting and (de)serializing learners.
public enum LearnerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hyperparameter outside its allowed range: "RandomForest: treeCount must be an integer ≥ 1; got 0."
    case invalidHyperparameter(learner: String, name: String, expected: String, got: String)
    /// Training data the learner cannot use (no rows, NaN after preprocessing, one class…).
    case invalidTrainingData(learner: String, reason: String)
    /// Features at predict time whose width differs from training.
    case featureCountMismatch(learner: String, expected: Int, got: Int)
    /// Features at predict time holding NaN or ±∞ where the model cannot rank or use them
    /// (0-based row and column of the first).
    case nonFiniteFeature(learner: String, row: Int, column: Int)
    /// A serialized model that cannot be read.
    case unreadableModel(reason: String)
    /// A serialized model of a newer format than this build reads.
    case unsupportedVersion(found: Int, supported: Int)
    /// A data error met while preprocessing inside a pipeline.
    case data(DataError)
    /// Predefined cross-validation folds (a fold file) that cannot be used: where (file and
    /// 1-based line, `nil` when the problem is the file as a whole), what is wrong, what to do.
    case invalidFoldAssignment(source: String, line: Int?, problem: String, remedy: String)

    public var description: String {
        switch self {
        case let .invalidHyperparameter(learner, name, expected, got):
            return "\(learner): \(name) must be \(expected); got \(got)."
        case let .invalidTrainingData(learner, reason):
            return "\(learner): cannot fit: \(reason)."
        case let .featureCountMismatch(learner, expected, got):
            return "\(learner): the model was trained on \(expected) features but got \(got); "
                + "give the same columns as at training time."
        case let .nonFiniteFeature(learner, row, column):
            return "\(learner): feature \(column) of row \(row) is NaN or infinite; give finite "
                + "numbers (a pipeline fills missing values itself)."
        case let .unreadableModel(reason):
            return "The model file cannot be read: \(reason)."
        case let .unsupportedVersion(found, supported):
            return "The model file has format version \(found), but this build reads up to "
                + "version \(supported); upgrade automl."
        case let .data(error):
            return error.description
        case let .invalidFoldAssignment(source, line, problem, remedy):
            return "\(source)\(line.map { ":\($0)" } ?? ""): \(problem); \(remedy)."
        }
    }
}
