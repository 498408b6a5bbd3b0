import AutoMLData
import AutoMLLearners

/// A built ensemble: which members it uses with which weights, how they are combined, and
/// how well the combination scored on the training rows' out-of-fold predictions.
public struct Ensemble: Sendable {
    public var settings: EnsembleSettings
    /// Member ids in the order ``combiner`` expects their predictions.
    public var memberIDs: [Int]
    /// Normalized weight of each member (stacking: equal, for display).
    public var weights: [Double]
    public var combiner: Combiner
    /// The metric score of the combination (see ``EnsembleBuilder`` for how each strategy
    /// avoids or admits optimism).
    public var score: Double
    /// Fold-to-fold spread where the strategy has folds (stacking), else nil.
    public var scoreStandardDeviation: Double?
    /// The combined out-of-fold prediction the score was computed on (stacking: the
    /// meta-learner's own out-of-fold prediction).
    public var outOfFold: Prediction
    /// The training rows ``outOfFold`` predicts, in its order; `nil` for every row (blending
    /// scores only the rows its meta-learner did not see).
    public var scoredRows: [Int]? = nil

    /// One line for people: "greedy of 3 members (#4 ×0.52, #9 ×0.32, #1 ×0.16)".
    public var description: String {
        let parts = zip(memberIDs, weights).map { "#\($0) ×" + String(format: "%.2f", $1) }
        var text =
            "\(settings.strategy.rawValue) of \(memberIDs.count) member\(memberIDs.count == 1 ? "" : "s")"
        if settings.strategy == .stacking || settings.strategy == .blending {
            text += " with a \(settings.metaLearner.rawValue) meta-learner"
        }
        return text + " (" + parts.joined(separator: ", ") + ")"
    }
}
