/// Where a trial is in its life.
public enum TrialState: String, Sendable, Codable, CaseIterable {
    /// Enqueued with a given configuration (``StudyStorage/enqueueTrial(in:configuration:attributes:)``:
    /// a warm start, a refinement step) and not yet handed to a worker. The next ask takes
    /// waiting trials first, oldest first, and makes them `running`.
    case waiting
    /// Handed out and not finished (or its process died: storages mark those failed when they
    /// reap stale trials).
    case running
    /// Finished with its value(s).
    case complete
    /// Threw, returned NaN/∞, timed out or crashed; ``TrialRecord/failureReason`` says why.
    case failed
    /// Stopped early by a pruner because it could not beat the best.
    case pruned

    /// Whether the trial has ended.
    public var isFinished: Bool { self != .running && self != .waiting }

    /// Whether the trial is still to be evaluated or being evaluated (a pending point for a
    /// sampler).
    public var isPending: Bool { self == .running || self == .waiting }
}

/// Whether an objective is minimized or maximized.
public enum StudyDirection: String, Sendable, Codable, CaseIterable {
    case minimize
    case maximize

    /// `value` turned into a loss (lower is better).
    public func loss(_ value: Double) -> Double { self == .minimize ? value : -value }

    /// Whether `a` is strictly better than `b` under this direction.
    public func isBetter(_ a: Double, than b: Double) -> Bool { loss(a) < loss(b) }
}
