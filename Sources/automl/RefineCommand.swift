import ArgumentParser
import AutoML
import Foundation

/// `automl refine --study S --budget B [--rounds R]`.
struct RefineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refine",
        abstract: "Continue a study by refining, round by round, only the parameters that matter.",
        discussion: """
            Each round ranks the best configuration's parameters by PED-ANOVA importance over \
            the study's trials, searches the two ranked first (the learner family and every \
            other parameter held at the best configuration's values) with the study's sampler \
            for budget/rounds, and moves on; the study's best changes only when a refined trial \
            beats it. Trials record refine_round and refined_parameters (docs/ablation.md). \
            After the rounds, a model search's ensemble search continues over the pool the \
            refined trials joined (the last 15 % of a time budget; 40 compositions of a trial \
            budget); `automl export` then sees both.

            Example:
              automl refine --study tune-breast_cancer --budget 20s --rounds 3
            """
    )

    @Option(help: ArgumentHelp("The study to refine.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(
        help: ArgumentHelp("Trials (50) or time (20s, 5m) for all rounds.", valueName: "budget"))
    var budget: String

    @Option(help: "Rounds (each refines the next most important parameters).")
    var rounds = 3

    @Option(name: .customLong("parameters-per-round"), help: "Parameters searched per round.")
    var parametersPerRound = 2

    @Option(help: "Trials run at once.")
    var jobs = 1

    @Option(
        help: ArgumentHelp(
            "The data of a model search, when it moved since the search.", valueName: "file"))
    var data: String?

    @Flag(
        help: "Print {rounds: [{parameters, trials, best_before, best_after}], improved} as JSON.")
    var json = false

    @OptionGroup var csv: CSVOptionGroup

    func validate() throws {
        do { _ = try Budget(parsing: budget) } catch {
            throw ValidationError("--budget: \(error.description)")
        }
        guard rounds >= 1, rounds <= 100 else {
            throw ValidationError("--rounds must be in 1…100; got \(rounds).")
        }
        guard parametersPerRound >= 1 else {
            throw ValidationError("--parameters-per-round must be ≥ 1.")
        }
        guard jobs >= 1, jobs <= ExecutionOptions.maximumJobs else {
            throw ValidationError(
                "--jobs must be in 1…\(ExecutionOptions.maximumJobs); got \(jobs).")
        }
    }

    func run() async throws {
        let stop = StopController()
        stop.installSignalHandlers()
        let json = self.json
        let report = try await RefineWorkflow(
            study: study, storage: try storageOptions.location(),
            budget: try Budget(parsing: budget), rounds: rounds,
            parametersPerRound: parametersPerRound, jobs: jobs, dataPath: data,
            csvOptions: try csv.csvOptions()
        ).run(stop: stop) { round in
            guard !json else { return }
            print(
                "round: \(round.parameters.joined(separator: ", ")) — \(round.trials) trials, best "
                    + "\(ProgressReporter.format(round.bestBefore)) → \(ProgressReporter.format(round.bestAfter))"
                    + (round.improved ? "" : " (not improved; kept)"))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(
                report.improved
                    ? "refinement improved the study's best"
                    : "refinement did not improve the study's best")
            if let ensemble = report.ensemble {
                let before = ensemble.bestBefore.map(ProgressReporter.format) ?? "none"
                let after = ensemble.bestAfter.map(ProgressReporter.format) ?? "none"
                print(
                    "ensemble search over the enlarged pool: \(ensemble.trials) compositions, best "
                        + "\(before) → \(after)" + (ensemble.improved ? "" : " (not improved)"))
            }
        }
        if stop.level >= .graceful { throw ExitCode(ExitStatus.interrupted) }
    }
}
