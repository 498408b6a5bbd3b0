import AutoMLNumerics
import AutoMLStudy
import Foundation
import Synchronization

/// How a run goes: its budget, parallelism and limits.
public struct ExecutionOptions: Sendable {
    public var budget: Budget
    /// Trials at once (each on its own task; command objectives in their own processes), from 1
    /// to ``maximumJobs``.
    public var jobs: Int

    /// The most trials a run may have at once: 256. Each parallel trial holds a thread (a model
    /// trial's fold) or a process tree with three pipes (a command), so far more than a
    /// machine's cores only adds overhead; well above any machine automl runs on today.
    public static let maximumJobs = 256
    /// A trial running longer is cancelled (its process group killed) and recorded failed.
    public var trialTimeout: Duration?
    /// How often running trials' `heartbeatAt` is refreshed in the storage, and stale trials
    /// of other processes are reaped.
    public var heartbeatInterval: Duration
    /// Trials left running by dead processes are marked failed before the run starts and at
    /// every heartbeat; on other hosts a trial counts as abandoned after this long without a
    /// heartbeat (by the storage's clock).
    public var staleAfter: Duration
    /// No trial starts at or after this instant, whatever the budget (a phase of a larger
    /// time budget: the ensemble search of `tune --data`).
    public var deadline: ContinuousClock.Instant?

    public init(
        budget: Budget, jobs: Int = 1, trialTimeout: Duration? = nil,
        heartbeatInterval: Duration = .seconds(10),
        staleAfter: Duration = .seconds(300), deadline: ContinuousClock.Instant? = nil
    ) {
        self.budget = budget
        self.jobs = jobs
        self.trialTimeout = trialTimeout
        self.heartbeatInterval = heartbeatInterval
        self.staleAfter = staleAfter
        self.deadline = deadline
    }
}

/// Runs a study's trials in parallel until the budget is spent or a stop is requested.
///
/// `jobs` slots are filled from one ``Study/ask(_:)`` call per refill, so the sampler suggests a
/// batch for exactly the free slots and sees every running trial (of this and other processes)
/// as pending. Each trial runs in a child task of one task group; a trial that throws, returns
/// NaN or ±∞, gives the wrong number of values or outlives `trialTimeout` is recorded failed
/// with its reason, and the run goes on. Every result is written to the storage as the trial
/// ends, even while the run is being aborted.
///
/// Metrics recorded per trial: `wall_seconds`; `cpu_seconds` and `peak_memory_bytes` as the
/// objective measured them (the process tree of a command, the thread of a
/// ``BlockingObjective``), otherwise the process's CPU time during the trial and its peak
/// memory (reset before each trial when `jobs == 1`, so then the trial's own peak).
public struct TrialExecutor: Sendable {
    public var study: Study
    public var objective: any Objective
    public var options: ExecutionOptions
    public var stop: StopController
    /// Told where the run stands when it starts and after each trial (from the run's tasks:
    /// keep it quick).
    public var observer: (@Sendable (ExecutionProgress) -> Void)?

    public init(
        study: Study, objective: any Objective, options: ExecutionOptions,
        stop: StopController = StopController(),
        observer: (@Sendable (ExecutionProgress) -> Void)? = nil
    ) {
        self.study = study
        self.objective = objective
        self.options = options
        self.stop = stop
        self.observer = observer
    }

