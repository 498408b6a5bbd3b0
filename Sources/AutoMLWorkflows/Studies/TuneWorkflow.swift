import AutoMLNumerics
import AutoMLExecutor
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl tune` as a library call: opens (or continues) the study, runs trials of the chosen
/// objective under the budget, and reports the best trial.
public struct TuneWorkflow: Sendable {
    /// What each trial evaluates.
    public enum ObjectiveSource: Sendable, Equatable {
        /// An external program (`--command`), see ``CommandObjective``.
        case command(String)
    }

    public var session: StudySession.Request
    public var objective: ObjectiveSource
    public var options: ExecutionOptions

    public init(
        session: StudySession.Request, objective: ObjectiveSource, options: ExecutionOptions
    ) {
        self.session = session
        self.objective = objective
        self.options = options
    }

    /// Runs the study; `stop` ends it early (Ctrl-C), `reporter` shows progress.
    public func run(
        stop: StopController = StopController(),
        reporter: ProgressReporter = ProgressReporter(quiet: true)
    )
        async throws -> TuneReport
    {
        // This process only samples; the objective runs in other processes. One OpenBLAS thread:
        // the pool's idle thread would spin on sched_yield through every suggestion, taking a
        // core from the objective (60 GP trials of a command: 1.44 s of CPU against 0.8 s).
        BLASThreads.set(1)
        var request = session
        switch objective {
        case .command(let command):
            request.attributes["objective"] = "command"
            request.attributes["command"] = command
        }
        return try await request.storage.withStorage { storage in
            try await run(request, in: storage, stop: stop, reporter: reporter)
        }
    }

    private func run(
        _ request: StudySession.Request, in storage: any StudyStorage, stop: StopController,
        reporter: ProgressReporter
    ) async throws -> TuneReport {
        let opened = try await StudySession.open(request, in: storage)
        let study = opened.study
        reporter.note(
            opened.isResumed
                ? "continuing study '\(study.name)' (\(opened.trialCountAtOpen) trials so far) in \(session.storage)"
                : "new study '\(study.name)' in \(session.storage), sampler \(study.record.sampler.name)"
        )
        let executor = TrialExecutor(
            study: study, objective: makeObjective(for: study), options: options, stop: stop,
            observer: { reporter.show($0) })
        let summary = try await executor.run()
        reporter.finish()
        for trial in summary.abandoned {
            reporter.note(
                "trial \(trial.number) marked failed: \(trial.failureReason ?? "abandoned")")
        }
        return TuneReport(
            study: study.name, storage: session.storage.description, isResumed: opened.isResumed,
            trialCountBefore: opened.trialCountAtOpen, summary: summary,
            directions: study.directions)
    }

    private func makeObjective(for study: Study) -> any Objective {
        switch objective {
        case .command(let command):
            return CommandObjective(command: command, valueCount: study.directions.count)
        }
    }
}

/// What a tune run did, printed by `automl tune` (`--json` encodes it).
public struct TuneReport: Sendable, Encodable {
    public var study: String
    public var storage: String
    public var isResumed: Bool
    public var trialCountBefore: Int
    public var summary: ExecutionSummary
    public var directions: [StudyDirection]

    private enum Keys: String, CodingKey {
        case study, storage, resumed, directions, best, stopped
        case trialsBefore = "trials_before"
        case trialsRun = "trials_run"
        case complete, failed, pruned
        case elapsedSeconds = "elapsed_seconds"
        case abandoned = "abandoned_trials"
    }

    private enum BestKeys: String, CodingKey {
        case number, value, values, params
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(study, forKey: .study)
        try container.encode(storage, forKey: .storage)
        try container.encode(isResumed, forKey: .resumed)
        try container.encode(directions, forKey: .directions)
        try container.encode(trialCountBefore, forKey: .trialsBefore)
        try container.encode(summary.trials.count, forKey: .trialsRun)
        try container.encode(summary.completed, forKey: .complete)
        try container.encode(summary.failed, forKey: .failed)
        try container.encode(summary.pruned, forKey: .pruned)
        try container.encode(summary.wasStopped, forKey: .stopped)
        try container.encode(summary.elapsed.seconds, forKey: .elapsedSeconds)
        try container.encode(summary.abandoned.map(\.number), forKey: .abandoned)
        if let best = summary.best {
            var nested = container.nestedContainer(keyedBy: BestKeys.self, forKey: .best)
            try nested.encode(best.number, forKey: .number)
            try nested.encode(best.value, forKey: .value)
            try nested.encode(best.values, forKey: .values)
            try nested.encode(best.configuration, forKey: .params)
        } else {
            try container.encodeNil(forKey: .best)
        }
    }

    /// The human-readable closing lines.
    public var text: String {
        var lines = [
            "study '\(study)': \(summary.trials.count) trials this run (\(summary.completed) complete, "
                + "\(summary.failed) failed, \(summary.pruned) pruned) in \(DurationText.format(summary.elapsed))"
                + (summary.wasStopped ? ", stopped early" : "")
        ]
        if let best = summary.best {
            let values = (best.values ?? []).map(ProgressReporter.format).joined(separator: ", ")
            lines.append("best: trial \(best.number), value \(values)")
            for name in best.configuration.values.keys.sorted() {
                lines.append("  \(name) = \(best.configuration.values[name].map { "\($0)" } ?? "")")
            }
        } else {
            lines.append("best: none yet (no trial completed)")
        }
        return lines.joined(separator: "\n")
    }
}
