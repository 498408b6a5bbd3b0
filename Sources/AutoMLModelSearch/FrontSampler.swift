import AutoMLNumerics
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
///
/// **Directed suggestions.** A learner family the main search tried once or twice, a little
/// outside the tolerance but cheaper than every configuration inside it, is where the front's
/// fast and small end most often lies untuned: an RBF SVM at its default `C` and `gamma`, a
/// small network. On the scalarized history above such a family only looks poor, and the
/// search stays with the family that is already within the tolerance. So two of every three
/// suggestions (``directedFamily(for:)``) go to the most promising such family: the base
/// sampler suggests in the space cut to that family (its trials alone are modelled), on the same
/// rewritten values, so it first climbs the family's score towards the tolerance and, once
/// there, its cost down. A family is promising while none of its trials is within the
/// tolerance, its best loss is within ``promiseWidth`` tolerances of the best, one of its
/// trials costs less than every trial within the tolerance (under the block's weight) and it has
/// had fewer than ``directedTrialLimit`` trials; the one with the best loss goes first.
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

    /// How far from the best a family's best loss may lie to be promising, in tolerances.
    public static let promiseWidth = 3.0

    /// Trials of one family (of any phase and state) after which it is no longer promising.
    public static let directedTrialLimit = 10

    /// Complete trials of a directed family below which its suggestions are local steps from
    /// its best configuration instead of the base sampler's (whose model would still be mostly
    /// its space-filling design).
    public static let localStepsBelow = 3

    /// The standard deviation of a local step, in each numeric hyperparameter's unit range.
    public static let localStepSize = 0.15

    public func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        let values = rewritten(history)
        if history.trials.count % 3 != 2, let family = directedFamily(for: history),
            case .categorical(let choices)? = space.parameter(named: "learner")?.domain,
            choices.contains(.string(family.name))
        {
            if family.completeTrials < Self.localStepsBelow {
                return (0..<count).map { offset in
                    localStep(
                        from: family.best, of: family.name, in: space,
                        draw: UInt64(history.trials.count + offset))
                }
            }
            let narrow = space.restrictingChoices(of: "learner") { $0 == .string(family.name) }
            return try base.suggest(count, in: narrow, history: values).map(space.pruned)
        }
        return try base.suggest(count, in: space, history: values)
    }

    /// `configuration` with each of the family's numeric hyperparameters moved by a normal step
    /// of ``localStepSize`` in its unit range (log scale where the space has one), categorical
    /// ones and preprocessing kept.
    public func localStep(
        from configuration: Configuration, of family: String, in space: SearchSpace, draw: UInt64
    ) -> Configuration {
        var random = RandomSource(seed: (settings.seed ?? 0) ^ 0x5851_F42D_4C95_7F2D).child(draw)
        let prefix = family + "."
        return space.pruned(
            space.configuration { parameter in
                guard let value = configuration[parameter.name] else {
                    return parameter.value(atUnit: 0.5)
                }
                switch parameter.domain {
                case .float, .integer:
                    guard parameter.name.hasPrefix(prefix), let unit = parameter.unit(of: value)
                    else { return value }
                    return parameter.value(atUnit: unit + Self.localStepSize * random.normal())
                case .categorical, .fixed:
                    return value
                }
            })
    }

    /// A family the front search directs suggestions at: its name, its best complete trial's
    /// configuration and how many of its trials completed.
    public struct DirectedFamily: Sendable, Equatable {
        public var name: String
        public var best: Configuration
        public var completeTrials: Int
    }

    /// The learner family the next suggestions are directed at (type documentation), or `nil`
    /// when no family is promising.
    public func directedFamily(for history: StudyHistory) -> DirectedFamily? {
        guard let (direction, bestLoss, allowed) = reference(of: history) else { return nil }
        let limit = bestLoss + allowed
        let w = Self.latencyWeight(afterTrials: history.trials.count)
        struct Family {
            var trials = 0
            var complete = 0
            var best: Configuration?
            var bestLoss = Double.infinity
            var cheapest = Double.infinity
        }
        var families: [String: Family] = [:]
        var cheapestWithin = Double.infinity
        for trial in history.trials {
            guard case .string(let name)? = trial.configuration["learner"] else { continue }
            var family = families[name] ?? Family()
            family.trials += 1
            if trial.state == .complete, let value = trial.value, !value.isNaN,
                let cost = Self.costs(of: trial)
            {
                let loss = direction.loss(value)
                let scalar = w * cost.latency + (1 - w) * cost.bytes
                family.complete += 1
                if loss < family.bestLoss {
                    family.bestLoss = loss
                    family.best = trial.configuration
                }
                family.cheapest = min(family.cheapest, scalar)
                if loss <= limit { cheapestWithin = min(cheapestWithin, scalar) }
            }
            families[name] = family
        }
        let promising = families.filter { _, family in
            family.bestLoss > limit
                && family.bestLoss <= bestLoss + Self.promiseWidth * allowed
                && family.cheapest < cheapestWithin
                && family.trials < Self.directedTrialLimit
        }
        guard
            let chosen = promising.min(by: { a, b in
                (a.value.bestLoss, a.key) < (b.value.bestLoss, b.key)
            }), let best = chosen.value.best
        else { return nil }
        return DirectedFamily(
            name: chosen.key, best: best, completeTrials: chosen.value.complete)
    }

    /// `history` with every complete trial's value replaced by its scalarized cost (steps
    /// above), as a single-objective minimization.
    public func rewritten(_ history: StudyHistory) -> StudyHistory {
        guard let (direction, bestLoss, allowed) = reference(of: history) else {
            return StudyHistory(directions: [.minimize], trials: history.trials)
        }
        let losses = history.completed.compactMap { trial in
            trial.value.flatMap { $0.isNaN ? nil : direction.loss($0) }
        }
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

    /// The study's direction, the best loss of a complete trial and the tolerance around it;
    /// `nil` before any trial completed with a value.
    private func reference(of history: StudyHistory) -> (
        direction: StudyDirection, bestLoss: Double, allowed: Double
    )? {
        let direction = history.directions.first ?? .minimize
        let complete = history.completed.filter { trial in
            trial.value.map { !$0.isNaN } ?? false
        }
        guard let best = StudyHistory.best(of: complete, directions: [direction]),
            let bestValue = best.value
        else { return nil }
        return (direction, direction.loss(bestValue), tolerance ?? Self.standardError(of: best))
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
