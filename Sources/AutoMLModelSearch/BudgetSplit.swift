import AutoMLExecutor

/// How a model search spends a time budget, phase by phase (fractions of the whole budget,
/// counted from the start of the search):
///
/// | until | what runs |
/// |---|---|
/// | ``modelTrialsStartUntil`` (80 %) | new model trials start |
/// | ``modelTrialsStopAt`` (85 %) | running model trials are stopped between folds |
/// | ``ensembleSearchUntil`` (92 %) | ensemble compositions are tried |
/// | the end | the final fit on all the data, and the output files |
///
/// A trial budget counts model trials; the ensemble search then runs its evaluations in full
/// and nothing is cut by time.
public struct BudgetSplit: Sendable, Equatable {
    /// New model trials start during this share of a time budget.
    public static let modelTrialsStartUntil = 0.80
    /// Running model trials are stopped between folds at this share.
    public static let modelTrialsStopAt = 0.85
    /// The ensemble search runs until this share; the rest is kept for the final fit.
    public static let ensembleSearchUntil = 0.92

    /// The budget of the model-search phase (a share of a time budget, or the trial budget).
    public var modelSearch: Budget
    /// Running model trials stop between folds at this instant (time budgets).
    public var modelTrialDeadline: ContinuousClock.Instant?
    /// No ensemble composition starts after this instant (time budgets).
    public var ensembleDeadline: ContinuousClock.Instant?

    /// The split of `budget` for a search that started at `start`.
    public init(_ budget: Budget, start: ContinuousClock.Instant) {
        switch budget {
        case .trials:
            modelSearch = budget
            modelTrialDeadline = nil
            ensembleDeadline = nil
        case .time(let total):
            modelSearch = .time(total * Self.modelTrialsStartUntil)
            modelTrialDeadline = start + total * Self.modelTrialsStopAt
            ensembleDeadline = start + total * Self.ensembleSearchUntil
        }
    }
}
