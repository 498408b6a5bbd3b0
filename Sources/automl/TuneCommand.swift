import ArgumentParser
import AutoML
import Foundation

/// `automl tune --space SPACE --command CMD --direction minimize --budget 50 …`.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract:
            "Search models and ensembles for a dataset (--data), or tune any program (--command).",
        discussion: """
            With --data FILE --target COL: each trial picks a learner family, its hyperparameters \
            and preprocessing from --space (default SearchSpaces/default.yaml), scores it by k-fold \
            CV (stratified for classification), and keeps its out-of-fold predictions; trials that \
            clearly cannot beat the best after their first folds are pruned. A share of the budget \
            (--front-share) tunes the fast and small end of the trade-off front. Then ensemble \
            compositions (voting, greedy selection, stacking, blending, model averaging) are \
            searched over --ensemble-space (default SearchSpaces/ensemble.yaml) from those \
            predictions, and the better of the best single model and the best ensemble is fitted \
            on all the data. --out DIR receives model.json (for `automl predict`), summary.json \
            and study.json; --profiles DIR the four production profiles (docs/profiles.md).

            With --command: runs it once per trial through /bin/sh -c. The trial's parameters reach it as \
            JSON on standard input and as AUTOML_PARAM_<NAME> environment variables (never in the \
            command line); it prints the objective as its last line of standard output: a number, \
            or {"value": V, "metrics": {...}}. A non-zero exit, a signal, a timeout or an unreadable \
            last line makes a failed trial and the search goes on.

            Trials are kept in --storage as they finish. Running tune again with the same study \
            name continues the study with a fresh budget; trials left running by a killed run are \
            marked failed. Ctrl-C, SIGTERM or SIGHUP stops gracefully (running trials finish; a \
            second one stops them at once); the best trial so far is printed either way.

            Examples:
            automl tune --data Examples/iris.csv --target target --budget 20s \\
                  --out results
            automl tune --space space.json --command 'python train.py' --direction \\
                  minimize --budget 50
            automl tune --study svm --command './eval.sh' --budget 10m --jobs 2 \\
                  --trial-timeout 30s
            """
    )

    @Option(
        help: ArgumentHelp(
            "The search-space file (YAML or JSON; see docs/search-spaces.md).", valueName: "file"))
    var space: String?

    @Option(
        help: ArgumentHelp("The program run per trial, through /bin/sh -c.", valueName: "command"))
    var command: String?

    @Option(help: ArgumentHelp("A CSV dataset to search models for.", valueName: "file"))
    var data: String?

    @Option(help: "The target column of --data.")
    var target: String = "target"

    @Option(help: "Force the task of --data: classification or regression (default: detected).")
    var task: LearningTask?

    @Option(
        help: ArgumentHelp(
            "The CV metric of --data (default accuracy / rmse): \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "metric"))
    var metric: String?

    @Option(parsing: .unconditional, help: "Folds of the cross-validation of --data.")
    var cv: Int = 5

    @Option(
        name: .customLong("ensemble-space"),
        help: ArgumentHelp(
            "The ensemble composition space for --data (default SearchSpaces/ensemble.yaml; 'none' skips ensembles).",
            valueName: "file"))
    var ensembleSpace: String?

    @Option(
        name: .customLong("ensemble-evaluations"),
        parsing: .unconditional,
        help: "Ensemble compositions tried after the model search.")
    var ensembleEvaluations: Int = 40

    @Option(
        name: .customLong("keep-predictions"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "Model trials of --data whose out-of-fold predictions are kept for ensembles (the best N; default \(PredictionRetention.defaultCount)).",
            valueName: "n"))
    var keepPredictions: Int = PredictionRetention.defaultCount

    @Option(
        help: ArgumentHelp(
            "Where --data writes model.json, summary.json and study.json.", valueName: "dir"))
    var out: String?

    @Option(
        help: ArgumentHelp(
            "Where --data writes the four production profiles at the end (as `automl export`).",
            valueName: "dir"))
    var profiles: String?

    @Option(
        help: ArgumentHelp(
            "Write the study's HTML report here at the end (as `automl report`).",
            valueName: "file"))
    var report: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The score tolerance of the front search and the profiles, in the metric's units (default: one standard error of the best CV score).",
            valueName: "x"))
    var tolerance: Double?

    @Option(
        name: .customLong("front-share"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "The share of the model-search budget spent on the fast and small end of the trade-off front (0 turns it off).",
            valueName: "fraction"))
    var frontShare: Double = BudgetSplit.defaultFrontShare

    @OptionGroup var csv: CSVOptionGroup

    @Option(
        help:
            "minimize or maximize; repeat once per objective for several. Default: minimize (or the study's)."
    )
    var direction: [StudyDirection] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Trials to run (100), or a time span after which no trial starts (90s, 5m, 2h).",
            valueName: "budget"))
    var budget: String = "100"

    @Option(parsing: .unconditional, help: "Trials run at once.")
    var jobs: Int = 1

    @Option(
        help: ArgumentHelp(
            "The study's name: a new study, or one to continue. Default: the space file's name.",
            valueName: "name"))
    var study: String?

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(
        help: ArgumentHelp(
            "The sampler of a new study: \(SamplerCatalog.names.joined(separator: ", ")) (default \(SamplerCatalog.defaultName)).",
            valueName: "name"))
    var sampler: String?

    @Option(parsing: .unconditional, help: "The sampler's seed for a new study (default 0).")
    var seed: UInt64?

    @Option(
        name: .customLong("trial-timeout"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "Fail a trial running longer than this (30s, 5m).", valueName: "duration"))
    var trialTimeout: String?

    @Flag(help: "Print the closing summary as JSON.")
    var json = false

    @Flag(help: "Show no progress on standard error.")
    var quiet = false

    func validate() throws {
        switch (command, data) {
        case (nil, nil):
            throw ValidationError(
                "Give --data FILE (search models for a dataset) or --command CMD (tune a program).")
        case (.some, .some):
            throw ValidationError("Give either --data or --command, not both.")
        case (let command?, nil):
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--command is empty: give the program to run per trial.")
            }
            guard study != nil || space != nil else {
                throw ValidationError(
                    "Give --space (for a new study) or --study (to continue one).")
            }
        case (nil, .some):
            guard cv >= 2 else { throw ValidationError("--cv must be at least 2; got \(cv).") }
            guard ensembleEvaluations >= 0 else {
                throw ValidationError("--ensemble-evaluations must be ≥ 0.")
            }
            guard frontShare >= 0, frontShare < 1 else {
                throw ValidationError("--front-share must be in [0, 1); got \(frontShare).")
            }
            if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
                throw ValidationError("--tolerance must be a number ≥ 0; got \(tolerance).")
            }
            guard keepPredictions >= 2 else {
                throw ValidationError(
                    "--keep-predictions must be at least 2 (an ensemble needs two members); got \(keepPredictions)."
                )
            }
            if let metric, Metric(rawValue: metric) == nil {
                throw ValidationError(
                    "--metric '\(metric)' is unknown; use one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
        }
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
        if let sampler, !SamplerCatalog.names.contains(sampler) {
            throw ValidationError(
                OptimizerError.unknownSampler(name: sampler, available: SamplerCatalog.names)
                    .description)
        }
    }

    func run() async throws {
        if let data {
            try await runModelSearch(data: data)
            return
        }
        let searchSpace = try space.map { path in try SearchSpaceFile.load(path) }
        let name = study ?? Self.defaultStudyName(space: space ?? "study")
        var attributes: [String: String] = [:]
        if let space { attributes["space_file"] = space }
        let session = StudySession.Request(
            name: name, storage: try storageOptions.location(), space: searchSpace,
            directions: direction.isEmpty ? nil : direction, samplerName: sampler, seed: seed,
            attributes: attributes)
        let options = ExecutionOptions(
            budget: try Budget(parsing: budget), jobs: jobs,
            trialTimeout: try trialTimeout.map { try parseDuration($0, option: "--trial-timeout") })
        let stop = StopController()
        let reporter = ProgressReporter(quiet: quiet)
        stop.installSignalHandlers { level in
            reporter.note(
                level == .graceful
                    ? "stopping: no new trials; running ones will finish (Ctrl-C or SIGTERM again to stop them now)"
                    : "stopping now: killing running trials")
        }
        let reportWorkflow = self.reportWorkflow(study: name, storage: session.storage)
        try reportWorkflow?.checkOutput()
        let workflow = TuneWorkflow(
            session: session, objective: .command(command ?? ""), options: options)
        let report = try await workflow.run(stop: stop, reporter: reporter)
        print(json ? try JSONOutput.string(report) : report.text)
        if let reportWorkflow { try await Self.write(reportWorkflow, quiet: quiet) }
        if stop.isStopping { throw ExitCode(ExitStatus.interrupted) }
        if !report.summary.trials.isEmpty, report.summary.completed == 0 {
            let first =
                report.summary.trials.compactMap(\.failureReason).first ?? "no reason recorded"
            FileHandle.standardError.write(
                Data(
                    ("Error: every one of the \(report.summary.trials.count) trials failed (first: \(first)); "
                        + "run the command by hand with the parameters of `automl studies show \(report.study)`.\n")
                        .utf8))
            throw ExitCode(ExitStatus.negativeResult)
        }
    }

    /// `space` for `space.json` or `spaces/space.yaml`.
    static func defaultStudyName(space: String) -> String {
        let file = URL(fileURLWithPath: space).deletingPathExtension().lastPathComponent
        return file.isEmpty ? "study" : file
    }
}
