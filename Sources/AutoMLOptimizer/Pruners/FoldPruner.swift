import AutoMLStudy
import Foundation

/// Stops a cross-validated trial whose first folds show it clearly cannot beat the best trial.
///
/// Intermediate values are fold scores (step = fold index). After fold `s` (from
/// ``minimumSteps`` − 1 on), the trial's mean over folds `0…s` is compared, as a loss, with the
/// best complete trial's mean over the same folds; the trial is pruned when it is worse by more
/// than `margin · σ / √(s+1)`, where σ is the best trial's fold-to-fold standard deviation (a
/// floor of 1 % of its mean loss keeps a zero-spread best from pruning everything). Comparing
/// the same folds removes the fold-difficulty noise that a median over different folds would
/// keep. Needs ``warmupTrials`` complete trials before it prunes anything.
public struct FoldPruner: Pruner {
    /// Folds seen before pruning may happen (2: never on the first fold alone).
    public var minimumSteps: Int
    /// Complete trials needed first.
    public var warmupTrials: Int
    /// How many standard errors worse counts as "clearly".
    public var margin: Double

    public init(minimumSteps: Int = 2, warmupTrials: Int = 4, margin: Double = 2) {
        self.minimumSteps = minimumSteps
        self.warmupTrials = warmupTrials
        self.margin = margin
    }

    public func shouldPrune(_ trial: TrialRecord, history: StudyHistory) -> Bool {
        let steps = trial.intermediateValues.keys.sorted()
        guard let last = steps.last, steps.count >= minimumSteps, steps == Array(0...last) else {
            return false
        }
        let completed = history.completed
        guard completed.count >= warmupTrials, let best = history.best else { return false }
        let direction = history.directions.first ?? .minimize
        let bestSteps = best.intermediateValues
        let bestValues = (0...last).compactMap { bestSteps[$0] }
        guard bestValues.count == last + 1 else { return false }
        // The trial's steps are exactly 0...last (checked above).
        let trialValues = (0...last).compactMap { trial.intermediateValues[$0] }
        let trialLoss = trialValues.reduce(0.0) { $0 + direction.loss($1) } / Double(last + 1)
        let bestLoss = bestValues.reduce(0.0) { $0 + direction.loss($1) } / Double(last + 1)
        let allBest = bestSteps.values.map(direction.loss)
        let mean = allBest.reduce(0, +) / Double(allBest.count)
        let variance =
            allBest.count > 1
            ? allBest.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(allBest.count - 1) : 0
        let sigma = max(variance.squareRoot(), 0.01 * abs(mean), 1e-12)
        return trialLoss - bestLoss > margin * sigma / Double(last + 1).squareRoot()
    }
}
