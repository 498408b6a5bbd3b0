import AutoMLNumerics
import Foundation

/// Writes tables as CSV (comma, `\n`, fields quoted only when needed, numbers in their
/// shortest round-tripping form, missing values as empty fields), atomically.
public enum CSVWriter {
    /// The CSV text of `table`.
    public static func text(of table: Table) -> String {
        var output = table.columnNames.map(quoted).joined(separator: ",")
        output += "\n"
        output.reserveCapacity(table.rowCount * table.columns.count * 10)
        for row in 0..<table.rowCount {
            for (index, column) in table.columns.enumerated() {
                if index > 0 { output += "," }
                switch column.values {
                case .numeric(let numbers):
                    let value = numbers[row]
                    if !value.isNaN { output += NumberFormatting.shortest(value) }
                case .categorical(let codes, let categories):
                    let code = codes[row]
                    if code >= 0 { output += quoted(categories[Int(code)]) }
                }
            }
            output += "\n"
        }
        return output
    }

    /// Writes `table` to `path` atomically (``AtomicFile``), never over one of `inputs`.
    public static func write(_ table: Table, to path: String, protecting inputs: [String] = [])
        throws(DataError)
    {
        try AtomicFile.write(Data(text(of: table).utf8), to: path, protecting: inputs)
    }

    private static func quoted(_ field: String) -> String {
        let needsQuotes =
            field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
