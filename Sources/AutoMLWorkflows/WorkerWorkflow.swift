import AutoMLData
import AutoMLExecutor
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLOptimizer
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl worker` as a library call: joins an existing study from any machine and runs trials
/// of the objective the study stores, until this process's budget is spent.
///
/// - A **command study** (`automl tune --command`, attribute `objective=command`) runs its
///   stored `command` through `/bin/sh -c` in this process's working directory, as `tune` does.
/// - A **model study** (`automl tune --data`, `objective=model`) reads the dataset from
///   ``dataPath`` or the stored `data` path, refuses a file whose content differs from the
///   stored `data_hash`, rebuilds the same folds from the stored `folds`, `metric`, `task`
///   and the study's seed, and runs model trials (``ModelObjective``) pruned by the
///   ``FoldPruner``. Each complete trial stores its out-of-fold predictions in the storage, so
///   the ensemble search and the profiles of a later `automl tune --data` or `automl export`
///   on the study use every worker's trials.
///
/// Every worker asks the study's own sampler inside the storage's transaction, which sees the
/// running trials of every worker as pending points; a dead worker's trials are marked failed
/// by the heartbeat of any live one (``staleAfter``).
public struct WorkerWorkflow: Sendable {
    public var study: String
    public var storage: StorageLocation
    /// Trials this process runs, or a span after which it starts none.
    public var budget: Budget
    public var jobs: Int
    /// The worker's copy of a model study's dataset (default: the path the study stores).
    public var dataPath: String?
    public var csvOptions: CSVOptions
    public var trialTimeout: Duration?
    /// After how long without a heartbeat another host's running trial counts as abandoned;
    /// heartbeats are sent every `min(10 s, staleAfter / 3)`.
    public var staleAfter: Duration
    /// Replaces the stored objective by one evaluated in this process (benchmarks of the
    /// storage, where spawning a program per trial would dominate): `nil` runs the study's.
    public var benchmarkObjective: BenchmarkObjective?

    /// An objective evaluated in-process, for measuring the storage and the sampler alone.
    public enum BenchmarkObjective: Sendable, Equatable {
        /// The sum of the squares of the numeric parameters, at once.
        case instant
        /// The same value after sleeping this long.
        case sleep(Duration)
    }

    public init(
        study: String, storage: StorageLocation, budget: Budget, jobs: Int = 1,
        dataPath: String? = nil, csvOptions: CSVOptions = .standard,
        trialTimeout: Duration? = nil, staleAfter: Duration = .seconds(300),
        benchmarkObjective: BenchmarkObjective? = nil
    ) {
        self.study = study
        self.storage = storage
        self.budget = budget
        self.jobs = jobs
        self.dataPath = dataPath
        self.csvOptions = csvOptions
        self.trialTimeout = trialTimeout
        self.staleAfter = staleAfter
        self.benchmarkObjective = benchmarkObjective
    }

    /// Runs this worker's trials; `stop` ends it early (Ctrl-C), `reporter` shows progress.
    /// - Returns: the same report as `automl tune --command`.
    /// - Throws: `StudyError.studyNotFound`; `StudyError.invalidArgument` for a study that
    ///   stores no objective (`automl ask`'s); `ProfileError.dataMismatch` for a dataset that
    ///   is missing or differs from the study's; storage errors.
    public func run(
        stop: StopController = StopController(),
        reporter: ProgressReporter = ProgressReporter(quiet: true)
    ) async throws -> TuneReport {
        // A worker is one of many processes on its machine: its sampler's and learners' BLAS
        // calls run on one thread, so idle OpenBLAS threads do not spin on the shared cores.
        BLASThreads.set(1)
        return try await storage.withStorage { storage in
            guard let record = try await storage.study(named: study) else {
                throw StudyError.studyNotFound(name: study)
            }
            var request = StudySession.Request(name: study, storage: self.storage)
            request.reusesRecentFits = true
            let objective: any Objective
            if let benchmarkObjective {
                objective = Self.objective(benchmarkObjective)
            } else if record.attributes["objective"] == "model" {
                let (model, pruner) = try modelObjective(record)
                objective = model
                request.pruner = pruner
            } else if let command = record.attributes["command"] {
                objective = CommandObjective(
                    command: command, valueCount: record.directions.count)
            } else {
                throw StudyError.invalidArgument(
                    name: "--study", value: "'\(study)', which stores no objective",
                    expected:
                        "a study created by `automl tune --command` or `automl tune --data` (a study of `automl ask` "
                        + "is driven by ask and tell)")
            }
            let opened = try await StudySession.open(request, in: storage)
            reporter.note(
                "worker joins study '\(study)' (\(opened.trialCountAtOpen) trials so far) in \(self.storage), "
                    + "sampler \(record.sampler.name)")
            let heartbeat = min(Duration.seconds(10), staleAfter / 3)
            let executor = TrialExecutor(
                study: opened.study, objective: objective,
                options: ExecutionOptions(
                    budget: budget, jobs: jobs, trialTimeout: trialTimeout,
                    heartbeatInterval: heartbeat, staleAfter: staleAfter),
                stop: stop, observer: { reporter.show($0) })
            let summary = try await executor.run()
            reporter.finish()
            for trial in summary.abandoned {
                reporter.note(
                    "trial \(trial.number) marked failed: \(trial.failureReason ?? "abandoned")")
            }
            return TuneReport(
                study: study, storage: self.storage.description, isResumed: true,
                trialCountBefore: opened.trialCountAtOpen, summary: summary,
                directions: record.directions)
        }
    }

    /// The model objective of a model study, on this worker's copy of its data.
    private func modelObjective(_ record: StudyRecord) throws -> (ModelObjective, FoldPruner) {
        let dataset = try StudyDataset.load(for: record, path: dataPath, options: csvOptions)
        let metric = record.attributes["metric"].flatMap(Metric.init(rawValue:))
        let folds = Int(record.attributes["folds"] ?? "") ?? 5
        let seed = record.sampler.seed ?? 0
        let plan = try ModelSearchPlan(
            dataset: dataset, metric: metric, folds: folds, seed: seed, space: record.space,
            dataPath: dataPath ?? record.attributes["data"] ?? "")
        let evaluator = ModelTrialEvaluator(
            dataset: plan.dataset, splits: plan.splits, metric: plan.metric, seed: seed,
            defaultFamily: record.attributes["default_family"])
        return (
            ModelObjective(evaluator: evaluator, retention: PredictionRetention()), FoldPruner()
        )
    }

    private static func objective(_ kind: BenchmarkObjective) -> any Objective {
        AsyncObjective { trial in
            if case .sleep(let duration) = kind { try await Task.sleep(for: duration) }
            let numbers = trial.configuration.values.values.compactMap(\.number)
            return Evaluation(value: numbers.reduce(0) { $0 + $1 * $1 })
        }
    }
}
