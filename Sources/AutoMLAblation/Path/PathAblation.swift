import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// One step of an ablation path: the parameter changed, its values before and after, the
/// score after the change, the gain over the step before, and the spread of that score.
public struct AblationStep: Sendable, Codable, Equatable {
    public var parameter: String
    public var from: String
    public var to: String
    /// The score after the change (mean over repeats, or the surrogate's prediction).
    public var score: Double
    /// The improvement over the step before, in the direction of the study (positive = better).
    public var gain: Double
    /// Standard deviation of the score over repeats (0 for a prediction).
    public var spread: Double
    /// Whether the score is a surrogate's prediction rather than a real evaluation.
    public var predicted: Bool
    /// Whether the gain is larger than the noise (two standard errors of the difference).
    public var isSignificant: Bool

    private enum CodingKeys: String, CodingKey {
        case parameter, from, to, score, gain, spread, predicted
        case isSignificant = "significant"
    }
}

/// Path ablation (Fawcett & Hoos, *J. Heuristics* 2016): from a source configuration (the
/// defaults) to a target (the best configuration), change at each step the one remaining
/// parameter whose change scores best, evaluated for real, until the target is reached. The
/// order of the path says which changes mattered most; each step's gain is that parameter's
/// contribution in the context of the steps before it.
///
/// Cost: `O(d²)` configurations for `d` differing parameters, each evaluated `repeats` times.
public enum PathAblation {
    /// Mean and standard deviation of a configuration's scores over `repeats`.
    public static func evaluate(
        _ configuration: Configuration, _ evaluator: any AblationEvaluator, repeats: Int
    ) async throws -> (mean: Double, spread: Double) {
        var scores: [Double] = []
        for index in 0..<max(repeats, 1) {
            scores.append(try await evaluator.score(configuration, repeat: index))
        }
        return meanAndSpread(scores)
    }

    static func meanAndSpread(_ scores: [Double]) -> (mean: Double, spread: Double) {
        let mean = scores.reduce(0, +) / Double(max(scores.count, 1))
        guard scores.count > 1 else { return (mean, 0) }
        let variance =
            scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count - 1)
        return (mean, variance.squareRoot())
    }

    /// Whether a gain exceeds two standard errors of the difference of two means of `repeats`
    /// scores with the given spreads. With one repeat nothing is known of the noise: `fallback`
    /// (a fold-to-fold spread of the study's best trial, for example) stands in for both.
    static func isSignificant(
        gain: Double, spreads: (Double, Double), repeats: Int, fallback: Double
    ) -> Bool {
        let (a, b) = repeats > 1 ? spreads : (fallback, fallback)
        let noise = 2 * ((a * a + b * b) / Double(max(repeats, 1))).squareRoot()
        return abs(gain) > noise
    }

    /// The path from `source` to `target`.
    /// - Parameters:
    ///   - direction: the study's direction (gains are improvements under it).
    ///   - noise: the spread used when `repeats` is 1.
    ///   - progress: told each step as it is found.
    /// - Returns: the score of the source and the steps.
    public static func run(
        from source: Configuration, to target: Configuration, space: SearchSpace,
        evaluator: any AblationEvaluator, direction: StudyDirection, repeats: Int,
        noise: Double = 0,
        predicted: Bool = false, progress: (AblationStep) -> Void = { _ in }
    ) async throws -> (sourceScore: Double, steps: [AblationStep], configurations: [Configuration])
    {
        let path = ConfigurationPath(space: space, source: source, target: target)
        var current = path.source
        var (score, spread) = try await evaluate(current, evaluator, repeats: repeats)
        let sourceScore = score
        var steps: [AblationStep] = []
        var configurations: [Configuration] = []
        while current != path.target {
            let remaining = path.differences(from: current)
            guard !remaining.isEmpty else { break }
            var best:
                (parameter: String, configuration: Configuration, mean: Double, spread: Double)?
            for parameter in remaining {
                let candidate = path.changing(parameter, in: current)
                guard candidate != current else { continue }
                let (mean, candidateSpread) = try await evaluate(
                    candidate, evaluator, repeats: repeats)
                if best == nil || direction.isBetter(mean, than: best?.mean ?? mean) {
                    best = (parameter, candidate, mean, candidateSpread)
                }
            }
            guard let chosen = best else { break }
            let gain = direction == .maximize ? chosen.mean - score : score - chosen.mean
            let step = AblationStep(
                parameter: chosen.parameter,
                from: ConfigurationPath.describe(current[chosen.parameter]),
                to: ConfigurationPath.describe(chosen.configuration[chosen.parameter]),
                score: chosen.mean,
                gain: gain, spread: chosen.spread, predicted: predicted,
                isSignificant: isSignificant(
                    gain: gain, spreads: (spread, chosen.spread), repeats: repeats, fallback: noise)
            )
            steps.append(step)
            configurations.append(chosen.configuration)
            progress(step)
            current = chosen.configuration
            score = chosen.mean
            spread = chosen.spread
        }
        return (sourceScore, steps, configurations)
    }
}

/// Leave-one-out ablation: each parameter of the best configuration reset alone to its
/// baseline value; the loss is how much worse the configuration scores without that change.
public struct LeaveOneOutEntry: Sendable, Codable, Equatable {
    public var parameter: String
    /// How much worse (positive) the best configuration scores with this parameter reset.
    public var loss: Double
    public var spread: Double
    public var isSignificant: Bool

    private enum CodingKeys: String, CodingKey {
        case parameter, loss, spread
        case isSignificant = "significant"
    }
}

public enum LeaveOneOut {
    /// Resets each parameter of `target` that differs from `source`, one at a time.
    public static func run(
        from source: Configuration, to target: Configuration, space: SearchSpace,
        evaluator: any AblationEvaluator, direction: StudyDirection, repeats: Int, noise: Double = 0
    ) async throws -> [LeaveOneOutEntry] {
        let path = ConfigurationPath(space: space, source: source, target: target)
        let (bestScore, bestSpread) = try await PathAblation.evaluate(
            path.target, evaluator, repeats: repeats)
        var entries: [LeaveOneOutEntry] = []
        let differing = ConfigurationPath(space: space, source: target, target: source).differences(
            from: path.target)
        for parameter in differing {
            let candidate = path.changing(parameter, in: path.target, towardSource: true)
            let (mean, spread) = try await PathAblation.evaluate(
                candidate, evaluator, repeats: repeats)
            let loss = direction == .maximize ? bestScore - mean : mean - bestScore
            entries.append(
                LeaveOneOutEntry(
                    parameter: parameter, loss: loss, spread: spread,
                    isSignificant: PathAblation.isSignificant(
                        gain: loss, spreads: (bestSpread, spread), repeats: repeats, fallback: noise
                    )))
        }
        return entries.sorted { $0.loss > $1.loss }
    }
}
