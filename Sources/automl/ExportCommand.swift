import ArgumentParser
import AutoML
import Foundation

/// `automl export --study S [--storage URL] --out DIR`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model search's four production profiles as JSON.",
        discussion: """
            Selects, from the trials and ensembles of a `tune --data` study, the candidates of four \
            profiles (docs/profiles.md): high_performance (best CV score), fast_inference (lowest \
            p99 single-row latency within the tolerance of the best score), memory_efficient \
            (smallest model within the tolerance) and balanced (the best normalized utility on the \
            trade-off front). Each is fitted on all the study's data, measured, and written \
            atomically to DIR/<profile>.json, with its pipeline, metrics, the data's fingerprint, \
            the seed and the study it came from (schema: docs/profile.schema.json). The storage \
            is only read.

            Example:
              automl export --study tune-breast_cancer --out profiles
            """
    )

    @Option(help: ArgumentHelp("The model search's study.", valueName: "name"))
    var study: String

    @OptionGroup var storageOptions: StorageOptionGroup

    @Option(help: ArgumentHelp("The folder the four profiles are written to.", valueName: "dir"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "The score tolerance of fast_inference and memory_efficient, in the metric's units (default: one standard error of the best CV score).",
            valueName: "x"))
    var tolerance: Double?

    @Option(
        help: ArgumentHelp(
            "The data the study was tuned on, when it is no longer at the path the study recorded.",
            valueName: "file"))
    var data: String?

    @OptionGroup var csv: CSVOptionGroup

    func validate() throws {
        if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
            throw ValidationError("--tolerance must be a number ≥ 0; got \(tolerance).")
        }
    }

    func run() async throws {
        let built = try await ExportWorkflow(
            study: study, storage: try storageOptions.location(), outputDirectory: out,
            tolerance: tolerance,
            dataPath: data, csvOptions: try csv.csvOptions()
        ).run()
        for item in built {
            let metrics = item.profile.metrics
            print(
                "\(item.profile.profile.rawValue): \(item.profile.study.candidate) trial \(item.profile.study.trial), "
                    + "\(metrics.metric) \(ProgressReporter.format(metrics.score)), p99 "
                    + String(format: "%.3f ms", metrics.latencyP99Seconds * 1000)
                    + ", \(metrics.modelBytes) bytes → \((out as NSString).appendingPathComponent(item.profile.profile.fileName))"
            )
        }
    }
}
