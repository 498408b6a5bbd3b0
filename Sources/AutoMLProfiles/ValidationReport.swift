import Foundation

/// The result of `automl validate`: one row per measured metric, with its target and whether it
/// holds.
public struct ValidationReport: Sendable, Encodable {
    /// One metric.
    public struct Row: Sendable, Encodable, Equatable {
        public var metric: String
        /// The target in words (`≥ 0.85`), `nil` when none was set.
        public var target: String?
        public var achieved: Double
        /// `nil` when no target was set.
        public var pass: Bool?
    }

    public var rows: [Row]
    /// Rows of the data the scores were computed on.
    public var rowCount: Int

    /// Whether every target holds.
    public var passes: Bool { rows.allSatisfy { $0.pass != false } }

    public init(achieved: [(String, Double)], targets: ValidationTargets, rowCount: Int) {
        rows = achieved.map { name, value in
            let bound = targets.bounds[name]
            return Row(
                metric: name, target: bound?.description, achieved: value,
                pass: bound.map { $0.admits(value) })
        }
        self.rowCount = rowCount
    }

    /// The `--json` form: the rows as an array.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(rows)
    }

    /// The table `Metric | Target | Achieved | Status`.
    public var text: String {
        let header = ["Metric", "Target", "Achieved", "Status"]
        let body = rows.map { row in
            [
                row.metric, row.target ?? "—", Self.format(row.achieved, metric: row.metric),
                row.pass.map { $0 ? "pass" : "FAIL" } ?? "—",
            ]
        }
        let widths = (0..<4).map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(
                separator: " | ")
        }
        var lines = [
            line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-"),
        ]
        lines += body.map(line)
        let failed = rows.filter { $0.pass == false }.count
        lines.append(
            failed == 0
                ? "every target holds (\(rowCount) rows)"
                : "\(failed) target\(failed == 1 ? "" : "s") not met (\(rowCount) rows)")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, metric: String) -> String {
        if metric.hasSuffix("_bytes") { return String(format: "%.0f", value) }
        if metric.hasSuffix("_seconds") { return String(format: "%.6f", value) }
        return String(format: "%.6g", value)
    }
}
