import ArgumentParser
import AutoML
import Foundation

/// `automl studies show NAME [--storage URL] [--json]`.
struct StudiesShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A study's settings, leaderboard, best-so-far sparkline and every trial.",
        discussion:
            "With --json, prints one object with name, directions and trials (keys in docs/cli.md)."
    )

    @Argument(help: "The study's name.")
    var name: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() async throws {
        let location = try storageOptions.location()
        if json {
            let report = try await StudiesWorkflow.export(name, in: location)
            print(String(decoding: try report.json(), as: UTF8.self))
            return
        }
        // One read-only read serves the settings, the leaderboard and the trial table.
        let data = try await ReportWorkflow.load(study: name, storage: location)
        let report = StudyExport(study: data.study, trials: data.trials)
        let study = report.study
        print(
            "study '\(study.name)': \(study.directions.map(\.rawValue).joined(separator: ", ")), sampler \(study.sampler.name)"
                + (study.sampler.seed.map { " (seed \($0))" } ?? "")
                + ", \(report.trials.count) trials")
        for key in study.attributes.keys.sorted() {
            print("  \(key): \(study.attributes[key] ?? "")")
        }
        print("  parameters: " + study.space.parameters.map(\.name).joined(separator: ", "))
        if let best = report.best {
            print(
                "best: trial \(best.number), value \(ProgressReporter.format(best.value ?? .nan)): \(best.configuration)"
            )
        }
        let direction = study.directions.first ?? .minimize
        if let line = Sparkline.bestSoFar(of: data.trials, direction: direction),
            let first = data.trials.first(where: { $0.state == .complete })?.value,
            let best = report.best?.value
        {
            print(
                "best so far: \(line)  \(ProgressReporter.format(first)) → \(ProgressReporter.format(best)) over \(data.trials.count) trials"
            )
        }
        print("")
        print(Leaderboard(data).text)
        print("")
        print("trial  state     value         wall s   params / reason")
        for trial in report.trials {
            let value =
                trial.state == .complete
                ? (trial.values ?? []).map(ProgressReporter.format).joined(separator: ",") : "-"
            let wall =
                trial.metrics[.wallSeconds].map { String(format: "%.3f", $0) } ?? "-"
            var detail = "\(trial.configuration)"
            if let reason = trial.failureReason { detail += " — \(reason)" }
            print(
                String(trial.number).leftPadded(5) + "  " + trial.state.rawValue.padded(8) + "  "
                    + value.padded(12)
                    + "  " + wall.leftPadded(7) + "  " + detail)
        }
    }
}
