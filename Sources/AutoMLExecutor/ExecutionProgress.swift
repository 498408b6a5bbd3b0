import AutoMLNumerics
import AutoMLStudy

/// Where a run stands, handed to the observer after each trial.
public struct ExecutionProgress: Sendable {
    /// Trials this run finished.
    public var finished: Int
    /// Trials this run started (finished and running).
    public var started: Int
    public var running: Int
    public var budget: Budget
    /// Complete, failed and pruned among `finished`.
    public var completed: Int
    public var failed: Int
    public var pruned: Int
    /// The best complete trial of the study (every process and earlier runs included).
    public var best: TrialRecord?
    public var elapsed: Duration
    /// The trial that just finished (`nil` for the first report, sent when the run starts).
    public var lastTrial: TrialRecord?
    /// Whether a stop was requested.
    public var isStopping: Bool

    public init(
        finished: Int, started: Int, running: Int, budget: Budget, completed: Int, failed: Int,
        pruned: Int,
        best: TrialRecord?, elapsed: Duration, lastTrial: TrialRecord?, isStopping: Bool
    ) {
        self.finished = finished
        self.started = started
        self.running = running
        self.budget = budget
        self.completed = completed
        self.failed = failed
        self.pruned = pruned
        self.best = best
        self.elapsed = elapsed
        self.lastTrial = lastTrial
        self.isStopping = isStopping
    }

    /// The expected time left: from the mean time per finished trial for a trial budget
    /// (accounting for parallel jobs through the observed rate), the remaining span for a time
    /// budget. `nil` before the first trial finishes.
    public var estimatedRemaining: Duration? {
        switch budget {
        case .time(let limit):
            return max(.zero, limit - elapsed)
        case .trials(let count):
            guard finished > 0 else { return nil }
            let rate = Double(finished) / max(elapsed.seconds, 1e-9)
            return .seconds(Double(max(count - finished, 0)) / rate)
        }
    }

    /// How far along the budget is, in `0…1`.
    public var fraction: Double {
        switch budget {
        case .time(let limit): return min(elapsed.seconds / max(limit.seconds, 1e-9), 1)
        case .trials(let count): return min(Double(finished) / Double(max(count, 1)), 1)
        }
    }
}

/// What a run did, returned when it ends.
public struct ExecutionSummary: Sendable {
    /// The trials this run finished, in the order they finished.
    public var trials: [TrialRecord]
    /// The best complete trial of the whole study when the run ended.
    public var best: TrialRecord?
    public var elapsed: Duration
    /// Whether the run stopped early because a stop was requested.
    public var wasStopped: Bool
    /// Trials marked failed as abandoned by dead processes (when the run started or from its
    /// heartbeat).
    public var abandoned: [TrialRecord]

    /// This run followed by `next` (a later phase on the same study): their trials, the later
    /// best, the summed time.
    public func merged(with next: ExecutionSummary) -> ExecutionSummary {
        ExecutionSummary(
            trials: trials + next.trials, best: next.best ?? best, elapsed: elapsed + next.elapsed,
            wasStopped: wasStopped || next.wasStopped, abandoned: abandoned + next.abandoned)
    }

    public var completed: Int { trials.filter { $0.state == .complete }.count }
    public var failed: Int { trials.filter { $0.state == .failed }.count }
    public var pruned: Int { trials.filter { $0.state == .pruned }.count }
}
