import AutoMLData
import AutoMLExecutor
import AutoMLLearners
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLWorkflows
import Foundation

/// `automl bench automl` as a library call: the model search on each training file, its model
/// scored once on the matching test file (FLAML's protocol in the anchors: one split, scored
/// once), with an in-memory study so nothing is left behind.
public struct AutoMLBenchmark: Sendable {
    /// One training/test pair.
    public struct Pair: Sendable {
        public var name: String
        public var train: Dataset
        public var test: Dataset
    }

    /// One dataset's result.
    public struct Row: Codable, Sendable {
        public var dataset: String
        /// `accuracy` (classification) or `rmse` (regression).
        public var metric: String
        public var score: Double
        /// `f1_macro` or `r2` on the same test rows.
        public var secondaryMetric: String
        public var secondaryScore: Double
        /// Wall seconds of the whole tune run (search, ensembles, final fit).
        public var seconds: Double
        public var trials: Int
        /// `single` or `ensemble`.
        public var kind: String
        public var description: String
        /// The winner's CV score on the training part.
        public var cvScore: Double
        /// Test score of the best single model, to show what the ensemble added.
        public var singleScore: Double?
        public var trainRows: Int
        public var testRows: Int

        enum CodingKeys: String, CodingKey {
            case dataset, metric, score, seconds, trials, kind, description
            case secondaryMetric = "secondary_metric"
            case secondaryScore = "secondary_score"
            case cvScore = "cv_score"
            case singleScore = "single_score"
            case trainRows = "train_rows"
            case testRows = "test_rows"
        }
    }

    public var pairs: [Pair]
    public var space: SearchSpace
    public var ensembleSpace: SearchSpace?
    public var budget: Budget
    public var jobs: Int
    public var folds: Int
    public var seed: UInt64
    public var samplerName: String

    public init(
        pairs: [Pair], space: SearchSpace, ensembleSpace: SearchSpace?, budget: Budget,
        jobs: Int = 1, folds: Int = 5,
        seed: UInt64 = 0, samplerName: String
    ) {
        self.pairs = pairs
        self.space = space
        self.ensembleSpace = ensembleSpace
        self.budget = budget
        self.jobs = jobs
        self.folds = folds
        self.seed = seed
        self.samplerName = samplerName
    }

    /// A pair from a training and a test CSV file.
    public static func pair(
        train: String, test: String, target: String, options: CSVOptions = .standard
    ) throws -> Pair {
        let trainTable = try CSVReader.read(contentsOf: train, options: options)
        let trainSet = try Dataset(table: trainTable, targetName: target)
        let testTable = try CSVReader.read(contentsOf: test, options: options)
        let testSet = try Dataset(table: testTable, targetName: target, task: trainSet.task)
        var name = URL(fileURLWithPath: train).deletingPathExtension().lastPathComponent
        if name.hasSuffix("_train") { name.removeLast("_train".count) }
        return Pair(name: name, train: trainSet, test: testSet)
    }

    /// A pair from one CSV file: a seeded 25 % holdout (stratified for classification).
    public static func pair(
        data: String, target: String, seed: UInt64, options: CSVOptions = .standard
    ) throws -> Pair {
        let table = try CSVReader.read(contentsOf: data, options: options)
        let dataset = try Dataset(table: table, targetName: target)
        let labels: [Int]? =
            if case .classification(let labels, _) = dataset.target { labels } else { nil }
        let split = try Splitter.holdout(
            count: dataset.rowCount, validationFraction: 0.25, stratifiedBy: labels, seed: seed)
        return Pair(
            name: URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent,
            train: dataset.rows(at: split.train), test: dataset.rows(at: split.validation))
    }

    /// Runs each pair; `progress` gets each row as it finishes.
    public func run(progress: (Row) -> Void = { _ in }) async throws -> [Row] {
        var rows: [Row] = []
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for pair in pairs {
            let out = directory.appendingPathComponent(pair.name).path
            let settings = ModelSearchWorkflow.Settings(
                dataPath: pair.name, targetName: pair.train.targetName, task: pair.train.task,
                space: space,
                ensembleSpace: ensembleSpace, folds: folds, budget: budget, jobs: jobs, seed: seed,
                samplerName: samplerName, studyName: "bench-\(pair.name)", storage: .memory,
                outputDirectory: out)
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await ModelSearchWorkflow(settings).run(on: pair.train)
            let seconds = (clock.now - start).seconds
            let model = try ModelArtifact.load(contentsOf: out + "/model.json")
            let prediction = try model.predict(pair.test.features)
            let isClassification = pair.test.task == .classification
            let metric: Metric = isClassification ? .accuracy : .rmse
            let secondary: Metric = isClassification ? .macroF1 : .r2
            let classCount = pair.test.target.classes.count
            var row = Row(
                dataset: pair.name, metric: metric.rawValue,
                score: try CrossValidation.score(
                    prediction, truth: pair.test.target, metric: metric, classCount: classCount),
                secondaryMetric: secondary.rawValue,
                secondaryScore: try CrossValidation.score(
                    prediction, truth: pair.test.target, metric: secondary, classCount: classCount),
                seconds: seconds, trials: report.trials, kind: report.best.kind,
                description: report.best.description,
                cvScore: report.best.score, singleScore: nil, trainRows: pair.train.rowCount,
                testRows: pair.test.rowCount)
            if report.best.kind == "ensemble" {
                // What the best single model alone scores on the same test rows.
                let single = try FinalFitPhase(dataset: pair.train, seed: seed, defaultFamily: nil)
                    .pipeline(report.bestSingleParams)
                row.singleScore = try CrossValidation.score(
                    try single.predict(pair.test.features), truth: pair.test.target, metric: metric,
                    classCount: classCount)
            }
            progress(row)
            rows.append(row)
        }
        return rows
    }
}