    /// Runs trials until the budget is spent or a stop is requested, then returns what happened.
    /// - Throws: ``ExecutorError/invalidJobs(_:)``, the sampler's or the storage's errors (the
    ///   trials already finished stay recorded).
    public func run() async throws -> ExecutionSummary {
        guard options.jobs >= 1, options.jobs <= ExecutionOptions.maximumJobs else {
            throw ExecutorError.invalidJobs(options.jobs)
        }
        if case .trials(let count) = options.budget, count < 1 {
            throw ExecutorError.invalidBudget("\(count)")
        }
        let abandoned = try await study.failAbandonedTrials(staleAfter: options.staleAfter)
        let clock = ContinuousClock()
        let start = clock.now
        let tracker = RunTracker(directions: study.directions, best: try await study.bestTrial)
        report(tracker, start: start, last: nil)

        let storage = study.storage
        let name = study.name
        let interval = options.heartbeatInterval
        let staleAfter = options.staleAfter
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let numbers = tracker.runningNumbers
                if !numbers.isEmpty {
                    try? await storage.recordHeartbeat(trials: numbers, of: name)
                }
                // A long run reaps the trials of a peer that died meanwhile, so they neither
                // block the sampler as pending points nor stay running forever.
                if let reaped = try? await storage.failStaleTrials(of: name, staleAfter: staleAfter)
                {
                    tracker.noteAbandoned(reaped)
                }
            }
        }
        defer { heartbeat.cancel() }

        let work = Task { try await loop(tracker, start: start) }
        stop.onAbort { work.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await work.value
            } onCancel: {
                work.cancel()
            }
        } catch is CancellationError where stop.level == .abort {
            // Aborted while asking for trials: what finished is recorded.
        }
        let study = self.study
        let best = try await Task.detached { try await study.bestTrial }.value
        return ExecutionSummary(
            trials: tracker.finishedTrials, best: best, elapsed: clock.now - start,
            wasStopped: stop.isStopping,
            abandoned: abandoned + tracker.abandonedDuringRun)
    }

    private func loop(_ tracker: RunTracker, start: ContinuousClock.Instant) async throws {
        // A time budget counts from the first ask, so a slow start (a busy machine, a long
        // abandoned-trial sweep) never leaves the run without its first trials.
        let budgetStart = ContinuousClock.now
        let jobs = options.jobs
        let study = self.study
        // A sampler that reuses recent fits refits while the trials run, one refit at a time
        // (the next waits for the last, which has had a trial's time to finish).
        var refit: Task<Void, Never>?
        try await withThrowingTaskGroup(of: TrialRecord.self) { group in
            var running = 0
            var started = 0
            while true {
                let free = min(jobs - running, remaining(started: started, start: budgetStart))
                if free > 0, !stop.isStopping, !Task.isCancelled {
                    let trials = try await study.ask(free)
                    for trial in trials {
                        tracker.begin(trial.number)
                        group.addTask { try await evaluate(trial) }
                    }
                    running += trials.count
                    started += trials.count
                    if study.sampler.refitsWhileTrialsRun,
                        remaining(started: started, start: budgetStart) > 0
                    {
                        await refit?.value
                        refit = Task.detached { try? await study.refitSampler() }
                    }
                }
                guard running > 0, let record = try await group.next() else {
                    await refit?.value
                    break
                }
                running -= 1
                tracker.finish(record)
                report(tracker, start: start, last: record)
            }
        }
    }

    /// How many more trials may start now.
    private func remaining(started: Int, start: ContinuousClock.Instant) -> Int {
        if let deadline = options.deadline, ContinuousClock.now >= deadline { return 0 }
        switch options.budget {
        case .trials(let count): return max(count - started, 0)
        case .time(let limit): return ContinuousClock.now - start < limit ? Int.max : 0
        }
    }

    private func report(_ tracker: RunTracker, start: ContinuousClock.Instant, last: TrialRecord?) {
        guard let observer else { return }
        observer(
            tracker.progress(
                budget: options.budget, elapsed: ContinuousClock.now - start, last: last,
                isStopping: stop.isStopping))
    }

    /// Runs one trial and records how it ended. Throws only when the storage fails.
    private func evaluate(_ trial: Trial) async throws -> TrialRecord {
        let clock = ContinuousClock()
        let begin = clock.now
        if options.jobs == 1 { ResourceUsage.resetProcessPeakMemory() }
        let objective = self.objective
        let outcome = await Result {
            try await Deadline.run(options.trialTimeout) { try await objective.evaluate(trial) }
        }
        var metrics = trial.metrics
        metrics[.wallSeconds] = (clock.now - begin).seconds
        let completion = completion(of: outcome, metrics: &metrics, interrupted: Task.isCancelled)
        var final = completion
        final.metrics = metrics
        final.attributes = trial.attributes
        final.attributes[.automlVersion] = AutoMLVersion.current
        if final.metrics[.peakMemoryBytes] == nil {
            final.metrics[.peakMemoryBytes] = ResourceUsage.processPeakMemoryBytes()
        }
        do {
            return try await study.finish(trial.number, final)
        } catch StudyError.trialNotRunning {
            // Marked abandoned by another process meanwhile: its record stands.
            return try await Task.detached { [study] in
                try await study.storage.trial(trial.number, of: study.name)
            }.value
        }
    }

    private func completion(
        of outcome: Result<Evaluation, any Error>, metrics: inout [String: Double],
        interrupted: Bool
    )
        -> TrialCompletion
    {
        switch outcome {
        case .success(let evaluation):
            metrics.merge(evaluation.metrics) { _, new in new }
            let expected = study.directions.count
            guard evaluation.values.count == expected else {
                return .failed(
                    "the objective gave \(evaluation.values.count) values; the study has \(expected) direction(s)"
                )
            }
            if let bad = evaluation.values.first(where: { !$0.isFinite }) {
                return .failed("the objective returned \(bad)")
            }
            return .complete(evaluation.values)
        case .failure(let error as Deadline.Exceeded):
            metrics.merge(error.metrics) { _, new in new }
            return .failed(
                "timed out after \(DurationText.format(error.timeout))"
                    + (error.detail.map { "; \($0)" } ?? ""))
        case .failure(let error as TrialPruned):
            return .pruned(error.reason)
        case .failure(let error as ObjectiveFailure):
            metrics.merge(error.metrics) { _, new in new }
            return .failed(
                interrupted ? "interrupted: the run was aborted (\(error.reason))" : error.reason)
        case .failure(is CancellationError):
            return .failed("interrupted: the run was aborted")
        case .failure(let error):
            let text = "\(error)"
            return .failed(
                interrupted
                    ? "interrupted: the run was aborted (\(text))" : "the objective threw: \(text)")
        }
    }
}

