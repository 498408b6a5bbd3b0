import AutoMLData
import AutoMLExecutor
import AutoMLLearners
import AutoMLStudy
import Foundation

/// The objective of a model search: cross-validates a trial's configuration fold by fold, each
/// fold's fit on a thread of its own, reports every fold's score to the study (its pruner
/// decides after each), and leaves the trial's out-of-fold predictions in the study's artifact
/// store for the ensemble search.
///
/// A trial records the metrics of ``ModelTrialResult/metrics`` (fit seconds, latency p50/p99,
/// throughput, model bytes, score spread, folds run) and the attribute `learner`. A report that
/// fails (the trial was reaped or timed out, the storage is gone) fails the trial with that
/// error; nothing is swallowed.
public struct ModelObjective: Objective {
    public let evaluator: ModelTrialEvaluator
    /// Running trials stop between folds at this instant (the end of the model-search phase).
    public let deadline: ContinuousClock.Instant?
    /// Which trials keep their out-of-fold predictions.
    public let retention: PredictionRetention
    /// Recorded as the trial attribute `phase` (`model`, `front`).
    public let phase: String

    public init(
        evaluator: ModelTrialEvaluator, deadline: ContinuousClock.Instant? = nil,
        retention: PredictionRetention = PredictionRetention(), phase: String = "model"
    ) {
        self.evaluator = evaluator
        self.deadline = deadline
        self.retention = retention
        self.phase = phase
    }

    /// The result of `work`, or `nil` when `deadline` comes first (the work is then cancelled).
    static func beforeDeadline<Value: Sendable>(
        _ deadline: ContinuousClock.Instant?, _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value? {
        guard let deadline else { return try await work() }
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            return first
        }
    }

    public func evaluate(_ trial: Trial) async throws -> Evaluation {
        let evaluator = self.evaluator
        let configuration = trial.configuration
        let (model, learner) = try evaluator.model(for: configuration)
        trial.setAttribute(.learner, model.family.name)
        trial.setAttribute(.phase, phase)
        var folds: [FoldResult] = []
        var cpuSeconds = 0.0
        for index in evaluator.splits.indices {
            // A fold still running at the deadline is abandoned (its thread finishes in the
            // background and its result is dropped), so the time budget holds.
            guard
                let (fold, cpu) = try await Self.beforeDeadline(
                    deadline,
                    {
                        try await OwnThread.run {
                            try evaluator.fold(index, of: model, learner: learner)
                        }
                    })
            else {
                let partial = evaluator.result(of: model, folds: folds)
                throw ObjectiveFailure(
                    "stopped during fold \(index + 1): the budget ran out",
                    metrics: partial.metrics.merging([TrialMetric.cpuSeconds.name: cpuSeconds]) {
                        $1
                    })
            }
            folds.append(fold)
            cpuSeconds += cpu
            try await trial.report(fold.score, step: index)
            guard index < evaluator.splits.count - 1 else { break }
            if let deadline, ContinuousClock.now >= deadline {
                let partial = evaluator.result(of: model, folds: folds)
                throw ObjectiveFailure(
                    "stopped after \(folds.count) fold(s): the budget ran out",
                    metrics: partial.metrics.merging([TrialMetric.cpuSeconds.name: cpuSeconds]) {
                        $1
                    })
            }
            if trial.shouldPrune {
                let partial = evaluator.result(of: model, folds: folds)
                for (name, value) in partial.metrics { trial.setMetric(name, value) }
                trial.setMetric(.cpuSeconds, cpuSeconds)
                throw TrialPruned(
                    "pruned after \(folds.count) fold(s): mean \(String(format: "%.6g", partial.score)) cannot beat the best"
                )
            }
        }
        let completed = folds
        let (result, cpu) = try await OwnThread.run {
            evaluator.result(of: model, folds: completed)
        }
        cpuSeconds += cpu
        if let outOfFold = result.outOfFold {
            let storage = trial.storage
            try await storage.artifacts.put(
                OutOfFoldPredictions.encode(outOfFold), named: OutOfFoldPredictions.artifactName,
                trial: trial.number, of: trial.studyName)
            try await retention.apply(in: storage, study: trial.studyName)
        }
        var metrics = result.metrics
        metrics[.cpuSeconds] = cpuSeconds
        return Evaluation(value: result.score, metrics: metrics)
    }
}
