import ArgumentParser
import AutoML
import Foundation

/// `automl enqueue --study S --params JSON`.
struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Queue a configuration to run next in a study (a warm start, a point to verify).",
        discussion: """
            The configuration is a JSON object of parameter values, as `automl ask` prints under \
            "params"; it must give every active parameter a value inside the study's space. The \
            next ask of any process (`tune`, `worker`, `ask`) runs queued trials first, oldest \
            first. Prints the waiting trial as JSON: {"number": N, "state": "waiting", "params": {...}}.

            Example:
            automl enqueue --study svm --params '{"kernel": "rbf", "c": 10, \\
                  "gamma": 0.01}'
            """
    )

    @Option(help: ArgumentHelp("The study's name.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(
        help: ArgumentHelp(
            "The configuration: a JSON object of parameter values.", valueName: "json"))
    var params: String

    func validate() throws {
        _ = try configuration()
    }

    func configuration() throws -> AutoMLSearchSpace.Configuration {
        do {
            return try JSONDecoder().decode(
                AutoMLSearchSpace.Configuration.self, from: Data(params.utf8))
        } catch {
            throw ValidationError(
                "--params must be a JSON object of parameter values, e.g. '{\"x\": 0.5, \"kernel\": \"rbf\"}'."
            )
        }
    }

    func run() async throws {
        let record = try await StudiesWorkflow.enqueue(
            try configuration(), in: study, location: try storageOptions.location())
        print(try EnqueuedTrial(number: record.number, params: record.configuration).jsonLine())
    }
}

/// What `automl enqueue` prints.
private struct EnqueuedTrial: Encodable {
    var number: Int
    var state = "waiting"
    var params: AutoMLSearchSpace.Configuration

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