/// Runs work with a time limit: at the deadline the work is cancelled and, once it has
/// returned, ``Exceeded`` is thrown with what it reported.
enum Deadline {
    struct Exceeded: Error {
        var timeout: Duration
        /// The work's own failure message after cancellation (a command's stderr tail).
        var detail: String?
        var metrics: [String: Double]
    }

    private enum Race: Sendable {
        case finished(Result<Evaluation, any Error>)
        case deadline
    }

    static func run(_ timeout: Duration?, _ work: @escaping @Sendable () async throws -> Evaluation)
        async throws
        -> Evaluation
    {
        guard let timeout else { return try await work() }
        return try await withThrowingTaskGroup(of: Race.self) { group in
            group.addTask { .finished(await Result { try await work() }) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .deadline
            }
            guard let first = try await group.next() else { throw CancellationError() }
            group.cancelAll()
            if case .finished(let result) = first { return try result.get() }
            // The sleeper returned: a deadline, unless the whole run is being cancelled.
            var result: Result<Evaluation, any Error> = .failure(CancellationError())
            while let next = try await group.next() {
                if case .finished(let finished) = next { result = finished }
            }
            if Task.isCancelled { return try result.get() }
            switch result {
            case .success(let evaluation):
                return evaluation  // finished as the deadline struck
            case .failure(let error as ObjectiveFailure):
                throw Exceeded(timeout: timeout, detail: error.reason, metrics: error.metrics)
            case .failure:
                throw Exceeded(timeout: timeout, detail: nil, metrics: [:])
            }
        }
    }
}

/// What a run has done so far, shared by its tasks.
final class RunTracker: Sendable {
    private struct State {
        var running: Set<Int> = []
        var finished: [TrialRecord] = []
        var best: TrialRecord?
        var started = 0
        var abandoned: [TrialRecord] = []
    }

    private let state: Mutex<State>
    private let directions: [StudyDirection]

    init(directions: [StudyDirection], best: TrialRecord?) {
        self.directions = directions
        state = Mutex(State(best: best))
    }

    func begin(_ number: Int) {
        state.withLock {
            $0.running.insert(number)
            $0.started += 1
        }
    }

    func finish(_ record: TrialRecord) {
        state.withLock { state in
            state.running.remove(record.number)
            state.finished.append(record)
            // The incumbent first, so a tie keeps it.
            state.best = StudyHistory.best(
                of: [state.best, record].compactMap { $0 }, directions: directions)
        }
    }

    var runningNumbers: [Int] { state.withLock { Array($0.running) } }

    /// Records trials of other processes that the heartbeat loop reaped.
    func noteAbandoned(_ trials: [TrialRecord]) {
        guard !trials.isEmpty else { return }
        state.withLock { $0.abandoned += trials }
    }

    var abandonedDuringRun: [TrialRecord] { state.withLock { $0.abandoned } }
    var finishedTrials: [TrialRecord] { state.withLock { $0.finished } }

    func progress(budget: Budget, elapsed: Duration, last: TrialRecord?, isStopping: Bool)
        -> ExecutionProgress
    {
        state.withLock { state in
            ExecutionProgress(
                finished: state.finished.count, started: state.started,
                running: state.running.count, budget: budget,
                completed: state.finished.filter { $0.state == .complete }.count,
                failed: state.finished.filter { $0.state == .failed }.count,
                pruned: state.finished.filter { $0.state == .pruned }.count, best: state.best,
                elapsed: elapsed,
                lastTrial: last, isStopping: isStopping)
        }
    }
}
