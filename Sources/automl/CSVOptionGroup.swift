import ArgumentParser
import AutoML

/// The CSV reading options shared by commands that read a dataset.
struct CSVOptionGroup: ParsableArguments {
    @Option(help: "Field delimiter: one character, or 'tab'.")
    var delimiter: String = ","

    @Option(
        help: ArgumentHelp(
            "Extra text that marks a missing value (repeatable); empty, NA, N/A, NaN, nan, ?, null, NULL and None always do.",
            valueName: "text"))
    var missing: [String] = []

    func csvOptions() throws -> CSVOptions {
        try CSVOptions(
            delimiter: delimiter, missingMarkers: CSVOptions.defaultMissingMarkers + missing)
    }
}

extension LearningTask: ExpressibleByArgument {}
