import AutoMLNumerics
import Foundation

/// The kernel of a support vector machine (scikit-learn's `kernel`).
///
/// With `u·v` the inner product of two rows and γ, `coef0`, `degree` from the hyperparameters:
/// - `linear`: `u·v`
/// - `poly`: `(γ u·v + coef0)^degree`
/// - `rbf`: `exp(−γ ‖u − v‖²)`, computed as `exp(−γ (‖u‖² + ‖v‖² − 2 u·v))` like libsvm
/// - `sigmoid`: `tanh(γ u·v + coef0)` (not positive semi-definite in general; SMO still
///   converges to a stationary point, as in libsvm)
public enum SVMKernel: String, Codable, Sendable, CaseIterable {
    case linear, poly, rbf, sigmoid
}

/// How the kernel coefficient γ is chosen (scikit-learn's `gamma`).
///
/// In JSON it is the string `"scale"` or `"auto"`, or a positive number.
public enum KernelGamma: Sendable, Equatable, Codable {
    /// `1 / (d · Var(X))`, the variance taken over all entries of the training features
    /// (scikit-learn's default); `1` when that variance is 0.
    case scale
    /// `1 / d`.
    case auto
    /// A fixed positive value.
    case value(Double)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            switch text {
            case "scale": self = .scale
            case "auto": self = .auto
            default:
                if let number = Double(text) {
                    self = .value(number)
                } else {
                    throw DecodingError.dataCorruptedError(
                        in: container,
                        debugDescription:
                            "gamma must be \"scale\", \"auto\" or a number; got \"\(text)\"")
                }
            }
        } else {
            self = .value(try container.decode(Double.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .scale: try container.encode("scale")
        case .auto: try container.encode("auto")
        case .value(let gamma): try container.encode(gamma)
        }
    }

    /// γ for training features `x` (`n × d`).
    func resolved(for x: Matrix) -> Double {
        let d = Double(max(x.columns, 1))
        switch self {
        case .value(let gamma): return gamma
        case .auto: return 1 / d
        case .scale:
            // NumPy's X.var(): mean of squared deviations over all n·d entries.
            let count = Double(max(x.storage.count, 1))
            let mean = x.storage.reduce(0, +) / count
            let variance = x.storage.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
            return variance > 0 ? 1 / (d * variance) : 1
        }
    }
}

/// A kernel with its coefficients fixed (γ resolved to a number), as training and prediction
/// use it.
struct KernelFunction: Sendable, Equatable, Codable {
    var kind: SVMKernel
    var gamma: Double
    var degree: Int
    var coef0: Double

    /// Whether values need the squared row norms (only the RBF kernel does).
    var needsNorms: Bool { kind == .rbf }

    /// The kernel value of two rows given their inner product and squared norms.
    @inline(__always)
    func value(dot: Double, squaredNormA: Double, squaredNormB: Double) -> Double {
        switch kind {
        case .linear: return dot
        case .poly: return Self.power(gamma * dot + coef0, degree)
        case .rbf:
            // Through the same exp as `apply`, so a diagonal entry equals its row's entry.
            var argument = -gamma * (squaredNormA + squaredNormB - 2 * dot)
            VectorMath.exponentiate(&argument, count: 1)
            return argument
        case .sigmoid: return tanh(gamma * dot + coef0)
        }
    }

    /// Turns `count` inner products `u·vⱼ` into kernel values `K(u, vⱼ)` in place; `normsB` are
    /// `‖vⱼ‖²` (read only for the RBF kernel).
    func apply(
        to dots: UnsafeMutablePointer<Double>, count: Int, squaredNormA: Double,
        squaredNormsB: UnsafePointer<Double>
    ) {
        switch kind {
        case .linear: return
        case .poly:
            for j in 0..<count { dots[j] = Self.power(gamma * dots[j] + coef0, degree) }
        case .rbf:
            let g = gamma
            for j in 0..<count { dots[j] = -g * (squaredNormA + squaredNormsB[j] - 2 * dots[j]) }
            VectorMath.exponentiate(dots, count: count)
        case .sigmoid:
            for j in 0..<count { dots[j] = tanh(gamma * dots[j] + coef0) }
        }
    }

    /// `base^exponent` by repeated squaring (libsvm's `powi`).
    @inline(__always)
    static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= factor }
            factor *= factor
            remaining >>= 1
        }
        return result
    }

    /// The squared Euclidean norm of each row of `x`.
    static func squaredNorms(of x: Matrix) -> [Double] {
        x.storage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return [Double](repeating: 0, count: x.rows)
            }
            return (0..<x.rows).map {
                BufferBLAS.dot(x.columns, base + $0 * x.columns, base + $0 * x.columns)
            }
        }
    }

    /// `K(a_r, b_s)` for `m` rows `a` and `n` rows `b` of `width` columns into the row-major
    /// `m × n` buffer `out`: one BLAS call for all inner products (`dgemv` when `m = 1`,
    /// `dgemm` otherwise), then the kernel's map row by row.
    func values(
        a: UnsafePointer<Double>, rows m: Int, b: UnsafePointer<Double>, rows n: Int, width: Int,
        squaredNormsB: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>
    ) {
        guard m > 0, n > 0 else { return }
        if m == 1 {
            BufferBLAS.gemv(rows: n, columns: width, a: b, lda: width, x: a, y: out)
        } else {
            BufferBLAS.gemm(
                transposeB: true, m: m, n: n, k: width, a: a, lda: width, b: b, ldb: width, c: out,
                ldc: n)
        }
        guard kind != .linear else { return }
        for r in 0..<m {
            let row = a + r * width
            let norm = needsNorms ? BufferBLAS.dot(width, row, row) : 0
            apply(to: out + r * n, count: n, squaredNormA: norm, squaredNormsB: squaredNormsB)
        }
    }

    /// `K(a_r, b_s)` for the rows `from..<from + count` of `a` and all rows of `b` (whose squared
    /// norms are given) into the row-major `count × b.rows` buffer `out`.
    func values(
        rowsOf a: Matrix, from first: Int, count: Int, against b: Matrix, squaredNorms: [Double],
        into out: UnsafeMutablePointer<Double>
    ) {
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                squaredNorms.withUnsafeBufferPointer { pn in
                    guard let left = pa.baseAddress, let right = pb.baseAddress,
                        let norms = pn.baseAddress
                    else { return }
                    values(
                        a: left + first * a.columns, rows: count, b: right, rows: b.rows,
                        width: a.columns,
                        squaredNormsB: norms, into: out)
                }
            }
        }
    }

    /// The `a.rows × b.rows` kernel matrix between the rows of `a` and `b`.
    func matrix(_ a: Matrix, _ b: Matrix) -> Matrix {
        var result = Matrix(rows: a.rows, columns: b.rows)
        let norms = needsNorms ? Self.squaredNorms(of: b) : [Double](repeating: 0, count: b.rows)
        result.storage.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            values(rowsOf: a, from: 0, count: a.rows, against: b, squaredNorms: norms, into: base)
        }
        return result
    }
}
