import ArgumentParser
import AutoML
import Foundation

/// `automl ask --study S [--storage URL] [--space F --direction D]`.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract:
            "Start one trial of a study and print it as JSON: {\"number\": N, \"params\": {...}}.",
        discussion: """
            With tell, lets any program drive the optimizer: ask, evaluate the parameters, tell the \
            result. A study that does not exist yet is created from --space (and --direction, \
            --sampler, --seed). Asked trials stay running until told; they are never marked \
            abandoned, so tell --failed the ones you give up.
            """
    )

    @Option(help: ArgumentHelp("The study's name.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(help: ArgumentHelp("The search-space file, to create the study.", valueName: "file"))
    var space: String?

    @Option(help: "minimize or maximize (repeat for several objectives), to create the study.")
    var direction: [StudyDirection] = []

    @Option(
        help: ArgumentHelp(
            "The sampler, to create the study: \(SamplerCatalog.names.joined(separator: ", ")).",
            valueName: "name"))
    var sampler: String?

    @Option(help: "The sampler's seed, to create the study.")
    var seed: UInt64?

    func run() async throws {
        let request = StudySession.Request(
            name: study, storage: try storageOptions.location(),
            space: try space.map { path in try SearchSpaceFile.load(path) },
            directions: direction.isEmpty ? nil : direction, samplerName: sampler, seed: seed,
            attributes: space.map { ["space_file": $0] } ?? [:])
        let trial = try await AskTellWorkflow.ask(request)
        print(try AskedTrial(number: trial.number, params: trial.configuration).jsonLine())
    }
}

/// The line `automl ask` prints.
struct AskedTrial: Encodable {
    var number: Int
    var params: Configuration

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
