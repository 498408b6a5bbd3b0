import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench automl --train F --test F … --budget 60s`: the tune command scored on held-out rows.
struct BenchAutoMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automl",
        abstract: "Run `automl tune --data` on training files and score the result on test files.",
        discussion: """
            Give --train/--test pairs (the anchors' splits/ hold the exact rows FLAML's figures \
            were scored on), or --data FILE for a seeded 25 % holdout of each file. Each run uses \
            an in-memory study, the default search space and ensembles, and --jobs trials at once. \
            Reports accuracy and macro-F1 (classification) or RMSE and R² (regression) on the test \
            rows, the seconds the whole tune took, and, when an ensemble won, what the best single \
            model scored on the same rows.
            """
    )

    @Option(help: "A training CSV file (repeat, paired with --test in order).")
    var train: [String] = []

    @Option(help: "A test CSV file (repeat).")
    var test: [String] = []

    @Option(help: "A CSV file to split 75/25 (repeat).")
    var data: [String] = []

    @Option(help: "The target column.")
    var target = "target"

    @Option(help: "The budget per dataset (60s, 5m or a trial count).")
    var budget = "60s"

    @Option(help: "Trials at once.")
    var jobs = 1

    @Option(help: "CV folds.")
    var cv = 5

    @Option(help: "Seed of the holdout, the folds and the sampler.")
    var seed: UInt64 = 0

    @Option(help: "The model search space (default SearchSpaces/default.yaml).")
    var space: String?

    @Option(help: "The sampler (default gp).")
    var sampler: String?

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        guard train.count == test.count else {
            throw ValidationError(
                "Give as many --test files as --train files (\(train.count) vs \(test.count)).")
        }
        guard !train.isEmpty || !data.isEmpty else {
            throw ValidationError("Give --train/--test pairs or --data files.")
        }
        do { _ = try Budget(parsing: budget) } catch {
            throw ValidationError("--budget: \(error.description)")
        }
        guard jobs >= 1, cv >= 2 else { throw ValidationError("--jobs must be ≥ 1 and --cv ≥ 2.") }
    }

    func run() async throws {
        var pairs: [AutoMLBenchmark.Pair] = []
        for (trainPath, testPath) in zip(train, test) {
            pairs.append(try AutoMLBenchmark.pair(train: trainPath, test: testPath, target: target))
        }
        for path in data {
            pairs.append(try AutoMLBenchmark.pair(data: path, target: target, seed: seed))
        }
        let benchmark = AutoMLBenchmark(
            pairs: pairs,
            space: try SearchSpaceFile.load(
                try space ?? SearchSpaceLocator.bundled("default.yaml")),
            ensembleSpace: try SearchSpaceFile.load(
                try SearchSpaceLocator.bundled("ensemble.yaml")),
            budget: try Budget(parsing: budget), jobs: jobs, folds: cv, seed: seed,
            samplerName: sampler ?? SamplerCatalog.defaultName)
        if !json {
            print(
                "| dataset | rows train/test | test score | second metric | seconds | trials | winner | CV score | best single on test |"
            )
            print("|---|---:|---|---|---:|---:|---|---:|---:|")
        }
        let rows = try await benchmark.run { row in
            guard !json else { return }
            print(
                "| \(row.dataset) | \(row.trainRows)/\(row.testRows) | \(row.metric) \(format(row.score)) | "
                    + "\(row.secondaryMetric) \(format(row.secondaryScore)) | \(String(format: "%.1f", row.seconds)) | \(row.trials) | "
                    + "\(row.kind): \(row.description) | \(format(row.cvScore)) | \(row.singleScore.map(format) ?? "—") |"
            )
        }
        if json { print(try JSONOutput.string(rows)) }
    }

    private func format(_ x: Double) -> String {
        String(format: abs(x) >= 100 ? "%.3f" : "%.4f", x)
    }
}
