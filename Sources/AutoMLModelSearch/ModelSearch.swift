import AutoMLData
import AutoMLEnsemble
import AutoMLExecutor
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStudy
import Foundation

/// A model search on an open study (`automl tune --data` without the files): the phases in
/// order — model search (``ModelSearchPhase``), ensemble search (``EnsembleSearchPhase``),
/// final fit (``FinalFitPhase``) — under one budget split (``BudgetSplit``).
///
/// ```swift
/// let plan = try ModelSearchPlan(dataset: dataset, metric: nil, folds: 5, seed: 0, space: space, dataPath: "iris.csv")
/// let study = try await Study.create(name: "iris", space: plan.space, directions: [plan.direction],
///                                    sampler: GPSampler(seed: 0), storage: storage, pruner: FoldPruner())
/// let result = try await ModelSearch(settings).run(plan, on: study)
/// try result.model.write(to: "model.json")
/// ```
public struct ModelSearch: Sendable {
    public struct Settings: Sendable {
        /// The ensemble composition space (`SearchSpaces/ensemble.yaml`); nil skips ensembles.
        public var ensembleSpace: SearchSpace?
        public var ensembleEvaluations: Int
        public var budget: Budget
        public var jobs: Int
        public var seed: UInt64
        /// The sampler of the ensemble study (the model study's own sampler is its own).
        public var samplerName: String
        public var trialTimeout: Duration?
        /// The family of a space without a `learner` parameter (a single-family space file).
        public var defaultFamily: String?
        /// Which trials keep their out-of-fold predictions (and the ensemble pool's size).
        public var retention: PredictionRetention
        /// The share of the model-search budget spent on the front search (0 turns it off).
        public var frontShare: Double
        /// The trade-off tolerance in the metric's units; `nil`: one standard error of the
        /// best trial's score.
        public var tolerance: Double?

        public init(
            ensembleSpace: SearchSpace?, ensembleEvaluations: Int = 40, budget: Budget,
            jobs: Int = 1,
            seed: UInt64 = 0, samplerName: String, trialTimeout: Duration? = nil,
            defaultFamily: String? = nil,
            retention: PredictionRetention = PredictionRetention(),
            frontShare: Double = BudgetSplit.defaultFrontShare, tolerance: Double? = nil
        ) {
            self.frontShare = frontShare
            self.tolerance = tolerance
            self.ensembleSpace = ensembleSpace
            self.ensembleEvaluations = ensembleEvaluations
            self.budget = budget
            self.jobs = jobs
            self.seed = seed
            self.samplerName = samplerName
            self.trialTimeout = trialTimeout
            self.defaultFamily = defaultFamily
            self.retention = retention
        }
    }

    /// What a search produced.
    public struct Result: Sendable {
        public var report: ModelSearchReport
        /// The winner fitted on all the data.
        public var model: ModelArtifact
        public var winner: ModelSearchWinner
    }

