/// Decides whether a running trial should stop early, from its intermediate values.
///
/// Called by ``Trial/report(_:step:)`` after each report, with the trial as stored (its
/// intermediate values included) and the study's history (other trials' reports included). Must
/// be quick and must not touch the storage. Median and successive-halving pruners live in
/// `AutoMLOptimizer`.
public protocol Pruner: Sendable {
    /// Whether `trial` should stop now.
    func shouldPrune(_ trial: TrialRecord, history: StudyHistory) -> Bool
}

/// Thrown by an objective to end its trial as pruned (Optuna's `TrialPruned`): check
/// ``Trial/shouldPrune`` after each ``Trial/report(_:step:)``, and throw this when it says so.
public struct TrialPruned: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String = "pruned by the study's pruner") {
        self.reason = reason
    }

    public var description: String { reason }
}
