import ArgumentParser
import AutoML

/// The `automl` command: a thin layer over the `AutoML` library.
@main
struct Automl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automl",
        abstract: "Hyperparameter optimization and AutoML for tabular data.",
        discussion: """
            Reads a CSV dataset, checks and describes it, generates synthetic data, tunes objectives \
            in studies that survive crashes, and measures the toolkit against its reference figures. Every command is also a library call in \
            the AutoML Swift module.

            Examples:
              automl data describe Examples/iris.csv --target target
            automl data synth --task classification --rows 50000 --features 20 \\
                  --seed 0 --out synth.csv
              automl bench data --file Examples/iris.csv
            automl tune --data Examples/iris.csv --target target --budget 20s \\
                  --out results
            automl predict --model results/model.json --data Examples/iris.csv \\
                  --out predictions.csv
            automl tune --space space.json --command 'python train.py' --direction \\
                  minimize --budget 50
              automl studies show space --json
              automl bench optimizers --functions branin --budget 50 --seeds 5
            """,
        version: AutoMLVersion.current,
        subcommands: [
            DataCommand.self, TuneCommand.self, ExportCommand.self, TrainCommand.self,
            PredictCommand.self, ValidateCommand.self, AblateCommand.self, RefineCommand.self,
            AskCommand.self, TellCommand.self,
            EnqueueCommand.self, WorkerCommand.self, StudiesCommand.self, ReportCommand.self,
            BenchCommand.self,
        ]
    )
}
