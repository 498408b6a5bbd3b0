import ArgumentParser

/// `automl studies …`: the studies kept in a storage.
struct StudiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studies",
        abstract: "List, show, export, delete and copy studies.",
        subcommands: [
            StudiesListCommand.self, StudiesShowCommand.self, StudiesExportCommand.self,
            StudiesDeleteCommand.self, StudiesCopyCommand.self,
        ]
    )
}
