import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench optimizers`: regret and overhead of the samplers on known-minimum functions.
struct BenchOptimizersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimizers",
        abstract:
            "Median log10 regret of samplers on known-minimum test functions, and their seconds per suggestion.",
        discussion: """
            Each sampler runs ask-one, evaluate, tell for --budget evaluations per seed (with --batch q: ask \
            for q configurations, evaluate them, tell them, as q parallel workers starting together \
            would). Reported: median \
            and interquartile range over seeds of log10(best so far − known minimum), regrets below 1e-12 \
            clipped, after 25, 50, 100, 200, 500, … evaluations and at the budget; the mean seconds per \
            suggestion; then seconds per suggestion on Hartmann-6 histories of --observations random \
            points (median of --repeats). Same layout as the reference optimizer tables (docs/benchmarks.md). Use a release build.

            Examples:
              automl bench optimizers
            automl bench optimizers --functions branin --budget 50 --seeds 5 \\
                  --samplers random,sobol --json
              automl bench optimizers --samplers gp --batch 4 --observations none
            """
    )

    @Option(
        help:
            "Comma-separated test functions (\(TestFunctionCatalog.names.joined(separator: ", ")))."
    )
    var functions = TestFunctionCatalog.development.map(\.name).joined(separator: ",")

    @Option(help: "Evaluations per run.")
    var budget = 100

    @Option(help: "Runs (seeds 0, 1, …) per function and sampler.")
    var seeds = 10

    @Option(help: "Configurations asked for at once in the quality runs (1: one at a time).")
    var batch = 1

    @Option(help: "Comma-separated samplers (\(SamplerCatalog.names.joined(separator: ", "))).")
    var samplers = SamplerCatalog.names.joined(separator: ",")

    @Option(
        help:
            "Threads running seeds side by side (results do not depend on it; timings are cleanest at 1)."
    )
    var jobs = 1

    @Option(help: "Comma-separated history sizes for the overhead table, or 'none'.")
    var observations = OptimizerBenchmark.defaultOverheadObservations.map(String.init).joined(
        separator: ",")

    @Option(help: "Timed suggestions per history size (the median is reported).")
    var repeats = 3

    @Flag(help: "Print one JSON array of rows.")
    var json = false

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be ≥ 1; got \(budget).") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be ≥ 1; got \(seeds).") }
        guard batch >= 1 else { throw ValidationError("--batch must be ≥ 1; got \(batch).") }
        guard jobs >= 1, jobs <= ExecutionOptions.maximumJobs else {
            throw ValidationError(
                "--jobs must be from 1 to \(ExecutionOptions.maximumJobs); got \(jobs).")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1; got \(repeats).") }
        let functionNames = Self.list(functions)
        guard !functionNames.isEmpty else {
            throw ValidationError("--functions names no function.")
        }
        for name in functionNames where !TestFunctionCatalog.names.contains(name) {
            throw ValidationError(
                "--functions: unknown function '\(name)'; use \(TestFunctionCatalog.names.joined(separator: ", "))."
            )
        }
        let samplerNames = Self.list(samplers)
        guard !samplerNames.isEmpty else { throw ValidationError("--samplers names no sampler.") }
        for name in samplerNames where !SamplerCatalog.names.contains(name) {
            throw ValidationError(
                "--samplers: unknown sampler '\(name)'; use \(SamplerCatalog.names.joined(separator: ", "))."
            )
        }
        _ = try overheadObservations()
    }

    func run() async throws {
        let benchmark = try OptimizerBenchmark(
            functions: Self.list(functions), samplers: Self.list(samplers), budget: budget,
            seeds: seeds, batch: batch, jobs: jobs,
            overheadObservations: try overheadObservations(), overheadRepeats: repeats)
        let rows = try benchmark.run()
        print(json ? try JSONOutput.string(rows) : OptimizerBenchmarkTable.render(rows))
    }

    private func overheadObservations() throws -> [Int] {
        if observations.trimmingCharacters(in: .whitespaces) == "none" { return [] }
        return try Self.list(observations).map { text in
            guard let count = Int(text), count >= 1 else {
                throw ValidationError(
                    "--observations: '\(text)' is not a positive integer (or give 'none').")
            }
            return count
        }
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
    }
}

/// The Markdown tables of `automl bench optimizers`, laid out like the reference optimizer tables (docs/benchmarks.md).
enum OptimizerBenchmarkTable {
    static func render(_ rows: [OptimizerBenchmark.Row]) -> String {
        var lines: [String] = []
        let regret = rows.filter { $0.kind == "regret" }
        var functions: [String] = []
        for row in regret where !functions.contains(row.function) { functions.append(row.function) }
        for function in functions {
            let functionRows = regret.filter { $0.function == function }
            let marks = Array(Set(functionRows.compactMap(\.evaluations))).sorted()
            var samplers: [String] = []
            for row in functionRows where !samplers.contains(row.sampler) {
                samplers.append(row.sampler)
            }
            lines.append("## \(function)")
            lines.append("")
            lines.append(
                "| optimizer | seeds | "
                    + marks.map { "@\($0) median (IQR)" }.joined(separator: " | ")
                    + " | s/suggestion |")
            lines.append("|---|---:|" + String(repeating: "---|", count: marks.count) + "---:|")
            for sampler in samplers {
                let byMark = functionRows.filter { $0.sampler == sampler }
                let cells = marks.map { mark -> String in
                    guard let row = byMark.first(where: { $0.evaluations == mark }),
                        let median = row.medianLog10Regret,
                        let q25 = row.q25Log10Regret, let q75 = row.q75Log10Regret
                    else { return "—" }
                    return String(format: "%.2f (%.2f…%.2f)", median, q25, q75)
                }
                let seconds = byMark.last.map { format(seconds: $0.secondsPerSuggestion) } ?? "—"
                let seeds = byMark.first?.seeds.map(String.init) ?? "—"
                let batch = byMark.first?.batch ?? 1
                let name = batch > 1 ? "\(sampler), batches of \(batch)" : sampler
                lines.append(
                    "| \(name) | \(seeds) | " + cells.joined(separator: " | ")
                        + " | \(seconds) |")
            }
            lines.append("")
        }
        let overhead = rows.filter { $0.kind == "overhead" }
        if let first = overhead.first {
            let counts = Array(Set(overhead.compactMap(\.observations))).sorted()
            var samplers: [String] = []
            for row in overhead where !samplers.contains(row.sampler) {
                samplers.append(row.sampler)
            }
            lines.append(
                "## Seconds per suggestion as the history grows (Hartmann-6, median of \(first.repeats ?? 1) repeats)"
            )
            lines.append("")
            lines.append(
                "| optimizer | " + counts.map { "n=\($0)" }.joined(separator: " | ") + " |")
            lines.append("|---|" + String(repeating: "---:|", count: counts.count))
            for sampler in samplers {
                let cells = counts.map { count in
                    overhead.first { $0.sampler == sampler && $0.observations == count }
                        .map { format(seconds: $0.secondsPerSuggestion) } ?? "—"
                }
                lines.append("| \(sampler) | " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Four decimals as the anchors print them, or two significant digits below a millisecond.
    private static func format(seconds: Double) -> String {
        seconds >= 0.001 ? String(format: "%.4f", seconds) : String(format: "%.1e", seconds)
    }
}