    public var settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// Runs every phase of the search of `plan` on `study` (created or continued by the
    /// caller with `plan.space` and `plan.direction`).
    /// - Parameters:
    ///   - start: when the search started (the time budget counts from it).
    ///   - stop: ends the model search early (Ctrl-C); the ensemble search and the final fit
    ///     still run unless it aborts.
    ///   - observer: told the model search's progress.
    /// - Throws: ``ModelSearchError/noCompleteTrial(reason:)`` when no model trial completed,
    ///   ``ModelSearchError`` from the final fit, the storage's errors.
    public func run(
        _ plan: ModelSearchPlan, on study: Study, start: ContinuousClock.Instant = .now,
        stop: StopController = StopController(),
        observer: (@Sendable (ExecutionProgress) -> Void)? = nil
    ) async throws -> Result {
        let clock = ContinuousClock()
        BLASThreads.set(1)
        let budget = BudgetSplit(settings.budget, start: start, frontShare: settings.frontShare)
        let evaluator = ModelTrialEvaluator(
            dataset: plan.dataset, splits: plan.splits, metric: plan.metric, seed: settings.seed,
            defaultFamily: settings.defaultFamily)
        var execution = try await ModelSearchPhase(
            evaluator: evaluator, budget: budget, jobs: settings.jobs,
            trialTimeout: settings.trialTimeout,
            retention: settings.retention
        ).run(on: study, stop: stop, observer: observer)
        var frontTrials = 0
        if let frontBudget = budget.frontSearch, !stop.isStopping {
            let front = try await FrontSearchPhase(
                evaluator: evaluator, budget: frontBudget, deadline: budget.frontDeadline,
                trialDeadline: budget.modelTrialDeadline, jobs: settings.jobs,
                trialTimeout: settings.trialTimeout, retention: settings.retention,
                tolerance: settings.tolerance
            ).run(on: study, stop: stop, observer: observer)
            frontTrials = front.trials.count
            execution = execution.merged(with: front)
        }
        let modelSearchSeconds = (clock.now - start).seconds

        var ensembles: EnsembleSearchPhase.Outcome?
        // Keep room for the final fit of the best single model at least: the ensemble search
        // ends that much before the budget does (no earlier than its own share).
        let end = budget.end
        let bestSoFar = StudyHistory.best(of: try await study.trials, directions: study.directions)
        let singleFitEstimate =
            bestSoFar.map { FinalFitPlan.estimatedSeconds(of: [$0], folds: plan.splits.count) } ?? 0
        var ensembleDeadline = budget.ensembleDeadline
        if let deadline = ensembleDeadline, let end {
            ensembleDeadline = min(deadline, end - .seconds(singleFitEstimate))
        }
        if let space = settings.ensembleSpace, stop.level < .abort {
            let phase = EnsembleSearchPhase(
                space: space, samplerName: settings.samplerName, seed: settings.seed,
                evaluations: settings.ensembleEvaluations, deadline: ensembleDeadline,
                poolLimit: settings.retention.count)
            // A graceful stop ends the model search only; a second Ctrl-C (abort) ends this too.
            let ensembleStop = StopController()
            stop.onAbort { ensembleStop.request(.abort) }
            ensembles = try await phase.run(
                for: study, target: plan.dataset.target, metric: plan.metric, folds: plan.splits,
                stop: ensembleStop)
        }

        let trials = try await study.trials
        guard let bestTrial = StudyHistory.best(of: trials, directions: study.directions),
            let bestValue = bestTrial.value
        else {
            throw ModelSearchError.noCompleteTrial(
                reason:
                    "\(execution.trials.count) trial(s) ran: \(execution.failed) failed, \(execution.pruned) pruned"
            )
        }
        var winner = ModelSearchWinner.choose(
            single: bestTrial, ensemble: ensembles?.best, direction: plan.direction)
        var plannedFit = FinalFitPlan.estimatedSeconds(
            of: winner, modelTrials: trials, folds: plan.splits.count)
        var fitNote: String?
        if case .ensemble = winner, let end {
            // An ensemble whose members would not be refitted before the budget ends gives way
            // to the best single model, when that one fits.
            let left = (end - clock.now).seconds
            let single = FinalFitPlan.estimatedSeconds(of: [bestTrial], folds: plan.splits.count)
            if plannedFit > left, single <= left {
                winner = .single(bestTrial)
                fitNote =
                    "the best ensemble's final fit (about \(Self.format(plannedFit)) s) would not fit the "
                    + "\(Self.format(left)) s left, so the best single model is deployed"
                plannedFit = single
            }
        }
        let fitStart = clock.now
        let model = try FinalFitPhase(
            dataset: plan.dataset, seed: settings.seed, defaultFamily: settings.defaultFamily
        )
        .fit(winner, modelTrials: trials)
        let finalFitSeconds = (clock.now - fitStart).seconds

        let single = ModelSearchReport.Candidate(
            kind: "single", score: bestValue, scoreStandardDeviation: bestTrial.metrics[.scoreStd],
            description: "trial \(bestTrial.number): "
                + ((try? ModelConfiguration(
                    bestTrial.configuration, defaultFamily: settings.defaultFamily
                ).description)
                    ?? "\(bestTrial.configuration)"),
            trial: bestTrial.number)
        var ensembleCandidate: ModelSearchReport.Candidate?
        if let (trial, ensemble) = ensembles?.best {
            ensembleCandidate = .init(
                kind: "ensemble", score: ensemble.score,
                scoreStandardDeviation: ensemble.scoreStandardDeviation,
                description: ensemble.summary, trial: trial.number, members: ensemble.memberTrials)
        }
        var ensembleNote: String
        if let candidate = ensembleCandidate {
            let gain =
                plan.metric.isHigherBetter
                ? candidate.score - bestValue : bestValue - candidate.score
            if case .ensemble = winner {
                ensembleNote =
                    "the ensemble beats the best single model by \(Self.format(gain)) \(plan.metric.rawValue)"
            } else {
                ensembleNote =
                    "the best ensemble (\(Self.format(candidate.score))) does not beat the best single model "
                    + "(\(Self.format(bestValue))), so the single model is kept"
            }
        } else if settings.ensembleSpace == nil {
            ensembleNote = "no ensemble searched (no ensemble space)"
        } else {
            ensembleNote = "no ensemble: fewer than 2 complete trials have stored predictions"
        }
        let pruned = execution.trials.filter { $0.state == .pruned }
        let savedSeconds = pruned.reduce(0.0) { total, trial in
            let run = trial.metrics[.foldsRun] ?? Double(plan.splits.count)
            return total + max(Double(plan.splits.count) - run, 0)
                * (trial.metrics[.fitSeconds] ?? 0)
        }
        if let fitNote { ensembleNote = fitNote }
        let isEnsemble: Bool = {
            if case .ensemble = winner { return true } else { return false }
        }()
        let report = ModelSearchReport(
            study: study.name, storage: "", dataset: plan.studyAttributes["data"] ?? "",
            task: plan.dataset.task.rawValue, rows: plan.dataset.rowCount,
            metric: plan.metric.rawValue,
            folds: plan.splits.count, best: isEnsemble ? (ensembleCandidate ?? single) : single,
            bestSingle: single,
            bestSingleParams: bestTrial.configuration, bestEnsemble: ensembleCandidate,
            ensembleNote: ensembleNote,
            ensembleStudy: ensembles?.study.name,
            ensemblePool: ensembles?.pool.members.map(\.id) ?? [],
            trials: execution.trials.count, frontTrials: frontTrials, studyTrials: trials.count,
            complete: execution.completed,
            failed: execution.failed, pruned: execution.pruned, prunedFoldSeconds: savedSeconds,
            modelSearchSeconds: modelSearchSeconds,
            ensembleEvaluations: ensembles?.trials.count ?? 0,
            finalFitSeconds: finalFitSeconds, plannedFinalFitSeconds: plannedFit,
            budgetSeconds: budget.end.map { ($0 - start).timeInterval },
            elapsedSeconds: (clock.now - start).seconds,
            modelBytes: model.parameterBytes,
            families: ModelSearchReport.familyRows(
                trials, metric: plan.metric, defaultFamily: settings.defaultFamily),
            wasStopped: execution.wasStopped)
        return Result(report: report, model: model, winner: winner)
    }

    /// Up to 6 significant digits.
    static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
