import AutoMLData
import AutoMLExecutor
import AutoMLLearners
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import AutoMLWorkflows
import Foundation

/// `automl bench scenarios`: six predefined end-to-end runs, each with a success target.
///
/// | scenario | what | target (full / tiny) |
/// |---|---|---|
/// | `classification-small` | tune on 75 % of breast_cancer, score the 25 % holdout | accuracy ≥ 0.95 / 0.90 |
/// | `classification-large` | synthetic make_classification-style data, 50,000 rows (tiny: 1,500) | accuracy ≥ 0.95 / 0.80 |
/// | `regression-small` | tune on 75 % of diabetes, score the holdout | R² ≥ 0.40 / 0.30 |
/// | `regression-large` | synthetic make_regression-style data, 50,000 rows (tiny: 1,500), noise 10 | R² ≥ 0.99 / 0.95 |
/// | `tuning-gp-vs-random` | the GP and the random sampler, equal trial budgets, on the SVM family (C, gamma) on breast_cancer, 3 seeds | median best CV accuracy of GP ≥ random's |
/// | `cv-stability` | the tuned breast_cancer model's fold-to-fold standard deviation | ≤ 0.03 / 0.05 accuracy |
public struct ScenarioBenchmark: Sendable {
    /// How big the runs are.
    public enum Scale: String, Sendable, CaseIterable {
        /// Minutes: the budgets users would give.
        case full
        /// Seconds: small data, a few trials (what the test suite runs).
        case tiny
    }

    /// One scenario's outcome.
    public struct Row: Codable, Sendable {
        public var scenario: String
        public var measure: String
        public var value: Double
        /// The pass condition, e.g. "≥ 0.95".
        public var target: String
        public var passed: Bool
        public var seconds: Double
        public var detail: String
    }

    public var scale: Scale
    public var examplesDirectory: String
    public var space: SearchSpace
    public var ensembleSpace: SearchSpace?
    public var svmSpace: SearchSpace
    public var jobs: Int
    public var seed: UInt64

    public init(
        scale: Scale, examplesDirectory: String, space: SearchSpace, ensembleSpace: SearchSpace?,
        svmSpace: SearchSpace,
        jobs: Int = 1, seed: UInt64 = 0
    ) {
        self.scale = scale
        self.examplesDirectory = examplesDirectory
        self.space = space
        self.ensembleSpace = ensembleSpace
        self.svmSpace = svmSpace
        self.jobs = jobs
        self.seed = seed
    }

    /// The scenario names in run order.
    public static let names = [
        "classification-small", "classification-large", "regression-small", "regression-large",
        "tuning-gp-vs-random", "cv-stability",
    ]

    /// Runs the scenarios named in `only` (all when empty); `progress` gets each row.
    public func run(only: [String] = [], progress: (Row) -> Void = { _ in }) async throws -> [Row] {
        var rows: [Row] = []
        let isFull = scale == .full
        let budget: Budget = isFull ? .time(.seconds(60)) : .trials(5)
        let folds = isFull ? 5 : 3
        var stabilityReport: ModelSearchReport?
        for name in Self.names where only.isEmpty || only.contains(name) {
            let clock = ContinuousClock()
            let start = clock.now
            var row: Row
            switch name {
            case "classification-small":
                let pair = try AutoMLBenchmark.pair(
                    data: examplesDirectory + "/breast_cancer.csv", target: "target", seed: seed)
                let (score, report) = try await holdout(
                    pair, metric: .accuracy, budget: budget, folds: folds)
                stabilityReport = report
                row = Row(
                    scenario: name, measure: "holdout accuracy", value: score,
                    target: isFull ? "≥ 0.95" : "≥ 0.90",
                    passed: score >= (isFull ? 0.95 : 0.90), seconds: 0,
                    detail: report.best.description)
            case "classification-large":
                let pair = try syntheticPair(classification: true, rows: isFull ? 50_000 : 1_500)
                let (score, report) = try await holdout(
                    pair, metric: .accuracy, budget: budget, folds: isFull ? 3 : folds)
                row = Row(
                    scenario: name, measure: "holdout accuracy", value: score,
                    target: isFull ? "≥ 0.95" : "≥ 0.80",
                    passed: score >= (isFull ? 0.95 : 0.80), seconds: 0,
                    detail: report.best.description)
            case "regression-small":
                let pair = try AutoMLBenchmark.pair(
                    data: examplesDirectory + "/diabetes.csv", target: "target", seed: seed)
                let (score, report) = try await holdout(
                    pair, metric: .r2, budget: budget, folds: folds)
                row = Row(
                    scenario: name, measure: "holdout R²", value: score,
                    target: isFull ? "≥ 0.40" : "≥ 0.30",
                    passed: score >= (isFull ? 0.40 : 0.30), seconds: 0,
                    detail: report.best.description)
            case "regression-large":
                let pair = try syntheticPair(classification: false, rows: isFull ? 50_000 : 1_500)
                let (score, report) = try await holdout(
                    pair, metric: .r2, budget: budget, folds: isFull ? 3 : folds)
                row = Row(
                    scenario: name, measure: "holdout R²", value: score,
                    target: isFull ? "≥ 0.99" : "≥ 0.95",
                    passed: score >= (isFull ? 0.99 : 0.95), seconds: 0,
                    detail: report.best.description)
            case "tuning-gp-vs-random":
                row = try await samplerComparison(
                    trials: isFull ? 30 : 6, folds: folds, seeds: isFull ? 3 : 1)
            default:  // cv-stability
                if stabilityReport == nil {
                    let pair = try AutoMLBenchmark.pair(
                        data: examplesDirectory + "/breast_cancer.csv", target: "target", seed: seed
                    )
                    stabilityReport = try await holdout(
                        pair, metric: .accuracy, budget: budget, folds: folds
                    ).1
                }
                let spread = stabilityReport?.bestSingle.scoreStandardDeviation ?? .nan
                let bound = isFull ? 0.03 : 0.05
                row = Row(
                    scenario: name, measure: "fold std of the best model's accuracy", value: spread,
                    target: "≤ \(bound)", passed: spread <= bound, seconds: 0,
                    detail: stabilityReport?.bestSingle.description ?? "")
            }
            row.seconds = (clock.now - start).seconds
            progress(row)
            rows.append(row)
        }
        return rows
    }

