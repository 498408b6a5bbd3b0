import ArgumentParser
import AutoML

/// `automl tell --study S --trial N --value V` or `--failed [--reason R]`.
struct TellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tell",
        abstract: "Finish a trial started with ask: its value(s), or that it failed.",
        discussion:
            "A NaN or infinite value records the trial as failed. Each trial can be told once."
    )

    @Option(help: ArgumentHelp("The study's name.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(help: ArgumentHelp("The trial's number, as ask printed it.", valueName: "n"))
    var trial: Int

    // `.unconditionalSingleValue`: a negative value (`--value -0.93`) is the value, not an option.
    @Option(
        parsing: .unconditionalSingleValue,
        help:
            "The objective value (repeat once per direction for several objectives; negative values need no `=`)."
    )
    var value: [Double] = []

    @Flag(help: "The trial failed.")
    var failed = false

    @Option(help: "Why it failed (with --failed).")
    var reason: String?

    @Option(
        help: ArgumentHelp(
            "A metric to store with the trial (repeatable).", valueName: "name=value"))
    var metric: [String] = []

    @Flag(help: "Tell the trial even while the process running it is alive.")
    var force = false

    func validate() throws {
        guard failed != !value.isEmpty else {
            throw ValidationError("Give either --value or --failed.")
        }
        if reason != nil && !failed { throw ValidationError("--reason goes with --failed.") }
        _ = try metrics()
    }

    func metrics() throws -> [String: Double] {
        var metrics: [String: Double] = [:]
        for text in metric {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let number = Double(parts[1]) else {
                throw ValidationError(
                    "--metric '\(text)': write name=number, e.g. --metric accuracy=0.93.")
            }
            metrics[String(parts[0])] = number
        }
        return metrics
    }

    func run() async throws {
        let result: AskTellWorkflow.Result =
            failed ? .failed(reason: reason ?? "told failed") : .values(value)
        let record = try await AskTellWorkflow.tell(
            study: study, storage: try storageOptions.location(), trial: trial, result: result,
            metrics: try metrics(), force: force)
        var line = "trial \(record.number) of study '\(study)': \(record.state.rawValue)"
        if let values = record.values {
            line += " (\(values.map(ProgressReporter.format).joined(separator: ", ")))"
        }
        if let reason = record.failureReason { line += ": \(reason)" }
        print(line)
    }
}
