import AutoMLStudy
import Foundation

/// How long the final fit of a model search will take, estimated from the trials' measured fold
/// fits, so a time budget can keep room for it.
///
/// A fold fits on `(k − 1)/k` of the rows; the final fit on all of them. Fit time grows at
/// least linearly with the rows (trees and boosting as `n log n`, kernel SVMs about as `n²`), so
/// a fold's time is scaled by `(k/(k − 1))^1.5` — between the two for 5 folds (1.40×) — and
/// an ensemble's estimate is the sum of its members'.
public enum FinalFitPlan {
    /// The estimated seconds to fit `trials` (model trials) on all the data.
    public static func estimatedSeconds(of trials: [TrialRecord], folds: Int) -> Double {
        let k = Double(max(folds, 2))
        let scale = pow(k / (k - 1), 1.5)
        return trials.reduce(0) { $0 + ($1.metrics[.fitSeconds] ?? 0) * scale }
    }

    /// The estimated seconds of `winner`'s final fit.
    public static func estimatedSeconds(
        of winner: ModelSearchWinner, modelTrials: [TrialRecord], folds: Int
    )
        -> Double
    {
        switch winner {
        case .single(let trial):
            return estimatedSeconds(of: [trial], folds: folds)
        case .ensemble(_, let ensemble):
            let members = ensemble.memberTrials.compactMap { number in
                modelTrials.first { $0.number == number }
            }
            return estimatedSeconds(of: members, folds: folds)
        }
    }
}
