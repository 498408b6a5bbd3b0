import ArgumentParser

/// `automl bench …`: speed and quality measurements against the reference figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure automl against its reference figures (use a release build).",
        subcommands: [
            BenchDataCommand.self, BenchLearnersCommand.self, BenchOptimizersCommand.self,
            BenchExecutorCommand.self,
            BenchAutoMLCommand.self, BenchScenariosCommand.self, BenchImportanceCommand.self,
            BenchReportCommand.self,
        ]
    )
}
