import AutoMLLearners
import AutoMLNumerics
import Foundation

/// The stored form of a trial's out-of-fold predictions (artifact ``artifactName``): what the
/// ensemble search of this run, a continued study, another process, `export` and `ablate` build
/// ensembles from without re-running the trial.
///
/// Little-endian binary, Float32 values (ensembles are scored on them; single precision keeps
/// 7 significant digits, far below any metric's resolution):
///
/// | bytes | field |
/// |---|---|
/// | 4 | magic `OOF1` |
/// | 1 | kind: 0 classification, 1 regression |
/// | 4 | rows `n` (UInt32) |
/// | 4 | classes `k` (UInt32; 0 for regression) |
/// | 4·n | classification: predicted class per row (Int32) |
/// | 4·n·k or 4·n | class probabilities row by row (Float32), or values (Float32) |
///
/// A classification trial of `n` rows and `k` classes takes `13 + 4n(k + 1)` bytes.
public enum OutOfFoldPredictions {
    /// The artifact name.
    public static let artifactName = "oof"

    private static let magic: [UInt8] = Array("OOF1".utf8)

    /// `prediction` in the stored form.
    public static func encode(_ prediction: Prediction) -> Data {
        var bytes = magic
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        func append(_ value: Float) { append(value.bitPattern) }
        switch prediction {
        case .classes(let labels, let probabilities):
            bytes.append(0)
            append(UInt32(labels.count))
            append(UInt32(probabilities.columns))
            bytes.reserveCapacity(bytes.count + 4 * labels.count * (probabilities.columns + 1))
            for label in labels { append(Int32(truncatingIfNeeded: label)) }
            for value in probabilities.storage { append(Float(value)) }
        case .values(let values):
            bytes.append(1)
            append(UInt32(values.count))
            append(UInt32(0))
            bytes.reserveCapacity(bytes.count + 4 * values.count)
            for value in values { append(Float(value)) }
        }
        return Data(bytes)
    }

    /// The prediction stored in `data`.
    /// - Throws: a ``ModelSearchError/invalidConfiguration(_:)``-free reason: `DecodingFailure`
    ///   naming what is wrong (wrong magic, truncated, out-of-range label).
    public static func decode(_ data: Data) throws(DecodingFailure) -> Prediction {
        let bytes = [UInt8](data)
        guard bytes.count >= 13, Array(bytes[0..<4]) == magic else {
            throw DecodingFailure("not out-of-fold predictions (bad header)")
        }
        func uint32(at offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
        }
        let kind = bytes[4]
        let n = Int(uint32(at: 5))
        let k = Int(uint32(at: 9))
        switch kind {
        case 0:
            guard k >= 1, k <= 100_000, n <= 100_000_000, bytes.count == 13 + 4 * n * (k + 1) else {
                throw DecodingFailure("\(bytes.count) bytes do not hold \(n) rows of \(k) classes")
            }
            var labels = [Int](repeating: 0, count: n)
            for r in 0..<n {
                let label = Int(Int32(bitPattern: uint32(at: 13 + 4 * r)))
                guard label >= 0, label < k else {
                    throw DecodingFailure("row \(r) has class \(label) of \(k)")
                }
                labels[r] = label
            }
            var values = [Double](repeating: 0, count: n * k)
            let base = 13 + 4 * n
            for i in 0..<(n * k) { values[i] = Double(Float(bitPattern: uint32(at: base + 4 * i))) }
            guard let matrix = try? Matrix(rows: n, columns: k, values: values) else {
                throw DecodingFailure("a \(n) × \(k) probability matrix")
            }
            return .classes(labels: labels, probabilities: matrix)
        case 1:
            guard k == 0, n <= 100_000_000, bytes.count == 13 + 4 * n else {
                throw DecodingFailure("\(bytes.count) bytes do not hold \(n) values")
            }
            return .values((0..<n).map { Double(Float(bitPattern: uint32(at: 13 + 4 * $0))) })
        default:
            throw DecodingFailure("unknown kind \(kind)")
        }
    }

    /// Why stored predictions could not be read.
    public struct DecodingFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
