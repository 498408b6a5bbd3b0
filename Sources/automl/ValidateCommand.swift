import ArgumentParser
import AutoML
import Foundation

/// `automl validate --model model.json --data test.csv --target COL --targets targets.json`.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model against production targets on held-out rows.",
        discussion: """
            Scores the model on the rows (every score metric of the task), measures its \
            single-row latency p50/p99, throughput at 1,000 rows, the bytes of its JSON and the \
            peak memory of loading it and predicting, and prints Metric | Target | Achieved | \
            Status. Targets come from --targets (a JSON object keyed by metric name with min \
            and/or max, as Examples/targets.json) and --target-min / --target-max NAME=VALUE. \
            Exit status: 0 when every target holds, 1 when one fails, 2 on bad input.

            Example:
            automl validate --model model.json --data test.csv --target target \\
                  --targets Examples/targets.json
            """
    )

    @Option(help: ArgumentHelp("The model file.", valueName: "file"))
    var model: String

    @Option(
        help: ArgumentHelp(
            "The CSV file of held-out rows, with the target column.", valueName: "file"))
    var data: String

    @Option(help: ArgumentHelp("The target column.", valueName: "column"))
    var target = "target"

    @Option(help: ArgumentHelp("A JSON file of targets by metric name.", valueName: "file"))
    var targets: String?

    @Option(
        name: .customLong("target-min"),
        help: ArgumentHelp(
            "A lower bound, NAME=VALUE (repeatable), e.g. accuracy=0.85.", valueName: "name=value"))
    var targetMinimum: [String] = []

    @Option(
        name: .customLong("target-max"),
        help: ArgumentHelp(
            "An upper bound, NAME=VALUE (repeatable), e.g. latency_p99_seconds=0.15.",
            valueName: "name=value"))
    var targetMaximum: [String] = []

    @Flag(help: "Print the table as a JSON array of {metric, target, achieved, pass}.")
    var json = false

    @OptionGroup var csv: CSVOptionGroup

    func run() async throws {
        let report: ValidationReport
        do {
            var goals = try targets.map(ValidationTargets.load(contentsOf:)) ?? ValidationTargets()
            for text in targetMinimum { try goals.add(text, isMinimum: true) }
            for text in targetMaximum { try goals.add(text, isMinimum: false) }
            report = try ValidateWorkflow(
                modelPath: model, dataPath: data, targetName: target, targets: goals,
                csvOptions: try csv.csvOptions()
            ).run()
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? String(decoding: try report.json(), as: UTF8.self) : report.text)
        if !report.passes { throw ExitCode(1) }
    }
}
