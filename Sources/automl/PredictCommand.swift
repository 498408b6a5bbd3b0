import ArgumentParser
import AutoML
import Foundation

/// `automl predict --model M --data F --out P`: apply a tuned model to new rows.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a model written by `automl tune --out DIR` (DIR/model.json).",
        discussion: """
            Writes a CSV with a `prediction` column in the input's row order (and \
            `probability_<class>` columns for classifiers). The input may still hold the target \
            column; it is ignored. The output is written atomically.
            """
    )

    @Option(help: "The model file (model.json from `automl tune --out`).")
    var model: String

    @Option(help: "The CSV file with the rows to predict.")
    var data: String

    @Option(help: "Where to write the predictions CSV.")
    var out = "predictions.csv"

    @OptionGroup var csv: CSVOptionGroup

    func run() async throws {
        let rows = try PredictWorkflow(
            modelPath: model, dataPath: data, outputPath: out, options: try csv.csvOptions()
        ).run { warning in
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        print("Wrote \(rows) predictions to \(out).")
    }
}
