/// Where a trial is in its life.
public enum TrialState: String, Sendable, Codable, CaseIterable {
    /// Handed out and not finished (or its process died: storages mark those failed on resume).
    case running
    /// Finished with its value(s).
    case complete
    /// Threw, returned NaN/∞, timed out or crashed; ``TrialRecord/failureReason`` says why.
    case failed
    /// Stopped early by a pruner because it could not beat the best.
    case pruned

    /// Whether the trial has ended.
    public var isFinished: Bool { self != .running }
}

/// Whether an objective is minimized or maximized.
public enum StudyDirection: String, Sendable, Codable, CaseIterable {
    case minimize
    case maximize

    /// `value` turned into a loss (lower is better).
    public func loss(_ value: Double) -> Double { self == .minimize ? value : -value }
}
