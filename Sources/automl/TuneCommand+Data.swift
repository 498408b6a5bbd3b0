import ArgumentParser
import AutoML
import Foundation

extension TuneCommand {
    /// `automl tune --data FILE`: the model and ensemble search.
    func runModelSearch(data: String) async throws {
        let spacePath = try space ?? SearchSpaceLocator.bundled("default.yaml")
        let (searchSpace, origins) = try SearchSpace.loadWithOrigins(
            contentsOf: URL(fileURLWithPath: spacePath))
        var ensembleSearchSpace: SearchSpace?
        if ensembleSpace != "none" {
            let path = try ensembleSpace ?? SearchSpaceLocator.bundled("ensemble.yaml")
            let (loaded, ensembleOrigins) = try SearchSpace.loadWithOrigins(
                contentsOf: URL(fileURLWithPath: path))
            // A wrong composition space would fail every ensemble trial after the whole search.
            if let problem = SearchSpaceCheck.ensembleProblems(in: loaded, origins: ensembleOrigins)
                .first
            {
                throw ValidationError(
                    "\(problem); fix --ensemble-space (see SearchSpaces/ensemble.yaml).")
            }
            ensembleSearchSpace = loaded
        }
        let hasLearner = searchSpace.parameter(named: "learner") != nil
        let defaultFamily =
            hasLearner
            ? nil : URL(fileURLWithPath: spacePath).deletingPathExtension().lastPathComponent
        // Without a `learner` parameter the file's name says which family it tunes; refuse one
        // that names none before any trial fails for it.
        if let defaultFamily, LearnerCatalog.family(named: defaultFamily) == nil {
            let names = LearnerCatalog.families.map(\.name).joined(separator: ", ")
            throw ValidationError(
                "\(spacePath) has no 'learner' parameter, and '\(defaultFamily)' is not a learner family, so no "
                    + "trial could run. Add a categorical 'learner' parameter (see SearchSpaces/default.yaml), "
                    + "or name the file after the family it tunes (\(names)).")
        }
        // A misspelt hyperparameter or a bound a learner refuses would fail every trial of its family.
        let problems = SearchSpaceCheck.modelProblems(
            in: searchSpace, origins: origins, defaultFamily: defaultFamily)
        if let problem = problems.first {
            throw ValidationError(
                "\(problem); fix the search space (docs/search-spaces.md)"
                    + (problems.count > 1 ? " (and \(problems.count - 1) more problem(s))." : "."))
        }
        let dataName = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
        let settings = ModelSearchWorkflow.Settings(
            dataPath: data, targetName: target, task: task,
            metric: metric.flatMap(Metric.init(rawValue:)),
            space: searchSpace, defaultFamily: defaultFamily, ensembleSpace: ensembleSearchSpace,
            ensembleEvaluations: ensembleEvaluations, folds: cv,
            budget: try Budget(parsing: budget), jobs: jobs,
            seed: seed ?? 0, samplerName: sampler ?? SamplerCatalog.defaultName,
            studyName: study ?? "tune-\(dataName)", storage: try storageOptions.location(),
            outputDirectory: out,
            csvOptions: try csv.csvOptions(),
            trialTimeout: try trialTimeout.map { try parseDuration($0, option: "--trial-timeout") },
            retention: PredictionRetention(count: keepPredictions), frontShare: frontShare,
            tolerance: tolerance, profilesDirectory: profiles, attributes: ["space_file": spacePath]
        )
        let reportWorkflow = self.reportWorkflow(
            study: settings.studyName, storage: settings.storage)
        try reportWorkflow?.checkOutput()
        let stop = StopController()
        let reporter = ProgressReporter(quiet: quiet)
        stop.installSignalHandlers { level in
            reporter.note(
                level == .graceful
                    ? "stopping: no new trials; running ones will finish, then ensembles and the final fit (Ctrl-C or SIGTERM again to stop now)"
                    : "stopping now")
        }
        let report = try await ModelSearchWorkflow(settings).run(stop: stop, reporter: reporter)
        if json {
            print(String(decoding: try report.json(), as: UTF8.self), terminator: "")
        } else {
            print(report.text)
            if let out {
                print("wrote \(out)/model.json, \(out)/summary.json and \(out)/study.json")
            }
        }
        if let reportWorkflow { try await Self.write(reportWorkflow, quiet: quiet) }
        // Stopped by a signal: the outputs of what ran are written, and the status says so.
        if stop.isStopping { throw ExitCode(ExitStatus.interrupted) }
    }

    /// The `--report FILE` workflow of this run, `nil` without `--report`.
    func reportWorkflow(study: String, storage: StorageLocation) -> ReportWorkflow? {
        report.map { path in
            ReportWorkflow(
                study: study, storage: storage, output: path, profilesDirectory: profiles,
                budget: budget)
        }
    }

    /// Writes the report at the end of the run (the storage read-only, the file atomically).
    static func write(_ workflow: ReportWorkflow, quiet: Bool) async throws {
        try await ReportCommand.reportingErrors {
            let outcome = try await workflow.run()
            if !quiet { ReportCommand.describe(outcome) }
        }
    }
}

/// Finds the search-space files that ship with automl: `SearchSpaces/` in the working
/// directory, else next to (or above) the executable, as in a source checkout.
enum SearchSpaceLocator {
    static func bundled(_ name: String) throws -> String {
        var candidates = [FileManager.default.currentDirectoryPath + "/SearchSpaces/" + name]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("SearchSpaces/" + name).path)
            directory = directory.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) })
        else {
            throw ValidationError(
                "Cannot find SearchSpaces/\(name) in the working directory or next to automl; give --space FILE."
            )
        }
        return found
    }
}
