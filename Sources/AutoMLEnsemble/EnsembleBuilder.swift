import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import Foundation

/// Builds ensembles from a library of members' out-of-fold predictions, without re-training any
/// member.
///
/// Scores are computed on the training rows' out-of-fold predictions. Voting and model averaging
/// fix their weights without looking at the combination's score, so their score is as honest as
/// the members'. Greedy selection picks members on those same rows, so its score is slightly
/// optimistic (Caruana et al. 2004 accept this; the best prefix limits it). Stacking scores its
/// meta-learner by its own cross-validation over the rows, and blending on the rows its
/// meta-learner did not see, so neither leaks.
public enum EnsembleBuilder {
    /// The ensemble `settings` describes, over the best `settings.memberCount` of `members`.
    /// - Parameters:
    ///   - members: The library; each member's out-of-fold prediction covers every row of `target`.
    ///   - target: The training rows' truth.
    ///   - metric: What the ensemble is scored (and greedy selection optimizes) with.
    /// - Throws: ``EnsembleError``.
    public static func build(
        _ settings: EnsembleSettings, from members: [EnsembleMember], target: Target, metric: Metric
    ) throws(EnsembleError) -> Ensemble {
        try settings.validate()
        let classCount = target.classes.count
        for member in members { try check(member, against: target) }
        let library = Array(ranked(members, by: metric).prefix(settings.memberCount))
        guard !library.isEmpty else {
            throw .tooFewMembers(strategy: settings.strategy.rawValue, needed: 1, got: 0)
        }
        let predictions = library.map(\.outOfFold)
        let ids = library.map(\.id)
        func averaged(_ weights: [Double], hard: Bool = false) throws(EnsembleError) -> Ensemble {
            let total = weights.reduce(0, +)
            let combiner: Combiner = hard ? .hardVote(weights: weights) : .average(weights: weights)
            let combined = try combiner.combine(predictions, classCount: classCount)
            return Ensemble(
                settings: settings, memberIDs: ids, weights: weights.map { $0 / total },
                combiner: combiner,
                score: try score(combined, target: target, metric: metric),
                scoreStandardDeviation: nil,
                outOfFold: combined)
        }
        switch settings.strategy {
        case .votingHard:
            guard target.task == .classification else {
                throw .invalidSetting(
                    name: "strategy", expected: "a classification task for hard voting",
                    got: "regression")
            }
            return try averaged(Array(repeating: 1, count: library.count), hard: true)
        case .votingSoft:
            return try averaged(Array(repeating: 1, count: library.count))
        case .votingWeighted:
            return try averaged(performanceWeights(library, metric: metric))
        case .bayesianAveraging:
            return try averaged(likelihoodWeights(predictions, target: target))
        case .greedy:
            let counts = try GreedySelection.counts(
                predictions, target: target, metric: metric, iterations: settings.greedyIterations)
            let used = counts.indices.filter { counts[$0] > 0 }
            let chosen = used.map { library[$0] }
            let weights = used.map { Double(counts[$0]) }
            let total = weights.reduce(0, +)
            let combiner = Combiner.average(weights: weights)
            let combined = try combiner.combine(chosen.map(\.outOfFold), classCount: classCount)
            return Ensemble(
                settings: settings, memberIDs: chosen.map(\.id),
                weights: weights.map { $0 / total }, combiner: combiner,
                score: try score(combined, target: target, metric: metric),
                scoreStandardDeviation: nil,
                outOfFold: combined)
        case .stacking:
            return try Stacking.stack(library, settings: settings, target: target, metric: metric)
        case .blending:
            return try Stacking.blend(library, settings: settings, target: target, metric: metric)
        }
    }

    /// Members best first (ties by id, so the order is deterministic).
    static func ranked(_ members: [EnsembleMember], by metric: Metric) -> [EnsembleMember] {
        members.filter { $0.score.isFinite }.sorted { a, b in
            if a.score != b.score {
                return metric.isHigherBetter ? a.score > b.score : a.score < b.score
            }
            return a.id < b.id
        }
    }

    /// Weighted voting's weights: the score for higher-is-better metrics (negative scores count
    /// 0, and all-zero falls back to equal weights), 1/loss for losses.
    static func performanceWeights(_ library: [EnsembleMember], metric: Metric) -> [Double] {
        let weights = library.map { member -> Double in
            metric.isHigherBetter ? max(member.score, 0) : 1 / max(member.score, 1e-12)
        }
        return weights.reduce(0, +) > 0 ? weights : Array(repeating: 1, count: library.count)
    }

    /// Model-averaging weights ∝ exp(ℓᵢ − max ℓ), ℓᵢ the member's validation log-likelihood:
    /// Σ log pᵢ(y) (probabilities clipped at 1e-15) for classification, the Gaussian
    /// −n/2·(log 2πσᵢ² + 1) with σᵢ² its mean squared error for regression.
    static func likelihoodWeights(_ predictions: [Prediction], target: Target) throws(EnsembleError)
        -> [Double]
    {
        var logLikelihoods: [Double] = []
        for (index, prediction) in predictions.enumerated() {
            switch (prediction, target) {
            case let (.classes(_, p), .classification(labels, _)):
                var sum = 0.0
                for (r, y) in labels.enumerated() {
                    sum += log(max(p.storage[r * p.columns + y], 1e-15))
                }
                logLikelihoods.append(sum)
            case let (.values(values), .regression(truth)):
                let n = Double(truth.count)
                let mse = max(
                    zip(values, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / n, 1e-300)
                logLikelihoods.append(-n / 2 * (log(2 * Double.pi * mse) + 1))
            default:
                throw .mismatchedMember(id: index, reason: "its predictions do not match the task")
            }
        }
        let best = logLikelihoods.max() ?? 0
        return logLikelihoods.map { exp($0 - best) }
    }

    /// The metric's score of `prediction`.
    static func score(_ prediction: Prediction, target: Target, metric: Metric)
        throws(EnsembleError) -> Double
    {
        do {
            return try CrossValidation.score(
                prediction, truth: target, metric: metric, classCount: target.classes.count)
        } catch { throw .learner(error) }
    }

    private static func check(_ member: EnsembleMember, against target: Target)
        throws(EnsembleError)
    {
        guard member.outOfFold.rowCount == target.count else {
            throw .mismatchedMember(
                id: member.id,
                reason: "\(member.outOfFold.rowCount) predictions for \(target.count) rows")
        }
        switch (member.outOfFold, target) {
        case let (.classes(_, p), .classification(_, classes)):
            guard p.columns == classes.count else {
                throw .mismatchedMember(
                    id: member.id, reason: "\(p.columns) class columns for \(classes.count) classes"
                )
            }
        case (.values, .regression):
            break
        default:
            throw .mismatchedMember(id: member.id, reason: "its predictions do not match the task")
        }
    }
}
