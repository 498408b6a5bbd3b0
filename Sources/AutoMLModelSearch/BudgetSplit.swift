import AutoMLExecutor

/// How a model search spends a time budget, phase by phase (fractions of the whole budget,
/// counted from the start of the search), with the default front share of 20 %:
///
/// | until | what runs |
/// |---|---|
/// | 64 % (80 % × (1 − front share)) | the main model search starts trials |
/// | ``modelTrialsStartUntil`` (80 %) | the front search (``FrontSearchPhase``) starts trials |
/// | ``modelTrialsStopAt`` (85 %) | running model trials are stopped between folds |
/// | ``ensembleSearchUntil`` (92 %) | ensemble compositions are tried |
/// | the end | the final fit on all the data, and the output files |
///
/// A trial budget counts model trials: the front search gets `⌊share × trials⌋` of them and the
/// main search the rest; the ensemble search then runs its evaluations in full and nothing is
/// cut by time.
public struct BudgetSplit: Sendable, Equatable {
    /// New model trials start during this share of a time budget.
    public static let modelTrialsStartUntil = 0.80
    /// Running model trials are stopped between folds at this share.
    public static let modelTrialsStopAt = 0.85
    /// The ensemble search runs until this share; the rest is kept for the final fit.
    public static let ensembleSearchUntil = 0.92
    /// The share of the model-search budget the front search gets by default.
    public static let defaultFrontShare = 0.20

    /// The budget of the main model search (a share of a time budget, or of the trials).
    public var modelSearch: Budget
    /// The budget of the front search; `nil` when it gets nothing.
    public var frontSearch: Budget?
    /// No front-search trial starts after this instant (time budgets).
    public var frontDeadline: ContinuousClock.Instant?
    /// Running model trials stop between folds at this instant (time budgets).
    public var modelTrialDeadline: ContinuousClock.Instant?
    /// No ensemble composition starts after this instant (time budgets).
    public var ensembleDeadline: ContinuousClock.Instant?
    /// When a time budget ends.
    public var end: ContinuousClock.Instant?

    /// The split of `budget` for a search that started at `start`.
    /// - Parameter frontShare: the share of the model-search budget for the front search, in
    ///   [0, 1) (0 turns it off).
    public init(
        _ budget: Budget, start: ContinuousClock.Instant, frontShare: Double = defaultFrontShare
    ) {
        switch budget {
        case .trials(let count):
            let front = Int((Double(count) * frontShare).rounded(.down))
            modelSearch = .trials(count - front)
            frontSearch = front > 0 ? .trials(front) : nil
            frontDeadline = nil
            modelTrialDeadline = nil
            ensembleDeadline = nil
            end = nil
        case .time(let total):
            let modelShare = Self.modelTrialsStartUntil
            modelSearch = .time(total * (modelShare * (1 - frontShare)))
            // The front search runs until the model-search share ends, however long the main
            // search's last trials overran.
            frontSearch = frontShare > 0 ? .time(total * modelShare) : nil
            frontDeadline = start + total * modelShare
            modelTrialDeadline = start + total * Self.modelTrialsStopAt
            ensembleDeadline = start + total * Self.ensembleSearchUntil
            end = start + total
        }
    }
}
