import AutoMLNumerics
import AutoMLStudy
import Foundation

/// How the GP sampler models a study with several objectives: ParEGO (Knowles, IEEE TEC 2006).
///
/// Each suggestion draws a weight vector `w` uniformly from the simplex and models the
/// augmented Chebyshev scalarization of the objectives, each first normalized to `[0, 1]`
/// over the complete trials (as losses: maximized objectives negated):
///
///     s(x) = maxᵢ wᵢ fᵢ(x) + ρ Σᵢ wᵢ fᵢ(x),   ρ = 0.05
///
/// Every point of the Pareto front minimizes `s` for some `w`, so suggestions spread along the
/// front as the weights change. With one objective `s` is the loss itself.
struct ParEGOScalarization: Sendable {
    /// `ρ`, the weight of the linear term that breaks ties between weakly dominated points.
    static let augmentation = 0.05

    let directions: [StudyDirection]
    let weights: [Double]
    let minimums: [Double]
    let ranges: [Double]

    /// The scalarization for `history`, with weights drawn from `random` (single objective:
    /// the identity on the loss).
    init(history: StudyHistory, random: inout RandomSource) {
        let directions = history.directions.isEmpty ? [StudyDirection.minimize] : history.directions
        self.directions = directions
        let k = directions.count
        // Uniform on the simplex: normalized exponential draws.
        var weights = (0..<k).map { _ in -log(max(random.uniform(), 1e-300)) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        self.weights = k == 1 ? [1] : weights
        var minimums = [Double](repeating: .infinity, count: k)
        var maximums = [Double](repeating: -.infinity, count: k)
        for trial in history.trials where trial.state == .complete {
            guard let values = trial.values, values.count == k else { continue }
            for i in 0..<k where values[i].isFinite {
                let loss = directions[i].loss(values[i])
                minimums[i] = min(minimums[i], loss)
                maximums[i] = max(maximums[i], loss)
            }
        }
        self.minimums = minimums.map { $0.isFinite ? $0 : 0 }
        self.ranges = zip(minimums, maximums).map { low, high in
            high.isFinite && low.isFinite && high > low ? high - low : 1
        }
    }

    /// The modelled loss of a pruned trial, for a single-objective study (pruning reports one
    /// value): the worse of its last reported value and the mean of all its reports, as a loss.
    /// Pessimistic on purpose: the trial was stopped for looking poor, and a lucky last fold
    /// must not make it look like the incumbent. `nil` when it reported nothing finite.
    func prunedLoss(of trial: TrialRecord) -> Double? {
        guard trial.state == .pruned, directions.count == 1,
            let last = trial.intermediateValues.max(by: { $0.key < $1.key })?.value
        else { return nil }
        let reports = Array(trial.intermediateValues.values)
        guard last.isFinite, reports.allSatisfy(\.isFinite) else { return nil }
        let mean = reports.reduce(0, +) / Double(reports.count)
        return max(directions[0].loss(last), directions[0].loss(mean))
    }

    /// The modelled loss of a complete trial; `nil` when it has no finite value for every
    /// objective.
    func loss(of trial: TrialRecord) -> Double? {
        guard trial.state == .complete, let values = trial.values, values.count == directions.count,
            values.allSatisfy(\.isFinite)
        else { return nil }
        if directions.count == 1 { return directions[0].loss(values[0]) }
        var maximum = -Double.infinity
        var sum = 0.0
        for i in values.indices {
            let scaled = weights[i] * (directions[i].loss(values[i]) - minimums[i]) / ranges[i]
            maximum = max(maximum, scaled)
            sum += scaled
        }
        return maximum + Self.augmentation * sum
    }
}
