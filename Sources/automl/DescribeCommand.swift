import ArgumentParser
import AutoML
import Foundation

/// `automl data describe FILE --target COL [--json]`.
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Read a CSV file and report its rows, column types, missing values and target.",
        discussion: "With --json, prints one JSON object (keys documented in docs/cli.md)."
    )

    @Argument(help: "The CSV file to read (header row first).")
    var file: String

    @Option(help: "The name of the target column.")
    var target: String

    @Option(help: "Force the task instead of detecting it: classification or regression.")
    var task: LearningTask?

    @OptionGroup var csv: CSVOptionGroup

    @Flag(help: "Print machine-readable JSON instead of a table.")
    var json = false

    func run() async throws {
        let description = try DescribeWorkflow(
            path: file, targetName: target, task: task, options: try csv.csvOptions()
        ).run()
        if json {
            print(try JSONOutput.string(description))
        } else {
            print(DescriptionTable.render(description))
        }
    }
}

/// Pretty JSON with sorted keys, shared by every `--json` output.
enum JSONOutput {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// The human-readable form of a ``DataDescription``.
enum DescriptionTable {
    static func render(_ d: DataDescription) -> String {
        var lines = [String]()
        lines.append(
            "\(d.file): \(d.rows) rows, \(d.features) features (\(d.numericFeatures) numeric, \(d.categoricalFeatures) categorical), \(d.missingValues) missing values"
        )
        var targetLine = "target '\(d.target)': \(d.task.rawValue)"
        if let classes = d.classes, let counts = d.classCounts {
            let balance = counts.sorted {
                $0.key.localizedStandardCompare($1.key) == .orderedAscending
            }
            .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            targetLine += ", \(classes) classes (\(balance))"
        }
        lines.append(targetLine)
        lines.append("")
        let nameWidth = min(40, max(6, d.columns.map(\.name.count).max() ?? 6))
        lines.append(
            "column".padded(nameWidth)
                + "  kind         role     missing   unique  min          max          mean")
        for c in d.columns {
            let numbers = [c.min, c.max, c.mean].map {
                $0.map { String(format: "%-12.5g", $0) } ?? "-".padded(12)
            }
            lines.append(
                String(c.name.prefix(nameWidth)).padded(nameWidth) + "  "
                    + c.kind.rawValue.padded(11) + "  "
                    + c.role.padded(7) + "  " + String(c.missing).leftPadded(7) + "  "
                    + String(c.unique).leftPadded(7)
                    + "  " + numbers.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
