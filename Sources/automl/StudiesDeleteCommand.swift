import ArgumentParser
import AutoML

/// `automl studies delete NAME [--storage URL]`.
struct StudiesDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a study and all its trials (export it first to keep them).")

    @Argument(help: "The study's name.")
    var name: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Flag(help: "Delete the study even while live processes run its trials.")
    var force = false

    func run() async throws {
        let count = try await StudiesWorkflow.delete(
            name, in: try storageOptions.location(), force: force)
        print("deleted study '\(name)' and its \(count) trials")
    }
}
