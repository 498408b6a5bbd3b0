import AutoMLData
import AutoMLLearners

/// One model of the library an ensemble is built from: its out-of-fold predictions on the
/// training rows (row `i` predicted by a model that did not see row `i`) and its CV score.
public struct EnsembleMember: Sendable {
    /// Identifies the member (the tune workflow uses the trial number).
    public var id: Int
    /// Out-of-fold predictions for every training row.
    public var outOfFold: Prediction
    /// The member's cross-validated score under the ensemble's metric.
    public var score: Double

    public init(id: Int, outOfFold: Prediction, score: Double) {
        self.id = id
        self.outOfFold = outOfFold
        self.score = score
    }
}