    /// Tunes on the pair's training part and scores the written model on its test part.
    private func holdout(_ pair: AutoMLBenchmark.Pair, metric: Metric, budget: Budget, folds: Int)
        async throws
        -> (Double, ModelSearchReport)
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "automl-scenario-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = ModelSearchWorkflow.Settings(
            dataPath: pair.name, targetName: pair.train.targetName, task: pair.train.task,
            space: space,
            ensembleSpace: ensembleSpace, ensembleEvaluations: scale == .full ? 40 : 8,
            folds: folds, budget: budget,
            jobs: jobs, seed: seed, samplerName: SamplerCatalog.defaultName,
            studyName: "scenario-\(pair.name)",
            storage: .memory, outputDirectory: directory.path)
        let report = try await ModelSearchWorkflow(settings).run(on: pair.train)
        let model = try ModelArtifact.load(contentsOf: directory.path + "/model.json")
        let prediction = try model.predict(pair.test.features)
        let score = try CrossValidation.score(
            prediction, truth: pair.test.target, metric: metric,
            classCount: pair.test.target.classes.count)
        return (score, report)
    }

    private func syntheticPair(classification: Bool, rows: Int) throws -> AutoMLBenchmark.Pair {
        let generator: SynthesizeWorkflow.Generator =
            classification
            ? .classification(
                .init(rowCount: rows, featureCount: 20, informativeCount: 10, seed: seed))
            : .regression(
                .init(
                    rowCount: rows, featureCount: 20, informativeCount: 10,
                    noiseStandardDeviation: 10, seed: seed))
        let table = try SynthesizeWorkflow(generator: generator).table()
        let dataset = try Dataset(
            table: table, targetName: "target", task: classification ? .classification : .regression
        )
        let labels: [Int]? =
            if case .classification(let labels, _) = dataset.target { labels } else { nil }
        let split = try Splitter.holdout(
            count: dataset.rowCount, validationFraction: 0.25, stratifiedBy: labels, seed: seed)
        return AutoMLBenchmark.Pair(
            name: classification ? "synthetic-classification" : "synthetic-regression",
            train: dataset.rows(at: split.train), test: dataset.rows(at: split.validation))
    }

    /// Best CV accuracy reached by the GP and the random sampler with the same trial budget on
    /// the SVM family, median over seeds.
    private func samplerComparison(trials: Int, folds: Int, seeds: Int) async throws -> Row {
        let table = try CSVReader.read(contentsOf: examplesDirectory + "/breast_cancer.csv")
        let dataset = try Dataset(table: table, targetName: "target")
        let gpName = SamplerCatalog.defaultName
        var best: [String: [Double]] = [:]
        for sampler in [gpName, "random"] {
            for s in 0..<seeds {
                let settings = ModelSearchWorkflow.Settings(
                    dataPath: "breast_cancer", targetName: "target", space: svmSpace,
                    defaultFamily: "svm",
                    ensembleSpace: nil, folds: folds, budget: .trials(trials), jobs: jobs,
                    seed: seed &+ UInt64(s),
                    samplerName: sampler, studyName: "scenario-\(sampler)-\(s)", storage: .memory)
                let report = try await ModelSearchWorkflow(settings).run(on: dataset)
                best[sampler, default: []].append(report.bestSingle.score)
            }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let gp = median(best[gpName] ?? [.nan])
        let random = median(best["random"] ?? [.nan])
        return Row(
            scenario: "tuning-gp-vs-random",
            measure: "median best CV accuracy, \(gpName) minus random", value: gp - random,
            target: "≥ 0", passed: gp >= random, seconds: 0,
            detail: String(
                format: "%@ %.4f vs random %.4f, %d trials × %d seed(s), svm on breast_cancer",
                gpName, gp, random, trials, seeds))
    }
}
