/// A typed, column-oriented table as read from a CSV file.
///
/// Every column has the same number of rows. ``lineNumbers`` keeps the 1-based line of the
/// source file where each row starts (the header is line 1), so later checks — a missing target,
/// an unknown class — can name the exact line.
public struct Table: Sendable, Equatable {
    /// Where the table came from (a path, or a label for in-memory data).
    public var source: String
    /// The columns, in file order.
    public var columns: [Column]
    /// The source line of each row.
    public var lineNumbers: [Int]

    /// A table over columns of equal length.
    /// - Throws: ``DataError/shapeMismatch(operation:expected:got:)`` for unequal lengths or a
    ///   `lineNumbers` of the wrong length, ``DataError/duplicateColumnName(path:name:firstColumn:secondColumn:)``.
    public init(source: String = "<memory>", columns: [Column], lineNumbers: [Int]? = nil)
        throws(DataError)
    {
        let rowCount = columns.first?.count ?? 0
        for column in columns where column.count != rowCount {
            throw .shapeMismatch(
                operation: "Table", expected: "\(rowCount) rows in every column",
                got: "\(column.count) in '\(column.name)'")
        }
        var seen = [String: Int]()
        for (index, column) in columns.enumerated() {
            if let first = seen[column.name] {
                throw .duplicateColumnName(
                    path: source, name: column.name, firstColumn: first + 1, secondColumn: index + 1
                )
            }
            seen[column.name] = index
        }
        let lines = lineNumbers ?? (0..<rowCount).map { $0 + 2 }
        guard lines.count == rowCount else {
            throw .shapeMismatch(
                operation: "Table", expected: "\(rowCount) line numbers", got: "\(lines.count)")
        }
        self.source = source
        self.columns = columns
        self.lineNumbers = lines
    }

    /// Number of rows.
    public var rowCount: Int { lineNumbers.count }

    /// The column names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The index of the column called `name`.
    public func columnIndex(named name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The column called `name`.
    public subscript(name: String) -> Column? {
        columnIndex(named: name).map { columns[$0] }
    }

    /// The rows at `indices`, in that order (folds, bootstrap samples).
    public func rows(at indices: [Int]) -> Table {
        var copy = self
        copy.columns = columns.map { $0.rows(at: indices) }
        copy.lineNumbers = indices.map { lineNumbers[$0] }
        return copy
    }

    /// The table without the column called `name`.
    public func removingColumn(named name: String) -> Table {
        var copy = self
        copy.columns.removeAll { $0.name == name }
        return copy
    }
}
