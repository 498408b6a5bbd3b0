import AutoMLData
import AutoMLExecutor
import AutoMLStudy

/// The model-search phase: model trials (``ModelObjective``) run by the executor on the model
/// study under the phase's share of the budget (``BudgetSplit``), pruned by the study's pruner,
/// each leaving its out-of-fold predictions in the storage.
public struct ModelSearchPhase: Sendable {
    public var evaluator: ModelTrialEvaluator
    public var budget: BudgetSplit
    public var jobs: Int
    public var trialTimeout: Duration?
    public var retention: PredictionRetention

    public init(
        evaluator: ModelTrialEvaluator, budget: BudgetSplit, jobs: Int, trialTimeout: Duration?,
        retention: PredictionRetention
    ) {
        self.evaluator = evaluator
        self.budget = budget
        self.jobs = jobs
        self.trialTimeout = trialTimeout
        self.retention = retention
    }

    /// Runs the phase on `study`.
    /// - Throws: the executor's errors (the trials already finished stay recorded).
    public func run(
        on study: Study, stop: StopController, observer: (@Sendable (ExecutionProgress) -> Void)?
    ) async throws -> ExecutionSummary {
        let objective = ModelObjective(
            evaluator: evaluator, deadline: budget.modelTrialDeadline, retention: retention)
        let executor = TrialExecutor(
            study: study, objective: objective,
            options: ExecutionOptions(
                budget: budget.modelSearch, jobs: jobs, trialTimeout: trialTimeout),
            stop: stop, observer: observer)
        return try await executor.run()
    }
}
