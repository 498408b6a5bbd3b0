import AutoMLData
import AutoMLExecutor
import AutoMLModelSearch
import AutoMLOptimizer
import AutoMLProfiles
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// `automl tune --data FILE --target COL` as a library call: reads the data, opens (or
/// continues) the model study in the storage, runs the phases of a ``ModelSearch`` and writes
/// `model.json`, `summary.json` and `study.json` to the output folder.
///
/// The budget is split between the phases as ``BudgetSplit`` documents.
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
        /// Model trials that keep their out-of-fold predictions (the ensemble pool).
        public var retention: PredictionRetention
        /// The share of the model-search budget spent on the front search.
        public var frontShare: Double
        /// The trade-off tolerance of the front search and the profiles; `nil`: one standard
        /// error of the best score.
        public var tolerance: Double?
        /// Where the four production profiles are written at the end (`--profiles DIR`).
        public var profilesDirectory: String?
        /// Attributes stored with a new study (e.g. the space file's path).
        public var attributes: [String: String]

        public init(
            dataPath: String, targetName: String, task: LearningTask? = nil, metric: Metric? = nil,
            space: SearchSpace,
            defaultFamily: String? = nil, ensembleSpace: SearchSpace?,
            ensembleEvaluations: Int = 40, folds: Int = 5,
            budget: Budget, jobs: Int = 1, seed: UInt64 = 0, samplerName: String, studyName: String,
            storage: StorageLocation = .standard, outputDirectory: String? = nil,
            csvOptions: CSVOptions = .standard,
            trialTimeout: Duration? = nil, retention: PredictionRetention = PredictionRetention(),
            frontShare: Double = BudgetSplit.defaultFrontShare, tolerance: Double? = nil,
            profilesDirectory: String? = nil, attributes: [String: String] = [:]
        ) {
            self.frontShare = frontShare
            self.tolerance = tolerance
            self.profilesDirectory = profilesDirectory
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
            self.retention = retention
            self.attributes = attributes
        }
    }

    public var settings: Settings

    public init(_ settings: Settings) {
        self.settings = settings
    }

    /// Runs the search; `stop` ends the model search early (Ctrl-C) and goes on to the ensembles
    /// and the final fit with what is there.
    public func run(
        stop: StopController = StopController(),
        reporter: ProgressReporter = ProgressReporter(quiet: true)
    )
        async throws -> ModelSearchReport
    {
        let table = try CSVReader.read(contentsOf: settings.dataPath, options: settings.csvOptions)
        let dataset = try Dataset(
            table: table, targetName: settings.targetName, task: settings.task)
        return try await run(on: dataset, stop: stop, reporter: reporter)
    }

    /// Runs the search on a dataset already in memory (``Settings/dataPath`` is then only
    /// recorded with the study).
    public func run(
        on dataset: Dataset, stop: StopController = StopController(),
        reporter: ProgressReporter = ProgressReporter(quiet: true)
    ) async throws -> ModelSearchReport {
        let start = ContinuousClock.now
        let inputs = [settings.dataPath] + settings.storage.files
        let output = settings.outputDirectory.map {
            ModelSearchOutput(directory: $0, protecting: inputs)
        }
        // Folders this run creates are removed again, empty, when it fails before writing.
        var created: [String] = []
        if let output, try output.prepare() { created.append(output.directory) }
        if let directory = settings.profilesDirectory,
            try OutputFolder.prepare(
                directory, files: ProfileKind.allCases.map(\.fileName), protecting: inputs)
        {
            created.append(directory)
        }
        do {
            return try await search(
                dataset, output: output, start: start, stop: stop, reporter: reporter)
        } catch {
            created.forEach(OutputFolder.removeIfEmpty)
            throw error
        }
    }

    private func search(
        _ dataset: Dataset, output: ModelSearchOutput?, start: ContinuousClock.Instant,
        stop: StopController,
        reporter: ProgressReporter
    ) async throws -> ModelSearchReport {
        let plan = try ModelSearchPlan(
            dataset: dataset, metric: settings.metric, folds: settings.folds, seed: settings.seed,
            space: settings.space, dataPath: settings.dataPath)
        var attributes = settings.attributes.merging(plan.studyAttributes) { given, _ in given }
        attributes["data_hash"] = DatasetFingerprint(dataset).contentHash
        if let family = settings.defaultFamily { attributes["default_family"] = family }
        var request = StudySession.Request(
            name: settings.studyName, storage: settings.storage, space: plan.space,
            directions: [plan.direction], samplerName: settings.samplerName, seed: settings.seed,
            attributes: attributes)
        request.matchingAttributes = ModelSearchPlan.matchingAttributes
        request.pruner = FoldPruner()
        request.initialConfigurations = plan.initialConfigurations
        plan.warnings.forEach(reporter.warn)
        return try await settings.storage.withStorage { storage in
            let opened = try await StudySession.open(request, in: storage)
            let study = opened.study
            reporter.note(
                (opened.isResumed
                    ? "continuing study '\(study.name)' (\(opened.trialCountAtOpen) trials so far)"
                    : "new study '\(study.name)'")
                    + ": \(dataset.rowCount) rows, \(dataset.task.rawValue), \(plan.metric.rawValue), "
                    + "\(plan.splits.count)-fold CV, sampler \(study.record.sampler.name)")
            let search = ModelSearch(
                .init(
                    ensembleSpace: settings.ensembleSpace,
                    ensembleEvaluations: settings.ensembleEvaluations,
                    budget: settings.budget, jobs: settings.jobs, seed: settings.seed,
                    samplerName: settings.samplerName,
                    trialTimeout: settings.trialTimeout, defaultFamily: settings.defaultFamily,
                    retention: settings.retention, frontShare: settings.frontShare,
                    tolerance: settings.tolerance))
            let result: ModelSearch.Result
            do {
                result = try await search.run(plan, on: study, start: start, stop: stop) {
                    reporter.show($0)
                }
            } catch {
                reporter.finish()
                throw error
            }
            reporter.finish()
            var report = result.report
            report.storage = settings.storage.description
            report.warnings = plan.warnings
            let inputs = [settings.dataPath] + settings.storage.files
            if let output {
                try output.write(
                    model: result.model, report: report,
                    study: StudyExport(study: study.record, trials: try await study.trials))
            }
            if let directory = settings.profilesDirectory {
                let builder = ProfileBuilder(
                    front: try await TradeOffFront.load(from: storage, study: study.name),
                    dataset: dataset,
                    modelTrials: try await study.trials, study: study.name,
                    storage: settings.storage.description,
                    metric: plan.metric.rawValue, seed: settings.seed,
                    defaultFamily: settings.defaultFamily)
                let profiles = try builder.build(tolerance: settings.tolerance)
                try ProfileBuilder.write(profiles.map(\.profile), to: directory, protecting: inputs)
                report.profiles = profiles.map { built in
                    ModelSearchReport.ProfileLine(
                        profile: built.profile.profile.rawValue,
                        candidate: built.profile.study.candidate,
                        trial: built.profile.study.trial, score: built.profile.metrics.score,
                        latencyP99Seconds: built.profile.metrics.latencyP99Seconds,
                        modelBytes: built.profile.metrics.modelBytes,
                        path: (directory as NSString).appendingPathComponent(
                            built.profile.profile.fileName))
                }
            }
            return report
        }
    }
}
