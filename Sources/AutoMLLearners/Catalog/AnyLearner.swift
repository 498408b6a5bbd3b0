import AutoMLData

/// A learner of any family behind one type, for code that picks the family at run time
/// (benchmarks, cross-validation, the tune workflow).
public struct AnyLearner: Sendable {
    /// The family's name (`random_forest`).
    public let familyName: String
    /// The hyperparameters as JSON with snake_case keys, for records and display.
    public let hyperparametersJSON: String
    private let fitBody: @Sendable (TrainingData, UInt64) throws(LearnerError) -> any Model

    /// Wraps `learner`.
    public init<L: Learner>(_ learner: L) {
        familyName = L.familyName
        let data = try? HyperparameterCoding.encoder().encode(learner.hyperparameters)
        hyperparametersJSON = data.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        fitBody = { (data: TrainingData, seed: UInt64) throws(LearnerError) -> any Model in
            try learner.fit(data, seed: seed)
        }
    }

    /// Fits the wrapped learner.
    public func fit(_ data: TrainingData, seed: UInt64) throws(LearnerError) -> any Model {
        try fitBody(data, seed)
    }
}
