import AutoMLData
import AutoMLLearners

/// The spread of a combined out-of-fold prediction's score across the model search's folds:
/// the sample standard deviation of the metric on each fold's validation rows, the same spread
/// a model trial's `score_std` is (voting, averaging and greedy selection have no folds of
/// their own; stacking measures its meta-learner's).
public enum FoldSpread {
    /// The standard deviation of `metric` over `folds`' validation rows of `prediction`; `nil`
    /// with fewer than two folds, or when `prediction` does not cover every row of `target`
    /// (blending scores only the rows its meta-learner did not see).
    /// - Throws: ``EnsembleError/learner(_:)`` when a fold cannot be scored.
    public static func standardDeviation(
        of prediction: Prediction, target: Target, metric: Metric, folds: [Split]
    ) throws(EnsembleError) -> Double? {
        guard folds.count > 1, prediction.rowCount == target.count,
            folds.allSatisfy({ fold in fold.validation.allSatisfy { $0 < target.count } })
        else { return nil }
        var scores: [Double] = []
        scores.reserveCapacity(folds.count)
        for fold in folds {
            scores.append(
                try EnsembleBuilder.score(
                    rows(fold.validation, of: prediction), target: target.rows(at: fold.validation),
                    metric: metric))
        }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let squares = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(scores.count - 1)).squareRoot()
    }

    /// The rows `indices` of `prediction`.
    static func rows(_ indices: [Int], of prediction: Prediction) -> Prediction {
        switch prediction {
        case .classes(let labels, let probabilities):
            return .classes(
                labels: indices.map { labels[$0] }, probabilities: probabilities.rows(at: indices))
        case .values(let values):
            return .values(indices.map { values[$0] })
        }
    }
}
