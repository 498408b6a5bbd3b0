/// Whether a column holds numbers or categories.
public enum ColumnKind: String, Codable, Sendable, CaseIterable {
    case numeric
    case categorical
}

/// One typed column of a ``Table``.
///
/// Numeric columns store `Double` with `NaN` marking a missing value. Categorical columns
/// store an `Int32` code per row into ``categories`` (sorted, as scikit-learn's encoders sort
/// them), with `-1` marking a missing value.
public struct Column: Sendable, Equatable, Codable {
    /// The column's values in one of the two representations.
    public enum Values: Sendable, Equatable, Codable {
        case numeric([Double])
        case categorical(codes: [Int32], categories: [String])
    }

    /// The header name.
    public var name: String
    /// The values, one per row.
    public var values: Values

    public init(name: String, values: Values) {
        self.name = name
        self.values = values
    }

    /// A numeric column (NaN = missing).
    public static func numeric(_ name: String, _ values: [Double]) -> Column {
        Column(name: name, values: .numeric(values))
    }

    /// A categorical column from texts; `nil` marks a missing value.
    public static func categorical(_ name: String, _ texts: [String?]) -> Column {
        let categories = Array(Set(texts.compactMap { $0 })).sorted()
        var index = [String: Int32]()
        for (k, category) in categories.enumerated() { index[category] = Int32(k) }
        let codes = texts.map { text in text.flatMap { index[$0] } ?? -1 }
        return Column(name: name, values: .categorical(codes: codes, categories: categories))
    }

    /// ``ColumnKind/numeric`` or ``ColumnKind/categorical``.
    public var kind: ColumnKind {
        if case .numeric = values { return .numeric }
        return .categorical
    }

    /// Number of rows.
    public var count: Int {
        switch values {
        case .numeric(let numbers): return numbers.count
        case .categorical(let codes, _): return codes.count
        }
    }

    /// Number of missing values.
    public var missingCount: Int {
        switch values {
        case .numeric(let numbers): return numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .categorical(let codes, _): return codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    /// The numbers of a numeric column, or `nil` for a categorical one.
    public var numbers: [Double]? {
        if case .numeric(let numbers) = values { return numbers }
        return nil
    }

    /// The value of row `row` as text (`nil` when missing), for display and re-typing.
    public func text(at row: Int) -> String? {
        switch values {
        case .numeric(let numbers):
            let value = numbers[row]
            return value.isNaN ? nil : NumberFormatting.shortest(value)
        case .categorical(let codes, let categories):
            let code = codes[row]
            return code < 0 ? nil : categories[Int(code)]
        }
    }

    /// The rows at `indices`, in that order.
    public func rows(at indices: [Int]) -> Column {
        switch values {
        case .numeric(let numbers):
            return Column(name: name, values: .numeric(indices.map { numbers[$0] }))
        case .categorical(let codes, let categories):
            return Column(
                name: name,
                values: .categorical(codes: indices.map { codes[$0] }, categories: categories))
        }
    }
}

/// Formats numbers the way a person wrote them: integral values without a trailing `.0`.
public enum NumberFormatting {
    /// `3` for 3.0, `0.25` for 0.25, and Swift's shortest round-tripping form otherwise.
    public static func shortest(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
