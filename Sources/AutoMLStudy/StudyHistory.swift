import AutoMLSearchSpace

/// What a sampler sees of a study: its directions and every trial so far, waiting, running and
/// failed ones included, in trial-number order.
public struct StudyHistory: Sendable {
    public var directions: [StudyDirection]
    public var trials: [TrialRecord]

    public init(directions: [StudyDirection] = [.minimize], trials: [TrialRecord] = []) {
        self.directions = directions
        self.trials = trials
    }

    /// Complete trials.
    public var completed: [TrialRecord] { trials.filter { $0.state == .complete } }
    /// Trials running or waiting to run (pending points for batch suggestions).
    public var pending: [TrialRecord] { trials.filter { $0.state.isPending } }
    /// Trials running now.
    public var running: [TrialRecord] { trials.filter { $0.state == .running } }
    /// Failed trials (samplers steer away from them).
    public var failed: [TrialRecord] { trials.filter { $0.state == .failed } }

    /// How many trials have finished (complete, pruned or failed).
    public var finishedCount: Int { trials.count { $0.state.isFinished } }

    /// The history with only the trials numbered in `numbers` finished: any other trial that
    /// finished shows as running. A suggestion made inside the storage's lock sees the finished
    /// trials of the snapshot its sampler prepared on (``Sampler/prepare(in:history:)``), and
    /// the ones that finished since as pending points, like those that started since.
    public func finished(only numbers: Set<Int>) -> StudyHistory {
        var copy = self
        for index in copy.trials.indices
        where copy.trials[index].state.isFinished && !numbers.contains(copy.trials[index].number) {
            copy.trials[index].state = .running
        }
        return copy
    }

    /// The first objective of a complete trial as a loss (lower is better).
    public func loss(of trial: TrialRecord) -> Double? {
        guard trial.state == .complete, let value = trial.value else { return nil }
        return (directions.first ?? .minimize).loss(value)
    }

    /// The best complete trial under the first direction.
    public var best: TrialRecord? { Self.best(of: trials, directions: directions) }

    /// The best complete trial of `trials` under the first of `directions` (ties: the first in
    /// sequence order, so the earliest trial of a plateau). This is the one home of "the best
    /// trial": studies, reports, summaries and profiles all call it.
    public static func best(
        of trials: some Sequence<TrialRecord>, directions: [StudyDirection]
    ) -> TrialRecord? {
        let direction = directions.first ?? .minimize
        var best: TrialRecord?
        var bestLoss = Double.infinity
        for trial in trials where trial.state == .complete {
            guard let value = trial.value, !value.isNaN else { continue }
            let loss = direction.loss(value)
            if best == nil || loss < bestLoss {
                best = trial
                bestLoss = loss
            }
        }
        return best
    }

    /// The complete trials no other complete trial dominates under all directions (the best
    /// trials of a multi-objective study; the best trial, and its ties, of a single-objective
    /// one).
    public var paretoFront: ParetoFront<TrialRecord> {
        let complete = completed.filter { ($0.values?.count ?? 0) == directions.count }
        return ParetoFront(complete) { trial in
            zip(directions, trial.values ?? []).map { $0.loss($1) }
        }
    }
}
