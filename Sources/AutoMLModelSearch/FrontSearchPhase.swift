import AutoMLExecutor
import AutoMLOptimizer
import AutoMLStudy

/// The front-search phase of a model search: model trials on the same study, drawn by
/// ``FrontSampler`` (the study's sampler asked for the cheapest configurations within the
/// tolerance of the best), so that fast and small models are tuned, not just tried once at
/// their defaults. It runs after the main model search, in ``BudgetSplit/frontSearchShare`` of
/// the model-search budget, without a pruner (a cheap model a little behind the best is what
/// it looks for).
public struct FrontSearchPhase: Sendable {
    public var evaluator: ModelTrialEvaluator
    public var budget: Budget
    /// No trial starts after this instant.
    public var deadline: ContinuousClock.Instant?
    /// Running trials stop between folds at this instant.
    public var trialDeadline: ContinuousClock.Instant?
    public var jobs: Int
    public var trialTimeout: Duration?
    public var retention: PredictionRetention
    /// The front's tolerance; `nil`: one standard error of the best trial.
    public var tolerance: Double?

    public init(
        evaluator: ModelTrialEvaluator, budget: Budget, deadline: ContinuousClock.Instant?,
        trialDeadline: ContinuousClock.Instant?, jobs: Int, trialTimeout: Duration?,
        retention: PredictionRetention, tolerance: Double?
    ) {
        self.evaluator = evaluator
        self.budget = budget
        self.deadline = deadline
        self.trialDeadline = trialDeadline
        self.jobs = jobs
        self.trialTimeout = trialTimeout
        self.retention = retention
        self.tolerance = tolerance
    }

    /// Runs the phase on `study` (its sampler wrapped in a ``FrontSampler``).
    public func run(
        on study: Study, stop: StopController, observer: (@Sendable (ExecutionProgress) -> Void)?
    ) async throws -> ExecutionSummary {
        let base = try SamplerCatalog.sampler(study.record.sampler)
        let front = Study(
            record: study.record, storage: study.storage,
            sampler: FrontSampler(base: base, tolerance: tolerance), pruner: nil, owner: study.owner
        )
        let objective = ModelObjective(
            evaluator: evaluator, deadline: trialDeadline, retention: retention, phase: "front")
        let executor = TrialExecutor(
            study: front, objective: objective,
            options: ExecutionOptions(
                budget: budget, jobs: jobs, trialTimeout: trialTimeout, deadline: deadline),
            stop: stop, observer: observer)
        return try await executor.run()
    }
}
