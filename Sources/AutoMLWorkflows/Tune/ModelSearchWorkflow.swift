import AutoMLData
import AutoMLEnsemble
import AutoMLExecutor
import AutoMLLearners
import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl tune --data FILE --target COL` as a library call: searches learner families, their
/// hyperparameters and preprocessing by k-fold CV, then ensemble compositions over the trials'
/// out-of-fold predictions, and fits the winner (single model or ensemble) on all the data.
///
/// Budget: with a time budget, model trials start during the first 80 % of it and are stopped
/// between folds at 85 %; the ensemble search runs until 92 %, and the rest is kept for the
/// final fit. A trial budget counts model trials; the ensemble search then runs its
/// `ensembleEvaluations` in full.
public struct ModelSearchWorkflow: Sendable {
    public struct Settings: Sendable {
        public var dataPath: String
        public var targetName: String
        public var task: LearningTask?
        /// Default: accuracy (classification) or RMSE (regression).
        public var metric: Metric?
        public var space: SearchSpace
        /// The family of a space without a `learner` parameter (a single-family space file).
        public var defaultFamily: String?
        /// The ensemble composition space (`SearchSpaces/ensemble.yaml`); nil skips ensembles.
        public var ensembleSpace: SearchSpace?
        public var ensembleEvaluations: Int
        public var folds: Int
        public var budget: Budget
        public var jobs: Int
        public var seed: UInt64
        public var samplerName: String
        public var studyName: String
        public var storage: StorageLocation
        public var outputDirectory: String?
        public var csvOptions: CSVOptions
        public var trialTimeout: Duration?
        /// Attributes stored with a new study (e.g. the space file's path).
        public var attributes: [String: String]

        public init(
            dataPath: String, targetName: String, task: LearningTask? = nil, metric: Metric? = nil, space: SearchSpace,
            defaultFamily: String? = nil, ensembleSpace: SearchSpace?, ensembleEvaluations: Int = 40, folds: Int = 5,
            budget: Budget, jobs: Int = 1, seed: UInt64 = 0, samplerName: String, studyName: String,
            storage: StorageLocation = .standard, outputDirectory: String? = nil, csvOptions: CSVOptions = .standard,
            trialTimeout: Duration? = nil, attributes: [String: String] = [:]
        ) {
            self.dataPath = dataPath
            self.targetName = targetName
            self.task = task
            self.metric = metric
            self.space = space
            self.defaultFamily = defaultFamily
            self.ensembleSpace = ensembleSpace
            self.ensembleEvaluations = ensembleEvaluations
            self.folds = folds
            self.budget = budget
            self.jobs = jobs
            self.seed = seed
            self.samplerName = samplerName
            self.studyName = studyName
            self.storage = storage
            self.outputDirectory = outputDirectory
            self.csvOptions = csvOptions
            self.trialTimeout = trialTimeout
            self.attributes = attributes
        }
    }

    public var settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// Runs the search; `stop` ends the model search early (Ctrl-C) and goes on to the ensembles
    /// and the final fit with what is there.
    public func run(stop: StopController = StopController(), reporter: ProgressReporter = ProgressReporter(quiet: true))
        async throws -> ModelSearchReport
    {
        let table = try CSVReader.read(contentsOf: settings.dataPath, options: settings.csvOptions)
        let dataset = try Dataset(table: table, targetName: settings.targetName, task: settings.task)
        return try await run(on: dataset, stop: stop, reporter: reporter)
    }

    /// Runs the search on a dataset already in memory (``Settings/dataPath`` is then only
    /// recorded with the study).
    public func run(
        on dataset: Dataset, stop: StopController = StopController(), reporter: ProgressReporter = ProgressReporter(quiet: true)
    ) async throws -> ModelSearchReport {
        let clock = ContinuousClock()
        let start = clock.now
        BLASThreads.set(1)
        if let directory = settings.outputDirectory {
            try OutputFolder.prepare(directory, files: Self.outputFiles)
        }
        let metric = settings.metric ?? (dataset.task == .classification ? .accuracy : .rmse)
        guard metric.isClassification == (dataset.task == .classification) else {
            throw TuneError.invalidSetting(
                name: "--metric", expected: "a \(dataset.task.rawValue) metric", got: metric.rawValue)
        }
        let splits: [Split]
        do { splits = try CrossValidation.folds(for: dataset, count: settings.folds, seed: settings.seed) } catch {
            throw TuneError.data(error)
        }
        let space = settings.space.restrictingChoices(of: "learner") { value in
            LearnerCatalog.family(named: value.description)?.handles(dataset.task) ?? false
        }
        var request = StudySession.Request(
            name: settings.studyName, storage: settings.storage, space: space,
            directions: [metric.isHigherBetter ? .maximize : .minimize], samplerName: settings.samplerName,
            seed: settings.seed,
            attributes: settings.attributes.merging([
                "objective": "model", "data": settings.dataPath, "target": settings.targetName,
                "metric": metric.rawValue, "folds": String(settings.folds), "task": dataset.task.rawValue,
                "rows": String(dataset.rowCount), "features": dataset.features.columnNames.joined(separator: ","),
            ]) { given, _ in given })
        request.matchingAttributes = ["target", "metric", "folds", "task", "rows", "features"]
        request.pruner = FoldPruner()
        request.initialConfigurations = LowCostStart.configurations(for: space, rowCount: dataset.rowCount)
        let opened = try await StudySession.open(request)
        let study = opened.study
        reporter.note(
            (opened.isResumed ? "continuing study '\(study.name)' (\(opened.trialCountAtOpen) trials so far)" : "new study '\(study.name)'")
                + ": \(dataset.rowCount) rows, \(dataset.task.rawValue), \(metric.rawValue), \(splits.count)-fold CV, sampler \(study.record.sampler.name)")

        // Budget split.
        var modelBudget = settings.budget
        var trialDeadline: ContinuousClock.Instant?
        var ensembleDeadline: ContinuousClock.Instant?
        if case .time(let total) = settings.budget {
            modelBudget = .time(total * 0.8)
            trialDeadline = start + total * 0.85
            ensembleDeadline = start + total * 0.92
        }

        let store = TrialResultStore()
        let evaluator = ModelTrialEvaluator(
            dataset: dataset, splits: splits, metric: metric, seed: settings.seed, defaultFamily: settings.defaultFamily)
        let objective = Self.objective(evaluator: evaluator, store: store, deadline: trialDeadline)
        let executor = TrialExecutor(
            study: study, objective: objective,
            options: ExecutionOptions(budget: modelBudget, jobs: settings.jobs, trialTimeout: settings.trialTimeout),
            stop: stop, observer: { reporter.show($0) })
        let execution = try await executor.run()
        reporter.finish()
        let modelSearchSeconds = (clock.now - start).seconds

        // Ensembles over this run's complete trials.
        let results = store.all
        let members = results.compactMap { number, result -> EnsembleMember? in
            guard let outOfFold = result.outOfFold else { return nil }
            return EnsembleMember(id: number, outOfFold: outOfFold, score: result.score)
        }.sorted { $0.id < $1.id }
        var ensembleOutcome: (all: [EnsembleSearch.Evaluation], best: EnsembleSearch.Evaluation?)?
        if let ensembleSpace = settings.ensembleSpace, members.count >= 2, stop.level < .abort {
            let sampler = try SamplerCatalog.sampler(SamplerSettings(name: settings.samplerName, seed: settings.seed))
            let search = EnsembleSearch(
                space: ensembleSpace, sampler: sampler, evaluations: settings.ensembleEvaluations, seed: settings.seed)
            ensembleOutcome = try search.run(
                members: members, target: dataset.target, metric: metric, deadline: ensembleDeadline)
        }

        // The winner.
        let trials = try await study.trials
        guard let bestTrial = try await study.bestTrial, let bestValue = bestTrial.value else {
            throw TuneError.noCompleteTrial(
                reason: "\(execution.trials.count) trial(s) ran: \(execution.failed) failed, \(execution.pruned) pruned")
        }
        let single = ModelSearchReport.Candidate(
            kind: "single", score: bestValue, scoreStandardDeviation: bestTrial.metrics["score_std"],
            description: "trial \(bestTrial.number): " + ((try? ModelConfiguration.decode(
                bestTrial.configuration, defaultFamily: settings.defaultFamily).description) ?? "\(bestTrial.configuration)"))
        var ensembleCandidate: ModelSearchReport.Candidate?
        var chosenEnsemble: Ensemble?
        if let ensemble = ensembleOutcome?.best?.ensemble {
            ensembleCandidate = .init(
                kind: "ensemble", score: ensemble.score, scoreStandardDeviation: ensemble.scoreStandardDeviation,
                description: ensemble.description)
            let better = metric.isHigherBetter ? ensemble.score > bestValue + 1e-12 : ensemble.score < bestValue - 1e-12
            if better { chosenEnsemble = ensemble }
        }
        let ensembleNote: String
        if let candidate = ensembleCandidate {
            let gain = metric.isHigherBetter ? candidate.score - bestValue : bestValue - candidate.score
            ensembleNote = chosenEnsemble != nil
                ? "the ensemble beats the best single model by \(ProgressReporter.format(gain)) \(metric.rawValue)"
                : "the best ensemble (\(ProgressReporter.format(candidate.score))) does not beat the best single model "
                    + "(\(ProgressReporter.format(bestValue))), so the single model is kept"
        } else if settings.ensembleSpace == nil {
            ensembleNote = "no ensemble searched (no ensemble space)"
        } else {
            ensembleNote = "no ensemble: fewer than 2 trials of this run completed all folds"
        }

        // Final fit on all the data.
        let fitStart = clock.now
        let deployed: DeployedModel
        if let ensemble = chosenEnsemble {
            var pipelines: [Pipeline] = []
            for id in ensemble.memberIDs {
                guard let record = trials.first(where: { $0.number == id }) else { continue }
                pipelines.append(try Self.fitPipeline(record.configuration, on: dataset, settings: settings))
            }
            deployed = .ensemble(EnsemblePipeline(summary: ensemble.description, members: pipelines, combiner: ensemble.combiner))
        } else {
            deployed = .single(try Self.fitPipeline(bestTrial.configuration, on: dataset, settings: settings))
        }
        let finalFitSeconds = (clock.now - fitStart).seconds

        let pruned = execution.trials.filter { $0.state == .pruned }
        let savedSeconds = pruned.reduce(0.0) { total, trial in
            let run = trial.metrics["folds_run"] ?? Double(splits.count)
            return total + max(Double(splits.count) - run, 0) * (trial.metrics["fit_seconds"] ?? 0)
        }
        let report = ModelSearchReport(
            study: study.name, storage: settings.storage.description, dataset: settings.dataPath,
            task: dataset.task.rawValue, rows: dataset.rowCount, metric: metric.rawValue, folds: splits.count,
            best: chosenEnsemble != nil ? (ensembleCandidate ?? single) : single, bestSingle: single,
            bestSingleParams: bestTrial.configuration,
            bestEnsemble: ensembleCandidate, ensembleNote: ensembleNote,
            trials: execution.trials.count, studyTrials: trials.count, complete: execution.completed,
            failed: execution.failed, pruned: execution.pruned, prunedFoldSeconds: savedSeconds,
            modelSearchSeconds: modelSearchSeconds, ensembleEvaluations: ensembleOutcome?.all.count ?? 0,
            finalFitSeconds: finalFitSeconds, elapsedSeconds: (clock.now - start).seconds,
            modelBytes: deployed.parameterBytes,
            families: ModelSearchReport.familyRows(trials, metric: metric, defaultFamily: settings.defaultFamily),
            wasStopped: execution.wasStopped)
        if let directory = settings.outputDirectory {
            // Checked again: the folder may have been moved or filled during a long search.
            try OutputFolder.prepare(directory, files: Self.outputFiles)
            try deployed.write(to: directory + "/model.json")
            try AtomicFile.write(try report.json(), to: directory + "/summary.json")
            let export = StudyReport(study: study.record, trials: try await study.trials)
            try AtomicFile.write(try export.json() + Data("\n".utf8), to: directory + "/study.json")
        }
        return report
    }

    /// What `--out DIR` receives.
    static let outputFiles = ["model.json", "summary.json", "study.json"]

    /// The model objective: cross-validation on a thread of its own, every fold reported to the
    /// study (the pruner decides after each), stopped between folds at `deadline`.
    static func objective(
        evaluator: ModelTrialEvaluator, store: TrialResultStore, deadline: ContinuousClock.Instant?
    ) -> any Objective {
        BlockingObjective { trial in
            let clock = ContinuousClock()
            var stoppedByDeadline = false
            let result: ModelTrialResult
            do {
                result = try evaluator.evaluate(trial.configuration) { fold, score in
                    let done = DispatchSemaphore(value: 0)
                    Task {
                        try? await trial.report(score, step: fold)
                        done.signal()
                    }
                    done.wait()
                    if let deadline, clock.now >= deadline {
                        stoppedByDeadline = true
                        return false
                    }
                    return !trial.shouldPrune
                }
            } catch {
                throw ObjectiveFailure("\(error)")
            }
            for (name, value) in result.metrics { trial.setMetric(name, value) }
            trial.setMetric("score_std", result.scoreStandardDeviation)
            if !result.isComplete {
                let folds = result.foldScores.count
                if stoppedByDeadline {
                    throw ObjectiveFailure("stopped after \(folds) fold(s): the budget ran out", metrics: result.metrics)
                }
                throw TrialPruned(
                    "pruned after \(folds) fold(s): mean \(ProgressReporter.format(result.score)) cannot beat the best")
            }
            store.record(result, for: trial.number)
            return Evaluation(value: result.score, metrics: result.metrics)
        }
    }

    /// The pipeline of `configuration` fitted on all of `dataset`.
    static func fitPipeline(_ configuration: Configuration, on dataset: Dataset, settings: Settings) throws -> Pipeline {
        let model = try ModelConfiguration.decode(configuration, defaultFamily: settings.defaultFamily)
        return try Pipeline.fit(model.learner(), on: dataset, preprocessing: model.preprocessing, seed: settings.seed)
    }
}
