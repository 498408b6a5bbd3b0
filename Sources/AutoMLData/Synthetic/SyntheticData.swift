import AutoMLNumerics

/// A generated dataset: a feature matrix, its column names and a target.
///
/// Produced by ``SyntheticClassification`` (target values are class indices `0, 1, …, k − 1`
/// stored as `Double`) and ``SyntheticRegression`` (real-valued target), for tests, examples and
/// benchmarks that need data of a known structure.
public struct SyntheticData: Sendable {
    /// Column names `f0`, `f1`, …, one per column of ``features``.
    public var featureNames: [String]
    /// `rows × featureNames.count` feature values.
    public var features: Matrix
    /// One target value per row of ``features``.
    public var target: [Double]

    /// A dataset from its parts; the caller keeps the shapes consistent.
    /// - Parameters:
    ///   - featureNames: One name per feature column.
    ///   - features: The feature matrix.
    ///   - target: One value per row.
    public init(featureNames: [String], features: Matrix, target: [Double]) {
        self.featureNames = featureNames
        self.features = features
        self.target = target
    }
}

extension SyntheticData {
    /// `f0`, `f1`, …, `f{count − 1}`.
    static func featureNames(count: Int) -> [String] {
        (0..<count).map { "f\($0)" }
    }

    /// Refuses an integer parameter below `minimum`, worded as
    /// "SyntheticRegression.rowCount must be an integer ≥ 1; got 0.", or, when the bound comes
    /// from other parameters and `bound` names it, "… must be an integer ≥ classCount (3) …".
    static func check(
        _ value: Int, atLeast minimum: Int, bound: String? = nil, parameter: String,
        of generator: String
    ) throws(DataError) {
        guard value >= minimum else {
            let limit = bound.map { "\($0) (\(minimum))" } ?? "\(minimum)"
            throw .invalidArgument(
                name: "\(generator).\(parameter)", value: "\(value)",
                expected: "an integer ≥ \(limit)")
        }
    }

    /// The most numbers a generator holds at once: 2²⁸ doubles (2 GiB). A larger request is
    /// refused before anything is allocated, instead of exhausting memory or overflowing.
    static let maximumValueCount = 1 << 28

    /// Refuses parameters whose arrays (each the product of its `blocks` entry) hold more than
    /// ``maximumValueCount`` numbers together, or overflow `Int` on the way.
    static func checkSize(
        _ blocks: [[Int]], parameters: String, of generator: String
    ) throws(DataError) {
        var total = 0
        for factors in blocks {
            var cells = 1
            for factor in factors {
                let (product, overflow) = cells.multipliedReportingOverflow(by: max(factor, 0))
                guard !overflow, product <= maximumValueCount else {
                    throw tooLarge(parameters, generator)
                }
                cells = product
            }
            total += cells
            guard total <= maximumValueCount else { throw tooLarge(parameters, generator) }
        }
    }

    private static func tooLarge(_ parameters: String, _ generator: String) -> DataError {
        .invalidArgument(
            name: generator, value: parameters,
            expected: "at most \(maximumValueCount) numbers in all (rows × features, 2 GiB); "
                + "lower the row or feature count")
    }

    /// Refuses a non-finite real parameter or one outside `range`.
    static func check(
        _ value: Double, in range: ClosedRange<Double>, parameter: String, of generator: String
    ) throws(DataError) {
        guard value.isFinite, range.contains(value) else {
            let bounds =
                range.upperBound == .greatestFiniteMagnitude
                ? "a finite number ≥ \(range.lowerBound)"
                : range.lowerBound == -.greatestFiniteMagnitude
                    ? "a finite number"
                    : "a number in [\(range.lowerBound), \(range.upperBound)]"
            throw .invalidArgument(
                name: "\(generator).\(parameter)", value: "\(value)", expected: bounds)
        }
    }
}
