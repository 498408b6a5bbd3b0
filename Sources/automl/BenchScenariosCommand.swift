import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench scenarios`: six end-to-end runs with pass/fail targets.
struct BenchScenariosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "Run six predefined tune scenarios and print pass/fail against their targets.",
        discussion: """
            classification-small (breast_cancer holdout), classification-large (50,000 synthetic \
            rows), regression-small (diabetes holdout), regression-large (50,000 synthetic rows), \
            tuning-gp-vs-random (equal trial budgets on the SVM family), cv-stability (fold spread \
            of the tuned model). --scale tiny runs them in seconds on small data (the test suite \
            does). Exits non-zero when a scenario fails.
            """
    )

    @Option(
        help: "full (60 s per tune, 50,000-row synthetic sets) or tiny (a few trials, small data).")
    var scale: String = "full"

    @Option(help: "Comma-separated scenario names (default: all).")
    var only: String?

    @Option(help: "The folder with breast_cancer.csv and diabetes.csv (default: Examples/).")
    var examples: String?

    @Option(help: "Trials at once.")
    var jobs = 1

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        guard ScenarioBenchmark.Scale(rawValue: scale) != nil else {
            throw ValidationError("--scale must be full or tiny; got \(scale).")
        }
        for name in names where !ScenarioBenchmark.names.contains(name) {
            throw ValidationError(
                "Unknown scenario '\(name)'; use \(ScenarioBenchmark.names.joined(separator: ", "))."
            )
        }
        guard jobs >= 1, jobs <= ExecutionOptions.maximumJobs else {
            throw ValidationError(
                "--jobs must be from 1 to \(ExecutionOptions.maximumJobs); got \(jobs).")
        }
    }

    private var names: [String] {
        only?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
    }

    func run() async throws {
        let examplesDirectory =
            try examples
            ?? URL(fileURLWithPath: try SearchSpaceLocator.bundled("default.yaml"))
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "Examples"
            ).path
        let benchmark = ScenarioBenchmark(
            scale: ScenarioBenchmark.Scale(rawValue: scale) ?? .full,
            examplesDirectory: examplesDirectory,
            space: try SearchSpaceFile.load(try SearchSpaceLocator.bundled("default.yaml")),
            ensembleSpace: try SearchSpaceFile.load(
                try SearchSpaceLocator.bundled("ensemble.yaml")),
            svmSpace: try SearchSpaceFile.load(try SearchSpaceLocator.bundled("svm.yaml")),
            jobs: jobs)
        if !json {
            print("| scenario | measure | value | target | result | seconds | detail |")
            print("|---|---|---:|---|---|---:|---|")
        }
        let rows = try await benchmark.run(only: names) { row in
            guard !json else { return }
            print(
                "| \(row.scenario) | \(row.measure) | \(String(format: "%.4f", row.value)) | \(row.target) | "
                    + "\(row.passed ? "pass" : "FAIL") | \(String(format: "%.1f", row.seconds)) | \(row.detail) |"
            )
        }
        if json { print(try JSONOutput.string(rows)) }
        if rows.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
