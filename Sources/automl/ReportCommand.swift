import ArgumentParser
import AutoML
import Foundation

/// `automl report --study S [--storage URL] --out report.html [--watch 10s] …`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a study's report: one self-contained HTML file with its charts.",
        discussion: """
            The page holds the study's header (dataset fingerprint, space, sampler, seed, \
            elapsed, trials by state, versions), the optimization history, a sortable \
            leaderboard (the best trial of each learner family and the best ensemble), parameter \
            importance (PED-ANOVA, or the fANOVA of --ablation) with the ablation path, parallel \
            coordinates of the best trials, a slice per important parameter, the strongest \
            interaction's heat map, the trade-off fronts with the four profiles of --profiles, and \
            the validation table of --validation (docs/report.md). CSS and SVG are inline and \
            nothing is fetched: open it anywhere, mail it, print it. Large studies are thinned to \
            what a reader can see; each caption says how.

            The storage is opened read-only (no lock a running tune waits on). An ablation.json \
            of the same study beside --out or in --profiles is used without --ablation. With \
            --watch the file is rewritten atomically at that interval until Ctrl-C.

            Examples:
              automl report --study tune-breast_cancer --out report.html
              automl report --study s --out report.html --profiles profiles --ablation ablation.json
              automl report --study s --out report.html --watch 10s
            """
    )

    @Option(help: ArgumentHelp("The study to report on.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "Rewrite the report at this interval (10s, 1m) until Ctrl-C.", valueName: "interval"))
    var watch: String?

    @Option(
        help: ArgumentHelp(
            "A folder of production profiles (automl export --out) to mark on the fronts.",
            valueName: "dir"))
    var profiles: String?

    @Option(
        help: ArgumentHelp(
            "The output of automl ablate --json for this study (importance, ablation path).",
            valueName: "file"))
    var ablation: String?

    @Option(
        help: ArgumentHelp(
            "The output of automl validate --json (the validation table).", valueName: "file"))
    var validation: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let watch { _ = try Self.interval(watch) }
    }

    static func interval(_ text: String) throws -> Duration {
        guard let duration = DurationText.parse(text), duration > .zero else {
            throw ValidationError(ReportError.invalidInterval(text).description)
        }
        return duration
    }

    func run() async throws {
        let workflow = ReportWorkflow(
            study: study, storage: try storageOptions.location(), output: out,
            profilesDirectory: profiles, ablationPath: ablation, validationPath: validation)
        try await Self.reportingErrors {
            try workflow.checkOutput()
            guard let watch else {
                let outcome = try await workflow.run()
                if !quiet { Self.describe(outcome) }
                return
            }
            let stop = StopController()
            stop.installSignalHandlers()
            let quiet = quiet
            try await workflow.watch(
                every: try Self.interval(watch), stop: stop,
                onWrite: { outcome in if !quiet { Self.describe(outcome) } },
                onError: { error in
                    FileHandle.standardError.write(
                        Data("warning: the report was not rewritten: \(error)\n".utf8))
                })
            if stop.isStopping { throw ExitCode(ExitStatus.interrupted) }
        }
    }

    /// One line per write, on standard error (standard output stays free for scripts).
    static func describe(_ outcome: ReportWorkflow.Outcome) {
        let line =
            "wrote \(outcome.path): \(outcome.trials) trials, \(outcome.charts) charts, "
            + String(format: "%.1f kB in %.2f s", Double(outcome.bytes) / 1000, outcome.seconds)
        FileHandle.standardError.write(Data((line + "\n").utf8))
        for note in outcome.notes {
            FileHandle.standardError.write(Data("note: \(note)\n".utf8))
        }
    }

    /// Runs `body`, reporting a ``ReportError`` as bad input (exit status 2).
    static func reportingErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ReportError {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
