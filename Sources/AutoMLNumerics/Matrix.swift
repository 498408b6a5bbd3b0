import Foundation

/// A dense matrix of `Double` in contiguous row-major storage.
///
/// Element (i, j) lives at `storage[i * columns + j]`. The storage is exposed so hot loops can
/// run over it with `withUnsafeBufferPointer`; BLAS routines are in `Matrix+BLAS.swift`.
public struct Matrix: Sendable, Equatable, Codable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Row-major elements; `count == rows * columns`.
    public var storage: [Double]

    /// A `rows × columns` matrix with every element set to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    private enum CodingKeys: String, CodingKey { case rows, columns, storage }

    /// Writes `rows`, `columns` and `storage`, the values as one base64 string of their
    /// little-endian IEEE 754 binary64 bits: exact, and about half the size of the values as
    /// JSON numbers (8 bytes become 10.7 characters instead of about 20), which is most of an
    /// SVM's, a k-NN's or a network's model file. A matrix holding a non-finite value is written
    /// as an array of numbers instead, so an encoder's strategy for non-finite numbers applies
    /// as before.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        if storage.allSatisfy(\.isFinite) {
            try container.encode(PackedArrays.encode(storage), forKey: .storage)
        } else {
            try container.encode(storage, forKey: .storage)
        }
    }

    /// Reads a matrix written either way (base64 binary64 values, or an array of numbers),
    /// refusing one whose dimensions are negative or do not match its values (a damaged model
    /// file), so that no loop over `rows × columns` reads past `storage`, and base64 that is
    /// not whole binary64 values or holds a non-finite one (never written that way).
    /// - Throws: `DecodingError.dataCorrupted` naming the `storage` field.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let storage: [Double]
        if let text = try? container.decode(String.self, forKey: .storage) {
            storage = try Self.values(base64: text, in: container)
        } else {
            storage = try container.decode([Double].self, forKey: .storage)
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, count == storage.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .storage, in: container,
                debugDescription:
                    "\(storage.count) values for a \(rows) × \(columns) matrix; a matrix stores "
                    + "rows × columns values and neither may be negative")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// The binary64 values of a base64 `storage` string.
    private static func values(
        base64 text: String, in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> [Double] {
        guard let values = PackedArrays.decodeDouble(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .storage, in: container,
                debugDescription:
                    "not base64 of whole 8-byte values; a matrix's storage is an array of numbers "
                    + "or the base64 of its little-endian binary64 values")
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw DecodingError.dataCorruptedError(
                forKey: .storage, in: container,
                debugDescription:
                    "value \(index) is \(values[index]); a matrix in a model file holds finite values"
            )
        }
        return values
    }

    /// A matrix over existing row-major values.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` when
    ///   `values.count != rows * columns`.
    public init(rows: Int, columns: Int, values: [Double]) throws(NumericError) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw .shapeMismatch(
                operation: "Matrix(rows:columns:values:)", expected: "\(rows * columns) values",
                got: "\(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = values
    }

    /// A matrix from rows of equal length.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` for ragged rows.
    public init(_ rowArrays: [[Double]]) throws(NumericError) {
        let columnCount = rowArrays.first?.count ?? 0
        var values = [Double]()
        values.reserveCapacity(rowArrays.count * columnCount)
        for (index, row) in rowArrays.enumerated() {
            guard row.count == columnCount else {
                throw .shapeMismatch(
                    operation: "Matrix(_:) row \(index)", expected: "\(columnCount) columns",
                    got: "\(row.count)")
            }
            values.append(contentsOf: row)
        }
        self.rows = rowArrays.count
        self.columns = columnCount
        self.storage = values
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// Element at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// A copy of row `index`.
    public func row(_ index: Int) -> [Double] {
        Array(storage[index * columns..<(index + 1) * columns])
    }

    /// A copy of column `index`.
    public func column(_ index: Int) -> [Double] {
        (0..<rows).map { storage[$0 * columns + index] }
    }

    /// The rows at `indices`, in that order (for folds and bootstrap samples).
    public func rows(at indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                // Empty only without columns or rows to copy.
                guard let sourceStart = source.baseAddress, let targetStart = target.baseAddress
                else { return }
                for (k, i) in indices.enumerated() {
                    let from = sourceStart + i * columns
                    (targetStart + k * columns).update(from: from, count: columns)
                }
            }
        }
        return result
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        let (n, m) = (rows, columns)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for i in 0..<n {
                    for j in 0..<m { target[j * n + i] = source[i * m + j] }
                }
            }
        }
        return result
    }

    /// The diagonal of a square or rectangular matrix.
    public var diagonal: [Double] {
        (0..<min(rows, columns)).map { storage[$0 * columns + $0] }
    }

    /// The first position holding NaN or ±∞, if any.
    public func firstNonFinite() -> (row: Int, column: Int)? {
        guard let k = storage.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (k / max(columns, 1), k % max(columns, 1))
    }
}
