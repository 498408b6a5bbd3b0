import ArgumentParser
import AutoML
import Foundation

/// `automl studies list [--storage URL] [--json]`.
struct StudiesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "One line per study: directions, trials by state, best value, sampler.")

    @OptionGroup var storageOptions: StorageOptionGroup

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    func run() async throws {
        let summaries = try await StudiesWorkflow.list(try storageOptions.location())
        if json {
            print(try JSONOutput.string(summaries.map(SummaryRow.init)))
            return
        }
        guard !summaries.isEmpty else {
            print("no studies in \(storageOptions.storage)")
            return
        }
        let width = max(5, summaries.map(\.name.count).max() ?? 5)
        print(
            "study".padded(width)
                + "  directions  trials  complete  failed  running  best          sampler")
        for s in summaries {
            let directions: String = s.directions.map(\.rawValue).joined(separator: ",")
            let counts: [String] = [
                String(s.trialCount).leftPadded(6),
                String(s.trialCounts[.complete] ?? 0).leftPadded(8),
                String(s.trialCounts[.failed] ?? 0).leftPadded(6),
                String(s.trialCounts[.running] ?? 0).leftPadded(7),
            ]
            let best: String = (s.bestValue.map(ProgressReporter.format) ?? "-").padded(12)
            let sampler: String = s.sampler.name + (s.sampler.seed.map { " (seed \($0))" } ?? "")
            let fields: [String] =
                [s.name.padded(width), directions.padded(10)] + counts + [best, sampler]
            print(fields.joined(separator: "  "))
        }
    }
}

/// One element of `studies list --json`.
struct SummaryRow: Encodable {
    var name: String
    var directions: [StudyDirection]
    var trials: Int
    var complete: Int
    var failed: Int
    var pruned: Int
    var running: Int
    var best_value: Double?
    var sampler: String
    var seed: UInt64?

    init(_ s: StudySummary) {
        name = s.name
        directions = s.directions
        trials = s.trialCount
        complete = s.trialCounts[.complete] ?? 0
        failed = s.trialCounts[.failed] ?? 0
        pruned = s.trialCounts[.pruned] ?? 0
        running = s.trialCounts[.running] ?? 0
        best_value = s.bestValue
        sampler = s.sampler.name
        seed = s.sampler.seed
    }
}
