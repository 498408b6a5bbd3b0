import AutoMLSearchSpace

/// What a sampler sees of a study: its directions and every trial so far, running and failed
/// ones included, in trial-number order.
public struct StudyHistory: Sendable {
    public var directions: [StudyDirection]
    public var trials: [TrialRecord]

    public init(directions: [StudyDirection] = [.minimize], trials: [TrialRecord] = []) {
        self.directions = directions
        self.trials = trials
    }

    /// Complete trials.
    public var completed: [TrialRecord] { trials.filter { $0.state == .complete } }
    /// Trials still running (pending points for batch suggestions).
    public var running: [TrialRecord] { trials.filter { $0.state == .running } }
    /// Failed trials (samplers steer away from them).
    public var failed: [TrialRecord] { trials.filter { $0.state == .failed } }

    /// The first objective of a complete trial as a loss (lower is better).
    public func loss(of trial: TrialRecord) -> Double? {
        guard trial.state == .complete, let value = trial.value else { return nil }
        return (directions.first ?? .minimize).loss(value)
    }

    /// The best complete trial under the first direction.
    public var best: TrialRecord? {
        completed.min { (loss(of: $0) ?? .infinity) < (loss(of: $1) ?? .infinity) }
    }
}
