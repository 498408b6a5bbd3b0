import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench learners --data F…`: default-hyperparameter learners under k-fold CV.
struct BenchLearnersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learners",
        abstract:
            "Cross-validate every learner family at its defaults: score, fit time, latency, size.",
        discussion: """
            Same protocol and table layout as the scikit-learn anchors: k-fold CV (stratified for \
            classification) with a fixed seed, accuracy / macro-F1 or RMSE / R², mean fit seconds \
            per fold, the median one-row and 1000-row prediction latency of the fold-0 pipeline \
            (preprocessing included), and the model's parameter bytes. OpenBLAS runs on one thread; \
            --jobs N is passed to the families that can fit in parallel (forests, boosting).

            --fold-file FILE… replaces the seeded folds with given ones (scikit-learn's \
            PredefinedSplit): one file per --data file, in the same order, each plain text with \
            one fold index 0…k−1 per data row (no header). k comes from the file; --folds may be \
            left out or must equal it. scripts/anchor-folds.py writes the anchors' folds.
            """
    )

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "CSV files (one or more).")
    var files: [String]

    @Option(help: "The target column.")
    var target = "target"

    @Option(help: "Number of folds (default 5; with --fold-file, the files' count).")
    var folds: Int?

    @Option(
        name: .customLong("fold-file"), parsing: .upToNextOption,
        help: "Predefined folds: one file per --data file, one fold index per data row (no header)."
    )
    var foldFiles: [String] = []

    @Option(help: "Comma-separated learner families (default: all that fit the task).")
    var learners: String?

    @Option(help: "Threads for families that fit in parallel.")
    var jobs = 1

    @Option(help: "Seed of the folds (unless --fold-file) and of the learners.")
    var seed: UInt64 = 0

    @OptionGroup var csv: CSVOptionGroup

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one --data FILE.") }
        if let folds, folds < 2 { throw ValidationError("--folds must be ≥ 2; got \(folds).") }
        guard foldFiles.isEmpty || foldFiles.count == files.count else {
            throw ValidationError(
                "Give one --fold-file per --data file, in the same order; got \(foldFiles.count) fold "
                    + "files for \(files.count) data files.")
        }
        guard jobs >= 1, jobs <= ExecutionOptions.maximumJobs else {
            throw ValidationError(
                "--jobs must be from 1 to \(ExecutionOptions.maximumJobs); got \(jobs).")
        }
    }

    func run() async throws {
        BLASThreads.set(1)
        let names =
            learners?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        let benchmark = LearnerBenchmark(
            paths: files, targetName: target, folds: folds, foldFiles: foldFiles, learners: names,
            jobs: jobs, seed: seed,
            options: try csv.csvOptions())
        var currentDataset = ""
        let rows = try benchmark.run { row in
            guard !json else { return }
            if row.dataset != currentDataset {
                currentDataset = row.dataset
                print(LearnerTable.header(for: row))
            }
            print(LearnerTable.line(row))
        }
        if json { print(try JSONOutput.string(rows)) }
    }
}

/// The human-readable learner table (the anchors' layout).
enum LearnerTable {
    static func header(for row: LearnerBenchmark.Row) -> String {
        let task = row.metric == "accuracy" ? "classification" : "regression"
        let source = row.foldFile.map { ", folds from \($0)" } ?? ""
        return """

            ### \(row.dataset) (\(task); \(row.folds)-fold CV\(source))

            | learner | \(row.metric) | \(row.secondaryMetric) | fit s/fold | predict 1 row ms | predict 1000 rows ms | model KB | JSON KB |
            |---|---:|---:|---:|---:|---:|---:|---:|
            """
    }

    static func line(_ r: LearnerBenchmark.Row) -> String {
        if let error = r.error { return "| \(r.learner) | failed: \(error) | | | | | | |" }
        let isAccuracy = r.metric == "accuracy"
        let score =
            isAccuracy
            ? String(format: "%.4f ± %.3f", r.score, r.scoreStandardDeviation)
            : String(format: "%.3f ± %.2f", r.score, r.scoreStandardDeviation)
        return "| \(r.learner) | \(score) | " + String(format: "%.4f", r.secondaryScore) + " | "
            + significant(r.fitSeconds) + " | " + significant(r.predictRowSeconds * 1000) + " | "
            + significant(r.predictBatchSeconds * 1000) + " | "
            + significant(Double(r.modelBytes) / 1024) + " | "
            + significant(Double(r.jsonBytes) / 1024) + " |"
    }

    /// Three significant digits, as in the anchors.
    static func significant(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        if x >= 100 { return String(format: "%.0f", x) }
        if x >= 10 { return String(format: "%.2f", x) }
        if x >= 0.1 { return String(format: "%.3f", x) }
        if x >= 0.001 { return String(format: "%.4f", x) }
        return String(format: "%.2g", x)
    }
}
