/// Fills missing values with statistics learned on training data, like scikit-learn's
/// `SimpleImputer`: the median (or mean) for numeric columns and the most frequent category for
/// categorical ones (ties go to the category that sorts first, as scikit-learn does).
public struct Imputer: Sendable, Equatable, Codable {
    /// How numeric columns are filled.
    public enum NumericStrategy: String, Sendable, Codable, CaseIterable {
        case median
        case mean
    }

    /// The fill value of one column.
    public enum Fill: Sendable, Equatable, Codable {
        case number(Double)
        case category(String)
    }

    /// The column names and their fill values, in training order.
    public private(set) var fills: [String: Fill]

    /// Learns fill values from `table`.
    /// - Throws: ``DataError/allMissingColumn(path:column:)`` when a column has no value to learn from.
    public static func fit(_ table: Table, numericStrategy: NumericStrategy = .median) throws(DataError) -> Imputer {
        var fills = [String: Fill]()
        for column in table.columns {
            switch column.values {
            case .numeric(let numbers):
                let present = numbers.filter { !$0.isNaN }
                guard !present.isEmpty else { throw .allMissingColumn(path: table.source, column: column.name) }
                switch numericStrategy {
                case .median: fills[column.name] = .number(Statistics.median(present))
                case .mean: fills[column.name] = .number(present.reduce(0, +) / Double(present.count))
                }
            case .categorical(let codes, let categories):
                var counts = [Int](repeating: 0, count: categories.count)
                for code in codes where code >= 0 { counts[Int(code)] += 1 }
                guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
                    counts[best] > 0
                else { throw .allMissingColumn(path: table.source, column: column.name) }
                fills[column.name] = .category(categories[best])
            }
        }
        return Imputer(fills: fills)
    }

    /// `table` with every missing value of a fitted column filled; other columns are unchanged.
    public func transform(_ table: Table) -> Table {
        var result = table
        for index in result.columns.indices {
            guard let fill = fills[result.columns[index].name] else { continue }
            switch (result.columns[index].values, fill) {
            case (.numeric(var numbers), .number(let value)):
                for k in numbers.indices where numbers[k].isNaN { numbers[k] = value }
                result.columns[index].values = .numeric(numbers)
            case (.categorical(var codes, var categories), .category(let text)):
                guard codes.contains(where: { $0 < 0 }) else { continue }
                let code: Int32
                if let existing = categories.firstIndex(of: text) {
                    code = Int32(existing)
                } else {
                    categories.append(text)
                    code = Int32(categories.count - 1)
                }
                for k in codes.indices where codes[k] < 0 { codes[k] = code }
                result.columns[index].values = .categorical(codes: codes, categories: categories)
            case (.numeric, .category), (.categorical, .number):
                // The column's kind changed since training: the encoder handles a categorical
                // column given as numbers (unseen values encode as zeros) and reports the
                // opposite with the column's name.
                continue
            }
        }
        return result
    }
}

/// Small order statistics shared by transforms.
public enum Statistics {
    /// The median of non-empty `values` (the mean of the two middle values for even counts).
    public static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "median of an empty array")
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
