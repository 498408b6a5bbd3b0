import AutoMLNumerics

/// Turns a table into a numeric matrix: numeric columns pass through, each categorical column
/// becomes one indicator column per category seen in training, like scikit-learn's
/// `OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=…)`.
///
/// A category not seen in training, or a missing one, encodes as all zeros, never an error.
/// When a column has more than ``maximumCategories`` categories, the most frequent
/// `maximumCategories − 1` keep their own indicator and the rest share one `…=<infrequent>`.
public struct OneHotEncoder: Sendable, Equatable, Codable {
    /// How one input column is encoded.
    public enum Encoding: Sendable, Equatable, Codable {
        case passthrough
        case oneHot(categories: [String], hasInfrequent: Bool)
    }

    /// Default cap on indicator columns per categorical column.
    public static let defaultMaximumCategories = 50

    /// Input column names, in training order.
    public private(set) var columnNames: [String]
    /// The encoding of each input column.
    public private(set) var encodings: [Encoding]
    /// The cap used at fit time.
    public private(set) var maximumCategories: Int

    /// Learns the categories of every categorical column of `table`.
    public static func fit(_ table: Table, maximumCategories: Int = defaultMaximumCategories)
        throws(DataError) -> OneHotEncoder
    {
        guard maximumCategories >= 2 else {
            throw .invalidArgument(
                name: "maximumCategories", value: "\(maximumCategories)", expected: "an integer ≥ 2"
            )
        }
        var encodings = [Encoding]()
        for column in table.columns {
            switch column.values {
            case .numeric: encodings.append(.passthrough)
            case .categorical(let codes, let categories):
                var counts = [Int](repeating: 0, count: categories.count)
                for code in codes where code >= 0 { counts[Int(code)] += 1 }
                let present = categories.indices.filter { counts[$0] > 0 }
                if present.count <= maximumCategories {
                    encodings.append(
                        .oneHot(categories: present.map { categories[$0] }, hasInfrequent: false))
                } else {
                    let kept = present.sorted {
                        counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1)
                    }
                    .prefix(maximumCategories - 1).sorted()
                    encodings.append(
                        .oneHot(categories: kept.map { categories[$0] }, hasInfrequent: true))
                }
            }
        }
        return OneHotEncoder(
            columnNames: table.columnNames, encodings: encodings,
            maximumCategories: maximumCategories)
    }

    /// The names of the output columns (`name` for a passthrough, `name=category` for an
    /// indicator).
    public var outputNames: [String] {
        var names = [String]()
        for (name, encoding) in zip(columnNames, encodings) {
            switch encoding {
            case .passthrough: names.append(name)
            case .oneHot(let categories, let hasInfrequent):
                names += categories.map { "\(name)=\($0)" }
                if hasInfrequent { names.append("\(name)=<infrequent>") }
            }
        }
        return names
    }

    /// For each output column, whether it came from a numeric input (to be standardized).
    public var numericOutputs: [Bool] {
        var flags = [Bool]()
        for encoding in encodings {
            switch encoding {
            case .passthrough: flags.append(true)
            case .oneHot(let categories, let hasInfrequent):
                flags += Array(repeating: false, count: categories.count + (hasInfrequent ? 1 : 0))
            }
        }
        return flags
    }

    /// Encodes `table` (columns found by name; extra columns are ignored).
    /// - Throws: ``DataError/missingColumn(name:operation:)`` when a fitted column is absent,
    ///   ``DataError/invalidArgument(name:value:expected:)`` when a numeric column arrives with text.
    public func transform(_ table: Table) throws(DataError) -> Matrix {
        let width = outputNames.count
        let rowCount = table.rowCount
        var output = Matrix(rows: rowCount, columns: width)
        var offset = 0
        for (name, encoding) in zip(columnNames, encodings) {
            guard let column = table[name] else {
                throw .missingColumn(name: name, operation: "OneHotEncoder")
            }
            switch (encoding, column.values) {
            case (.passthrough, .numeric(let numbers)):
                for r in 0..<rowCount { output.storage[r * width + offset] = numbers[r] }
                offset += 1
            case (.passthrough, .categorical(_, let categories)):
                let example = categories.first { Double($0) == nil } ?? ""
                throw .invalidArgument(
                    name: "column '\(name)'", value: "text such as '\(example)'",
                    expected: "numeric, as in the training data")
            case (.oneHot(let categories, let hasInfrequent), _):
                var position = [String: Int]()
                for (k, category) in categories.enumerated() { position[category] = k }
                for r in 0..<rowCount {
                    guard let text = column.text(at: r) else { continue }
                    if let k = position[text] {
                        output.storage[r * width + offset + k] = 1
                    } else if hasInfrequent {
                        output.storage[r * width + offset + categories.count] = 1
                    }
                }
                offset += categories.count + (hasInfrequent ? 1 : 0)
            }
        }
        return output
    }
}

extension OneHotEncoder {
    /// What in `table` the encoder cannot take as it was trained, before transforming: a
    /// numeric feature holding text (the first such cell), and categorical features holding
    /// categories never seen in training (counted; they encode as all zeros, or as
    /// "infrequent").
    public func inputIssues(in table: Table) -> InputIssues {
        var issues = InputIssues()
        for (name, encoding) in zip(columnNames, encodings) {
            guard let column = table[name] else { continue }
            switch (encoding, column.values) {
            case (.passthrough, .categorical(let codes, let categories)):
                if issues.textInNumericColumn == nil,
                    let row = codes.indices.first(where: {
                        codes[$0] >= 0 && Double(categories[Int(codes[$0])]) == nil
                    })
                {
                    issues.textInNumericColumn = .init(
                        column: name, row: row, line: table.lineNumbers[row],
                        text: categories[Int(codes[row])])
                }
            case (.oneHot(let known, _), _):
                let seen = Set(known)
                var count = 0
                var example: String?
                for r in 0..<table.rowCount {
                    guard let text = column.text(at: r), !seen.contains(text) else { continue }
                    count += 1
                    if example == nil { example = text }
                }
                if count > 0, let example {
                    issues.unseenCategories.append(
                        .init(column: name, rows: count, example: example))
                }
            default:
                continue
            }
        }
        return issues
    }
}

/// See ``OneHotEncoder/inputIssues(in:)``.
public struct InputIssues: Sendable, Equatable {
    /// A text cell in a feature the model was trained on as numbers.
    public struct TextCell: Sendable, Equatable {
        public var column: String
        /// The row's index in the table, and its line in the file.
        public var row: Int
        public var line: Int
        public var text: String
    }

    /// Rows of a categorical feature holding a category the model never saw.
    public struct UnseenCategories: Sendable, Equatable {
        public var column: String
        public var rows: Int
        public var example: String
    }

    public var textInNumericColumn: TextCell?
    public var unseenCategories: [UnseenCategories] = []

    public init(textInNumericColumn: TextCell? = nil, unseenCategories: [UnseenCategories] = []) {
        self.textInNumericColumn = textInNumericColumn
        self.unseenCategories = unseenCategories
    }
}
