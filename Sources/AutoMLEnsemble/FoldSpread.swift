import AutoMLData
import AutoMLLearners

/// The spread of a combined out-of-fold prediction's score across the model search's folds:
/// the sample standard deviation of the metric on each fold's validation rows, the same spread
/// a model trial's `score_std` is (voting, averaging and greedy selection have no folds of
/// their own; stacking measures its meta-learner's).
///
/// A prediction of only some rows (blending's, scored on the rows its meta-learner did not
/// see) is scored on each fold's share of those rows, and the spread is scaled to a whole
/// fold's: a score on `m` rows spreads as `1/√m`, so the groups' deviation is multiplied by
/// `√(scored rows / all rows)`.
public enum FoldSpread {
    /// The standard deviation of `metric` over `folds`' validation rows of `prediction`,
    /// which predicts the target rows `rows` in order (`nil`: every row); `nil` with fewer
    /// than two folds holding scored rows, or when the rows do not match the prediction.
    /// - Throws: ``EnsembleError/learner(_:)`` when a fold cannot be scored.
    public static func standardDeviation(
        of prediction: Prediction, target: Target, metric: Metric, folds: [Split],
        rows: [Int]? = nil
    ) throws(EnsembleError) -> Double? {
        let scored = rows ?? Array(0..<target.count)
        guard prediction.rowCount == scored.count, !scored.isEmpty,
            scored.allSatisfy({ $0 >= 0 && $0 < target.count }),
            folds.allSatisfy({ fold in fold.validation.allSatisfy { $0 < target.count } })
        else { return nil }
        // Position of each target row in the prediction.
        var position = [Int](repeating: -1, count: target.count)
        for (index, row) in scored.enumerated() { position[row] = index }
        var scores: [Double] = []
        scores.reserveCapacity(folds.count)
        for fold in folds {
            let held = fold.validation.filter { position[$0] >= 0 }
            guard held.count > 1 else { continue }
            scores.append(
                try EnsembleBuilder.score(
                    Self.rows(held.map { position[$0] }, of: prediction),
                    target: target.rows(at: held), metric: metric))
        }
        guard scores.count > 1 else { return nil }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let squares = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let deviation = (squares / Double(scores.count - 1)).squareRoot()
        return deviation * (Double(scored.count) / Double(target.count)).squareRoot()
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
