import AutoMLData
import AutoMLLearners
import AutoMLNumerics
import Foundation

/// `automl bench learners` as a library call: k-fold cross-validation of learner families at
/// their default hyperparameters on CSV files, with fit time, prediction latency and model size,
/// laid out like the scikit-learn anchors (`5-fold CV, seed 0, one thread`).
public struct LearnerBenchmark: Sendable {
    /// One learner on one dataset.
    public struct Row: Codable, Sendable {
        public var dataset: String
        public var learner: String
        /// `accuracy` (classification) or `rmse` (regression).
        public var metric: String
        /// Mean over folds.
        public var score: Double
        /// Sample standard deviation over folds.
        public var scoreStandardDeviation: Double
        /// `f1_macro` or `r2`, for the anchors' second column.
        public var secondaryMetric: String
        public var secondaryScore: Double
        /// Mean wall seconds of a fold's fit (preprocessing included).
        public var fitSeconds: Double
        /// Median wall seconds of one-row predictions through the fold-0 pipeline.
        public var predictRowSeconds: Double
        /// Median wall seconds of a 1000-row prediction through the fold-0 pipeline.
        public var predictBatchSeconds: Double
        /// ``Model/parameterBytes`` of the fold-0 model.
        public var modelBytes: Int
        /// Size of the fold-0 pipeline's JSON.
        public var jsonBytes: Int
        public var folds: Int
        /// The fold file the folds came from; `nil` for seeded folds.
        public var foldFile: String?
        /// Set when the learner could not run on this dataset.
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case dataset, learner, metric, score, folds, error
            case foldFile = "fold_file"
            case scoreStandardDeviation = "score_std"
            case secondaryMetric = "secondary_metric"
            case secondaryScore = "secondary_score"
            case fitSeconds = "fit_seconds"
            case predictRowSeconds = "predict_row_seconds"
            case predictBatchSeconds = "predict_batch_seconds"
            case modelBytes = "model_bytes"
            case jsonBytes = "json_bytes"
        }
    }

    public var paths: [String]
    public var targetName: String
    /// Number of folds. Without fold files: the count for the seeded folds, `nil` meaning 5.
    /// With fold files: `nil` takes each file's count; a number must equal it.
    public var folds: Int?
    /// Predefined folds, one ``FoldAssignment`` file per path in the same order (see
    /// ``FoldAssignment/init(contentsOf:)`` for the form); empty: seeded folds (stratified
    /// for classification, shuffled k-fold for regression, as in scikit-learn).
    public var foldFiles: [String]
    /// Family names; empty means every family that handles the dataset's task.
    public var learners: [String]
    /// Passed as `jobs` to families that have that hyperparameter.
    public var jobs: Int
    public var seed: UInt64
    public var options: CSVOptions
    /// One-row predictions timed per learner (after 10 warm-up calls).
    public var rowRepeats: Int

    public init(
        paths: [String], targetName: String = "target", folds: Int? = nil, foldFiles: [String] = [],
        learners: [String] = [], jobs: Int = 1, seed: UInt64 = 0, options: CSVOptions = .standard,
        rowRepeats: Int = 200
    ) {
        self.paths = paths
        self.targetName = targetName
        self.folds = folds
        self.foldFiles = foldFiles
        self.learners = learners
        self.jobs = jobs
        self.seed = seed
        self.options = options
        self.rowRepeats = rowRepeats
    }

    /// Checks the learner names before any work starts.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` naming the
    ///   unknown family and the known ones.
    public func validateLearners() throws(LearnerError) {
        for name in learners where LearnerCatalog.family(named: name) == nil {
            throw .invalidHyperparameter(
                learner: name, name: "--learners",
                expected: "one of \(LearnerCatalog.families.map(\.name).joined(separator: ", "))",
                got: "an unknown learner family")
        }
    }

    /// Runs every dataset and learner; `progress` gets each row as it finishes.
    public func run(progress: (Row) -> Void = { _ in }) throws -> [Row] {
        try validateLearners()
        try validateFoldFiles()
        var rows: [Row] = []
        for (index, path) in paths.enumerated() {
            let table = try CSVReader.read(contentsOf: path, options: options)
            let dataset = try Dataset(table: table, targetName: targetName)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let splits =
                try foldFiles.isEmpty
                ? CrossValidation.folds(for: dataset, count: folds ?? 5, seed: seed)
                : predefinedSplits(file: foldFiles[index], for: dataset, dataPath: path)
            let families =
                learners.isEmpty
                ? LearnerCatalog.families(for: dataset.task)
                : learners.compactMap(LearnerCatalog.family(named:)).filter {
                    $0.handles(dataset.task)
                }
            guard !families.isEmpty else {
                // Every named family is of the other task: say so rather than print nothing.
                let fitting = LearnerCatalog.families(for: dataset.task).map(\.name).joined(
                    separator: ", ")
                throw LearnerError.invalidHyperparameter(
                    learner: learners.joined(separator: ","), name: "--learners",
                    expected:
                        "a family that handles \(dataset.task.rawValue) for \(path) (\(fitting))",
                    got: "only families of the other task")
            }
            for family in families {
                var row = measure(family, on: dataset, named: name, splits: splits)
                row.foldFile = foldFiles.isEmpty ? nil : foldFiles[index]
                progress(row)
                rows.append(row)
            }
        }
        return rows
    }

    /// Checks that there is one fold file per data file.
    /// - Throws: ``LearnerError/invalidFoldAssignment(source:line:problem:remedy:)`` otherwise.
    public func validateFoldFiles() throws(LearnerError) {
        guard foldFiles.isEmpty || foldFiles.count == paths.count else {
            throw .invalidFoldAssignment(
                source: "--fold-file", line: nil,
                problem: "\(foldFiles.count) fold files were given for \(paths.count) data files",
                remedy: "give one fold file per --data file, in the same order")
        }
    }

    /// The folds written in `file` for the dataset read from `dataPath`.
    private func predefinedSplits(file: String, for dataset: Dataset, dataPath: String)
        throws(LearnerError) -> [Split]
    {
        let assignment = try FoldAssignment(contentsOf: file)
        if let folds, folds != assignment.foldCount {
            throw .invalidFoldAssignment(
                source: file, line: nil,
                problem: "it defines \(assignment.foldCount) folds but --folds \(folds) was given",
                remedy: "leave out --folds (the fold file sets the count) or make them agree")
        }
        return try assignment.splits(for: dataset, dataSource: dataPath)
    }

    private func measure(
        _ family: LearnerFamily, on dataset: Dataset, named name: String, splits: [Split]
    ) -> Row {
        let isClassification = dataset.task == .classification
        let metric: Metric = isClassification ? .accuracy : .rmse
        let secondary: Metric = isClassification ? .macroF1 : .r2
        var row = Row(
            dataset: name, learner: family.name, metric: metric.rawValue, score: .nan,
            scoreStandardDeviation: .nan,
            secondaryMetric: secondary.rawValue, secondaryScore: .nan, fitSeconds: .nan,
            predictRowSeconds: .nan,
            predictBatchSeconds: .nan, modelBytes: 0, jsonBytes: 0, folds: splits.count)
        do {
            let learner = try learner(for: family)
            var firstPipeline: Pipeline?
            let result = try CrossValidation.evaluate(
                learner, on: dataset, splits: splits, metric: metric,
                preprocessing: .init(standardize: family.scalesFeatures), seed: seed,
                foldPipeline: { index, pipeline in if index == 0 { firstPipeline = pipeline } })
            row.score = result.mean
            row.scoreStandardDeviation = result.standardDeviation
            row.secondaryScore = try CrossValidation.score(
                result.outOfFold, truth: dataset.target, metric: secondary,
                classCount: dataset.target.classes.count)
            row.fitSeconds = result.fitSeconds.reduce(0, +) / Double(result.fitSeconds.count)
            if let pipeline = firstPipeline {
                let validation = dataset.features.rows(at: splits[0].validation)
                try timePredictions(pipeline, on: validation, into: &row)
                row.modelBytes = pipeline.model.parameterBytes
                row.jsonBytes = (try? pipeline.jsonData().count) ?? 0
            }
        } catch {
            row.error = "\(error)"
        }
        return row
    }

    private func learner(for family: LearnerFamily) throws(LearnerError) -> AnyLearner {
        guard jobs != 1 else { return try family.learner() }
        do {
            return try family.learner(["jobs": .integer(jobs)])
        } catch .invalidHyperparameter(_, "jobs", _, _) {
            return try family.learner()  // the family has no parallel mode
        }
    }

    private func timePredictions(_ pipeline: Pipeline, on validation: Table, into row: inout Row)
        throws
    {
        let clock = ContinuousClock()
        let single = validation.rows(at: [0])
        for _ in 0..<10 { _ = try pipeline.predict(single) }
        var times: [Double] = []
        for _ in 0..<rowRepeats {
            let start = clock.now
            _ = try pipeline.predict(single)
            times.append((clock.now - start).seconds)
        }
        row.predictRowSeconds = median(times)
        let batchIndices = (0..<1000).map { $0 % validation.rowCount }
        let batch = validation.rows(at: batchIndices)
        _ = try pipeline.predict(batch)
        times = []
        for _ in 0..<7 {
            let start = clock.now
            _ = try pipeline.predict(batch)
            times.append((clock.now - start).seconds)
        }
        row.predictBatchSeconds = median(times)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
}
