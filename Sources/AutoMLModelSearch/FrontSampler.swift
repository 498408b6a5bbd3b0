import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// The sampler of the front search: the model study's sampler (the GP) asked to minimize a
/// serving cost among configurations that score within a tolerance of the best — a constrained
/// search for the fast and small end of the trade-off front, one scalarization per suggestion
/// (random-scalarization multi-objective BO in the manner of ParEGO, Knowles 2006, with the
/// score as a constraint instead of a weighted term).
///
/// For each suggestion the history is rewritten before the base sampler sees it:
///
/// 1. `b` is the best loss of a complete trial and `t` the tolerance (``tolerance``, or one
///    standard error of the best trial's fold scores, `score_std / √folds`).
/// 2. A complete trial with a loss within `b + t` scores `w·ℓ + (1 − w)·m`, where `ℓ` and `m`
///    are the base-10 logarithms of its `latency_p99_seconds` and `model_bytes`; `w` cycles
///    through 1, 0 and ½ (latency, size, both), six trials each. The values are not rescaled,
///    so a trial's rewritten value does not move when others arrive, and the GP reuses its
///    fits between its checkpoints.
/// 3. A complete trial outside the tolerance scores ``penaltyOffset`` `+ (loss − b − t) / range`,
///    above every trial inside it (whose values lie within ±8: latencies of 10⁻⁸ to 1 s, sizes
///    of 10 B to 100 MB), so the search stays among good configurations.
/// 4. Complete trials without serving metrics (ensembles), pruned and failed trials are passed
///    on as failed (the GP imputes them as poor); pending trials stay pending.
public struct FrontSampler: Sampler {
    public let base: any Sampler
    /// A fixed tolerance in the metric's units; `nil`: one standard error of the best trial.
    public let tolerance: Double?

    public var name: String { base.name }
    public var settings: SamplerSettings { base.settings }

    public init(base: any Sampler, tolerance: Double? = nil) {
        self.base = base
        self.tolerance = tolerance
    }

    /// Trials drawn under one weight before the next: the rewritten history then stays the same
    /// between the GP's hyperparameter checkpoints, so its fits are reused (a new weight for
    /// every suggestion would refit the GP each time).
    public static let weightBlock = 6

    /// The cost weight `w` of the suggestion after `count` trials: 1 (latency), 0 (bytes), ½,
    /// each for ``weightBlock`` trials in turn.
    public static func latencyWeight(afterTrials count: Int) -> Double {
        [1.0, 0.0, 0.5][(count / weightBlock) % 3]
    }

    public func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        try base.suggest(count, in: space, history: rewritten(history))
    }

    /// `history` with every complete trial's value replaced by its scalarized cost (steps
    /// above), as a single-objective minimization.
    public func rewritten(_ history: StudyHistory) -> StudyHistory {
        let direction = history.directions.first ?? .minimize
        let complete = history.completed.filter { trial in
            trial.value.map { !$0.isNaN } ?? false
        }
        guard let best = StudyHistory.best(of: complete, directions: [direction]),
            let bestValue = best.value
        else { return StudyHistory(directions: [.minimize], trials: history.trials) }
        let bestLoss = direction.loss(bestValue)
        let allowed = tolerance ?? Self.standardError(of: best)
        let losses = complete.compactMap { $0.value.map(direction.loss) }
        let lossRange = max((losses.max() ?? bestLoss) - bestLoss, 1e-12)
        let w = Self.latencyWeight(afterTrials: history.trials.count)
        let trials = history.trials.map { trial -> TrialRecord in
            var trial = trial
            switch trial.state {
            case .complete:
                guard let value = trial.value, !value.isNaN, let cost = Self.costs(of: trial) else {
                    trial.state = .failed
                    trial.values = nil
                    return trial
                }
                let loss = direction.loss(value)
                let scalar: Double
                if loss <= bestLoss + allowed {
                    scalar = w * cost.latency + (1 - w) * cost.bytes
                } else {
                    scalar = Self.penaltyOffset + (loss - bestLoss - allowed) / lossRange
                }
                trial.values = [scalar]
            case .pruned:
                trial.state = .failed
                trial.values = nil
            case .failed, .running, .waiting:
                break
            }
            return trial
        }
        return StudyHistory(directions: [.minimize], trials: trials)
    }

    /// What a trial outside the tolerance scores at least.
    public static let penaltyOffset = 10.0

    /// One standard error of `trial`'s mean fold score.
    public static func standardError(of trial: TrialRecord) -> Double {
        let folds = max(trial.metrics[.foldsRun] ?? 1, 1)
        return (trial.metrics[.scoreStd] ?? 0) / folds.squareRoot()
    }

    /// The logarithms of a trial's p99 latency and model bytes, when it has both.
    static func costs(of trial: TrialRecord) -> (latency: Double, bytes: Double)? {
        guard let latency = trial.metrics[.latencyP99Seconds], latency > 0,
            let bytes = trial.metrics[.modelBytes], bytes > 0
        else { return nil }
        return (log10(latency), log10(bytes))
    }

}
