import AutoMLSearchSpace
import AutoMLStudy

/// A sampler that first hands out given configurations, in order, then defers to another one:
/// Optuna's `enqueue_trial`, or FLAML's low-cost starting points, as a sampler decorator.
///
/// Configuration `i` of ``initial`` goes to the `i`-th suggestion of the study (counting every
/// trial in the history, whatever its state), unless the study already holds it; the rest of a
/// batch, and everything after the list, comes from ``base``, which sees the enqueued trials in
/// its history like any other. Configurations that the space does not contain are skipped.
/// The stored settings are the base sampler's, so a continued study rebuilds the base sampler
/// and the caller wraps it again with the same list: suggestions stay a function of the seed
/// and the history.
public struct WarmStartSampler: Sampler {
    public let base: any Sampler
    public let initial: [Configuration]

    public var name: String { base.name }
    public var settings: SamplerSettings { base.settings }

    /// - Parameters:
    ///   - base: the sampler that takes over.
    ///   - initial: the configurations to try first, in order.
    public init(base: any Sampler, initial: [Configuration]) {
        self.base = base
        self.initial = initial
    }

    public func suggest(_ count: Int, in space: SearchSpace, history: StudyHistory) throws
        -> [Configuration]
    {
        guard count > 0 else { return [] }
        let tried = Set(history.trials.map { space.pruned($0.configuration) })
        let queue = initial.map(space.pruned).filter { space.contains($0) }
        var picks: [Configuration] = []
        var index = history.trials.count
        var chosen = tried
        while picks.count < count, index < queue.count {
            let candidate = queue[index]
            if !chosen.contains(candidate) {
                picks.append(candidate)
                chosen.insert(candidate)
            }
            index += 1
        }
        guard picks.count < count else { return picks }
        // The base sampler sees the picks as running trials, so it does not repeat them.
        var extended = history
        let next = (history.trials.map(\.number).max() ?? -1) + 1
        for (offset, configuration) in picks.enumerated() {
            extended.trials.append(
                TrialRecord(number: next + offset, state: .running, configuration: configuration))
        }
        return picks + (try base.suggest(count - picks.count, in: space, history: extended))
    }

    public var preparesAhead: Bool { base.preparesAhead }

    /// The base sampler prepares once the list is used up.
    public func prepare(in space: SearchSpace, history: StudyHistory) {
        guard history.trials.count >= initial.count else { return }
        base.prepare(in: space, history: history)
    }

    public func reusingRecentFits() -> any Sampler {
        WarmStartSampler(base: base.reusingRecentFits(), initial: initial)
    }

    public var refitsWhileTrialsRun: Bool { base.refitsWhileTrialsRun }

    /// The base sampler refits once the list is used up.
    public func refit(in space: SearchSpace, history: StudyHistory) {
        guard history.trials.count >= initial.count else { return }
        base.refit(in: space, history: history)
    }
}
