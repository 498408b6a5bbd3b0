import AutoMLStudy

extension Study {
    /// Runs trials of a synchronous objective, `jobs` at once, each on a thread of its own
    /// (CPU-bound work never blocks Swift's cooperative pool), until the budget is spent:
    ///
    /// ```swift
    /// try await study.optimize(budget: .trials(100), jobs: 2) { trial in
    ///     let x = try trial.float("x")
    ///     return (x - 2) * (x - 2)
    /// }
    /// ```
    ///
    /// A throw, a NaN or infinite value, or a timeout makes a failed trial and the study goes on.
    /// - Returns: what the run did (its trials, the study's best trial).
    @discardableResult
    public func optimize(
        budget: Budget, jobs: Int = 1, trialTimeout: Duration? = nil,
        stop: StopController = StopController(),
        onProgress: (@Sendable (ExecutionProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) throws -> Double
    ) async throws -> ExecutionSummary {
        try await optimize(
            budget: budget, jobs: jobs, trialTimeout: trialTimeout, stop: stop,
            onProgress: onProgress,
            objective: BlockingObjective { Evaluation(value: try objective($0)) })
    }

    /// Runs trials of an `async` objective (one that awaits: reports, I/O, child tasks); see
    /// ``optimize(budget:jobs:trialTimeout:stop:onProgress:_:)-(_,_,_,_,_,(Trial)->Double)``.
    @discardableResult
    public func optimize(
        budget: Budget, jobs: Int = 1, trialTimeout: Duration? = nil,
        stop: StopController = StopController(),
        onProgress: (@Sendable (ExecutionProgress) -> Void)? = nil,
        _ objective: @escaping @Sendable (Trial) async throws -> Double
    ) async throws -> ExecutionSummary {
        try await optimize(
            budget: budget, jobs: jobs, trialTimeout: trialTimeout, stop: stop,
            onProgress: onProgress,
            objective: AsyncObjective { Evaluation(value: try await objective($0)) })
    }

    /// Runs trials of any ``Objective`` (several values, metrics, an external command).
    @discardableResult
    public func optimize(
        budget: Budget, jobs: Int = 1, trialTimeout: Duration? = nil,
        stop: StopController = StopController(),
        onProgress: (@Sendable (ExecutionProgress) -> Void)? = nil, objective: some Objective
    ) async throws -> ExecutionSummary {
        try await TrialExecutor(
            study: self, objective: objective,
            options: ExecutionOptions(budget: budget, jobs: jobs, trialTimeout: trialTimeout),
            stop: stop,
            observer: onProgress
        ).run()
    }
}
