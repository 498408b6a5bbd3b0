import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench report`: the report of a large synthetic study, timed and measured.
struct BenchReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Time the HTML report of a synthetic study of --trials trials in SQLite.",
        discussion: """
            Writes a synthetic model search (eight learner families, conditional \
            hyperparameters, 8 % pruned and 2 % failed trials, latency and size metrics, an \
            ensemble study of 40 trials) into DIR/study.db, then writes its report to \
            DIR/report.html --repeats times after one warm-up, and prints the medians of the \
            read, the build and the write, and the file's size (docs/report.md). Use a release build.

            Examples:
              automl bench report
              automl bench report --trials 100000 --dir /tmp/report-bench --json
            """
    )

    @Option(help: "Trials of the synthetic study.")
    var trials = 10_000

    @Option(help: "Seed of the synthetic study.")
    var seed: UInt64 = 0

    @Option(help: "Timed reports (the median is printed), after one warm-up.")
    var repeats = 3

    @Option(
        help: ArgumentHelp(
            "The folder of study.db and report.html (default: a new temporary one).",
            valueName: "dir"))
    var dir: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard trials >= 10 else { throw ValidationError("--trials must be ≥ 10; got \(trials).") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1; got \(repeats).") }
    }

    func run() async throws {
        let result = try await ReportBenchmark(
            trialCount: trials, seed: seed, repeats: repeats, directory: dir
        ).run()
        if json {
            print(try JSONOutput.string(result))
            return
        }
        print(
            String(
                format:
                    "%d trials (written in %.1f s): report in %.3f s (read %.3f s, build %.3f s, write %.3f s), %.2f MB, %d charts, %d history points",
                result.trials, result.writeStudySeconds, result.totalSeconds, result.readSeconds,
                result.buildSeconds, result.writeSeconds, Double(result.bytes) / 1e6, result.charts,
                result.historyPoints))
        print("report: \(result.report)")
        print("study: sqlite:\(result.database) (study bench-report)")
    }
}
