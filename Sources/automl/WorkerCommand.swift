import ArgumentParser
import AutoML
import Foundation

/// `automl worker --study S --storage postgres://… [--budget 50|10m] [--data PATH] [--jobs N]`.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Join an existing study and run trials of its stored objective.",
        discussion: """
            The study must have been created by `automl tune` (with --command or --data), which \
            stores its objective with it: a command study runs its command per trial through \
            /bin/sh -c in this directory; a model study reads its dataset from --data or from the \
            path it stores, refuses a file with other content, and runs model trials whose \
            out-of-fold predictions go to the storage, so a later `automl tune --data` or `automl \
            export` on the study builds ensembles and profiles from every worker's trials. Start \
            as many workers as you like, on as many machines, against one PostgreSQL storage \
            (docs/distributed.md); each opens at most 4 connections. The budget counts this \
            worker's trials. Trials of a worker that dies are marked failed by the others.

            Examples:
            automl worker --study svm --storage postgres://automl@db.example:5432/studies \\
                  --budget 50
            automl worker --study tune-iris --storage postgres://automl@db/studies \\
                  --data /data/iris.csv --budget 10m --jobs 2
            """
    )

    @Option(help: ArgumentHelp("The study to join (created by `automl tune`).", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(
        help: ArgumentHelp(
            "Trials this worker runs (100), or a time span after which it starts none (90s, 5m, 2h).",
            valueName: "budget"))
    var budget: String = "100"

    @Option(
        help: ArgumentHelp(
            "This machine's copy of a model study's dataset (default: the path the study stores).",
            valueName: "file"))
    var data: String?

    @OptionGroup var csv: CSVOptionGroup

    @Option(help: "Trials this worker runs at once.")
    var jobs: Int = 1

    @Option(
        name: .customLong("trial-timeout"),
        help: ArgumentHelp(
            "Fail a trial running longer than this (30s, 5m).", valueName: "duration"))
    var trialTimeout: String?

    @Option(
        name: .customLong("stale-after"),
        help: ArgumentHelp(
            "After how long without a heartbeat another host's running trial counts as abandoned (default 5m).",
            valueName: "duration", visibility: .hidden))
    var staleAfter: String?

    @Option(
        name: .customLong("benchmark-objective"),
        help: ArgumentHelp(
            "Replace the study's objective by an in-process one: instant, or sleep:SECONDS (scripts/bench-storage.sh).",
            valueName: "kind", visibility: .hidden))
    var benchmarkObjective: String?

    @Flag(help: "Print the closing summary as JSON.")
    var json = false

    @Flag(help: "Show no progress on standard error.")
    var quiet = false

    func validate() throws {
        do {
            _ = try Budget(parsing: budget)
        } catch {
            throw ValidationError("--budget: \(error.description)")
        }
        guard jobs >= 1, jobs <= ExecutionOptions.maximumJobs else {
            throw ValidationError(
                "--jobs must be from 1 to \(ExecutionOptions.maximumJobs) (trials at once); got \(jobs)."
            )
        }
        if let trialTimeout { _ = try parseDuration(trialTimeout, option: "--trial-timeout") }
        if let staleAfter { _ = try parseDuration(staleAfter, option: "--stale-after") }
        if let benchmarkObjective { _ = try Self.benchmark(benchmarkObjective) }
    }

    func run() async throws {
        let workflow = WorkerWorkflow(
            study: study, storage: try storageOptions.location(),
            budget: try Budget(parsing: budget),
            jobs: jobs, dataPath: data, csvOptions: try csv.csvOptions(),
            trialTimeout: try trialTimeout.map { try parseDuration($0, option: "--trial-timeout") },
            staleAfter: try staleAfter.map { try parseDuration($0, option: "--stale-after") }
                ?? .seconds(300),
            benchmarkObjective: try benchmarkObjective.map(Self.benchmark))
        let stop = StopController()
        let reporter = ProgressReporter(quiet: quiet)
        stop.installSignalHandlers { level in
            reporter.note(
                level == .graceful
                    ? "stopping: no new trials; running ones will finish (Ctrl-C or SIGTERM again to stop them now)"
                    : "stopping now: killing running trials")
        }
        let report = try await workflow.run(stop: stop, reporter: reporter)
        print(json ? try JSONOutput.string(report) : report.text)
        if stop.isStopping { throw ExitCode(ExitStatus.interrupted) }
        if !report.summary.trials.isEmpty, report.summary.completed == 0,
            report.summary.pruned == 0
        {
            let first =
                report.summary.trials.compactMap(\.failureReason).first ?? "no reason recorded"
            FileHandle.standardError.write(
                Data(
                    "Error: every one of the \(report.summary.trials.count) trials failed (first: \(first)).\n"
                        .utf8))
            throw ExitCode(ExitStatus.negativeResult)
        }
    }

    /// `instant` or `sleep:SECONDS`.
    static func benchmark(_ text: String) throws -> WorkerWorkflow.BenchmarkObjective {
        if text == "instant" { return .instant }
        if text.hasPrefix("sleep:"), let seconds = Double(text.dropFirst("sleep:".count)),
            seconds >= 0
        {
            return .sleep(.milliseconds(Int(seconds * 1000)))
        }
        throw ValidationError(
            "--benchmark-objective must be instant or sleep:SECONDS; got \(text).")
    }
}
