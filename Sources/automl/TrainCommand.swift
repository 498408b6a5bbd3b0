import ArgumentParser
import AutoML
import Foundation

/// `automl train --profile FILE --data train.csv --target COL --out model.json`.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a profile's pipeline on data and write the model for `automl predict`.",
        discussion: """
            Reads a profile written by `automl export` (checked against docs/profile.schema.json), \
            refuses data whose columns or types differ from the profile's dataset (naming the \
            column), fits the pipeline with the profile's seed, and writes the model atomically.

            Example:
            automl train --profile profiles/fast_inference.json --data train.csv \\
                  --target target --out model.json
            """
    )

    @Option(help: ArgumentHelp("The profile JSON file.", valueName: "file"))
    var profile: String

    @Option(help: ArgumentHelp("The training CSV file.", valueName: "file"))
    var data: String

    @Option(help: ArgumentHelp("The target column (default: the profile's).", valueName: "column"))
    var target: String?

    @Option(help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out = "model.json"

    @OptionGroup var csv: CSVOptionGroup

    func run() async throws {
        let result = try TrainWorkflow(
            profilePath: profile, dataPath: data, targetName: target, outputPath: out,
            csvOptions: try csv.csvOptions()
        ).run()
        print(
            "Fitted the \(result.profile.profile.rawValue) pipeline on \(result.rows) rows in "
                + String(format: "%.2f s", result.fitSeconds) + "; wrote \(out).")
    }
}
