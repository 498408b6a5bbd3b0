import ArgumentParser

/// `automl data …`: inspect and generate datasets.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Inspect and generate tabular datasets.",
        subcommands: [DescribeCommand.self, SynthCommand.self]
    )
}
