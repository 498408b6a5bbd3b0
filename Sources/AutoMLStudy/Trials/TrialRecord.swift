import AutoMLSearchSpace
import Foundation

/// Everything recorded about one trial: what was tried, how it ended, and what it cost.
public struct TrialRecord: Sendable, Codable, Equatable {
    /// Unique within its study, from 0, in the order trials were handed out.
    public var number: Int
    public var state: TrialState
    /// The configuration evaluated.
    public var configuration: Configuration
    /// One value per study direction when ``state`` is `.complete`, else `nil`.
    public var values: [Double]?
    /// Reports during the trial (fold by fold, epoch by epoch), by step.
    public var intermediateValues: [Int: Double]
    /// Measurements by name: the ones automl records are ``TrialMetric``s (read them with
    /// `metrics[.fitSeconds]`); command objectives add their own names.
    public var metrics: [String: Double]
    /// Text attributes by name: the ones automl records are ``TrialAttribute``s (read them with
    /// `attributes[.learner]`); enqueued trials may carry their own.
    public var attributes: [String: String]
    public var startedAt: Date
    public var finishedAt: Date?
    /// Why a failed or pruned trial ended.
    public var failureReason: String?
    /// The process running the trial (`nil` for trials handed out by `automl ask`, whose
    /// process exits at once; those are never marked abandoned).
    public var owner: TrialOwner?
    /// When the owner last said the trial was still running (the storage's clock).
    public var heartbeatAt: Date?

    public init(
        number: Int, state: TrialState = .running, configuration: Configuration,
        values: [Double]? = nil,
        intermediateValues: [Int: Double] = [:], metrics: [String: Double] = [:],
        attributes: [String: String] = [:],
        startedAt: Date = Date(), finishedAt: Date? = nil, failureReason: String? = nil,
        owner: TrialOwner? = nil, heartbeatAt: Date? = nil
    ) {
        self.number = number
        self.state = state
        self.configuration = configuration
        self.values = values
        self.intermediateValues = intermediateValues
        self.metrics = metrics
        self.attributes = attributes
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.failureReason = failureReason
        self.owner = owner
        self.heartbeatAt = heartbeatAt
    }

    /// The first objective value of a complete trial.
    public var value: Double? { values?.first }
}
