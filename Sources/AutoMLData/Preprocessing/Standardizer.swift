import AutoMLNumerics

/// Centres and scales matrix columns to zero mean and unit variance, like scikit-learn's
/// `StandardScaler` (population standard deviation; a constant column keeps scale 1).
/// Columns not selected at fit time are left as they are (one-hot indicators, typically).
public struct Standardizer: Sendable, Equatable, Codable {
    /// Per column mean (0 for unselected columns).
    public private(set) var means: [Double]
    /// Per column scale (1 for unselected or constant columns).
    public private(set) var scales: [Double]

    /// Learns means and scales of the selected columns of `matrix`.
    /// - Parameter selected: which columns to standardize; `nil` selects all.
    public static func fit(_ matrix: Matrix, selected: [Bool]? = nil) throws(DataError)
        -> Standardizer
    {
        let width = matrix.columns
        if let selected, selected.count != width {
            throw .shapeMismatch(
                operation: "Standardizer.fit", expected: "\(width) selection flags",
                got: "\(selected.count)")
        }
        var means = [Double](repeating: 0, count: width)
        var scales = [Double](repeating: 1, count: width)
        let n = Double(max(matrix.rows, 1))
        matrix.storage.withUnsafeBufferPointer { x in
            for r in 0..<matrix.rows {
                for c in 0..<width { means[c] += x[r * width + c] }
            }
            for c in 0..<width { means[c] /= n }
            var squares = [Double](repeating: 0, count: width)
            for r in 0..<matrix.rows {
                for c in 0..<width {
                    let d = x[r * width + c] - means[c]
                    squares[c] += d * d
                }
            }
            for c in 0..<width {
                let deviation = (squares[c] / n).squareRoot()
                scales[c] = deviation > 1e-12 * max(1, abs(means[c])) ? deviation : 1
            }
        }
        for c in 0..<width where !(selected?[c] ?? true) {
            means[c] = 0
            scales[c] = 1
        }
        return Standardizer(means: means, scales: scales)
    }

    private enum CodingKeys: String, CodingKey { case means, scales }

    /// `(x − mean) / scale`, column by column.
    public func transform(_ matrix: Matrix) throws(DataError) -> Matrix {
        guard matrix.columns == means.count else {
            throw .shapeMismatch(
                operation: "Standardizer.transform", expected: "\(means.count) columns",
                got: "\(matrix.columns)")
        }
        var result = matrix
        let width = matrix.columns
        result.storage.withUnsafeMutableBufferPointer { x in
            for r in 0..<matrix.rows {
                for c in 0..<width { x[r * width + c] = (x[r * width + c] - means[c]) / scales[c] }
            }
        }
        return result
    }
}

extension Standardizer {
    /// Reads a fitted standardizer, refusing one whose means and scales differ in number (a
    /// damaged model file; ``transform(_:)`` reads both per column) or hold a scale that is not
    /// a finite positive number.
    /// - Throws: `DecodingError.dataCorrupted` naming the `scales` field.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let means = try container.decode([Double].self, forKey: .means)
        let scales = try container.decode([Double].self, forKey: .scales)
        guard scales.count == means.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .scales, in: container,
                debugDescription:
                    "\(scales.count) scales for \(means.count) means; a standardizer has one of "
                    + "each per column")
        }
        guard means.allSatisfy(\.isFinite), scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .scales, in: container,
                debugDescription: "means must be finite and scales finite and positive")
        }
        self.means = means
        self.scales = scales
    }
}
