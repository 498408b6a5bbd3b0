import ArgumentParser
import AutoML
import Foundation

/// `automl studies export NAME --format json|csv [--out FILE] [--storage URL]`.
struct StudiesExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a study's trials as JSON or CSV (atomically with --out).")

    @Argument(help: "The study's name.")
    var name: String

    @Option(help: "json (as studies show --json) or csv (one row per trial).")
    var format: String = "json"

    @Option(
        help: ArgumentHelp("The file to write; standard output when absent.", valueName: "file"))
    var out: String?

    @OptionGroup var storageOptions: StorageOptionGroup

    func validate() throws {
        guard StudiesWorkflow.Format(rawValue: format) != nil else {
            throw ValidationError(StudyWorkflowError.unknownFormat(format).description)
        }
    }

    func run() async throws {
        let format = StudiesWorkflow.Format(rawValue: format) ?? .json
        let location = try storageOptions.location()
        if let out {
            let count = try await StudiesWorkflow.export(
                name, in: location, format: format, to: out)
            print("wrote \(out): \(count) trials of study '\(name)' as \(format.rawValue)")
        } else {
            FileHandle.standardOutput.write(
                try await StudiesWorkflow.export(name, in: location, format: format))
        }
    }
}
