import ArgumentParser
import AutoML
import AutoMLBenchmarks
import Foundation

/// `automl bench data --file F…`: CSV load time.
struct BenchDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Time reading CSV files (median of repeated loads).",
        discussion:
            "Compare with pandas.read_csv on the same files, run in the same session (see docs/benchmarks.md)."
    )

    @Option(name: .customLong("file"), help: "A CSV file to load (repeatable).")
    var files: [String]

    @Option(help: "Loads per file; the median is reported.")
    var repeats: Int = 7

    @OptionGroup var csv: CSVOptionGroup

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one --file.") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be ≥ 1.") }
    }

    func run() async throws {
        let results = try LoadBenchmark(
            paths: files, repeats: repeats, options: try csv.csvOptions()
        ).run()
        if json {
            print(try JSONOutput.string(results))
            return
        }
        print("file".padded(40) + "  rows     cols  MB      median ms  min ms   MB/s")
        for r in results {
            print(
                String(r.file.suffix(40)).padded(40) + "  " + String(r.rows).padded(7) + "  "
                    + String(r.columns).padded(4)
                    + "  "
                    + String(
                        format: "%-6.2f  %-9.2f  %-7.2f  %.0f", r.megabytes, r.medianMilliseconds,
                        r.minimumMilliseconds, r.megabytes / (r.medianMilliseconds / 1000)))
        }
    }
}
