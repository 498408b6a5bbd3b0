import CGSLOpenBLAS
import Foundation
import Logging

/// The Cholesky factor `L` of a symmetric positive-definite matrix `A = L·Lᵀ`, computed by GSL
/// (`gsl_linalg_cholesky_decomp1`, a blocked Level-3 algorithm whose BLAS calls go to OpenBLAS).
///
/// When `A` is numerically indefinite (a GP kernel with near-duplicate points, say) the
/// factorization retries with a growing diagonal jitter `A + δI`, starting at
/// `1e-10 · mean(diag A)` and growing ×10 per retry up to ``maximumRelativeJitter``. The jitter
/// used is kept in ``jitter`` and logged; if even the largest fails, the initializer throws
/// ``NumericError/notPositiveDefinite(size:largestJitter:)``.
public struct Cholesky: Sendable {
    /// Largest jitter tried, relative to the mean of the diagonal.
    public static let maximumRelativeJitter = 1e-2
    private static let logger = Logger(label: "automl.numerics.cholesky")

    /// `L`, lower triangular; the strict upper triangle is zero.
    public private(set) var lower: Matrix
    /// The jitter δ added to the diagonal before factorizing (0 when none was needed).
    public private(set) var jitter: Double

    /// The order `n` of the factorized matrix.
    public var size: Int { lower.rows }

    /// Factorizes a symmetric positive-definite matrix; only its lower triangle is read.
    /// - Parameter matrix: an `n × n` matrix.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` if not square,
    ///   ``NumericError/nonFinite(operation:row:column:)`` for NaN/∞ entries,
    ///   ``NumericError/notPositiveDefinite(size:largestJitter:)`` if jitter does not help.
    /// - Complexity: O(n³) per attempt.
    public init(_ matrix: Matrix) throws(NumericError) {
        GSLRuntime.prepare()
        guard matrix.rows == matrix.columns else {
            throw .shapeMismatch(
                operation: "Cholesky", expected: "a square matrix",
                got: "\(matrix.rows)×\(matrix.columns)")
        }
        if let (r, c) = matrix.firstNonFinite() {
            throw .nonFinite(operation: "Cholesky", row: r, column: c)
        }
        let n = matrix.rows
        let meanDiagonal = n == 0 ? 1 : matrix.diagonal.map(abs).reduce(0, +) / Double(n)
        let scale = meanDiagonal > 0 ? meanDiagonal : 1
        var jitter = 0.0
        var nextJitter = 1e-10 * scale
        while true {
            var candidate = matrix
            if jitter > 0 { for i in 0..<n { candidate.storage[i * n + i] += jitter } }
            if n == 0 || Self.factorizeInPlace(&candidate) {
                candidate.zeroStrictUpperTriangle()
                self.lower = candidate
                self.jitter = jitter
                if jitter > 0 {
                    Self.logger.notice(
                        "Cholesky: added jitter \(jitter) to the diagonal of a \(n)×\(n) matrix")
                }
                return
            }
            guard nextJitter <= Self.maximumRelativeJitter * scale * (1 + 1e-12) else {
                throw .notPositiveDefinite(size: n, largestJitter: jitter)
            }
            jitter = nextJitter
            nextJitter *= 10
        }
    }

    /// A factor built from an already lower-triangular `L` (for incremental updates).
    init(lower: Matrix, jitter: Double) {
        self.lower = lower
        self.jitter = jitter
    }

    /// Runs GSL's decomposition on `matrix` in place; false when it is not positive definite.
    static func factorizeInPlace(_ matrix: inout Matrix) -> Bool {
        let n = matrix.rows
        return matrix.storage.withUnsafeMutableBufferPointer { p in
            var view = gsl_matrix_view_array(p.baseAddress, n, n)
            return gsl_linalg_cholesky_decomp1(&view.matrix) == 0
        }
    }

    /// log |A| = 2 Σ log Lᵢᵢ (of the jittered matrix).
    public var logDeterminant: Double {
        let n = size
        var sum = 0.0
        for i in 0..<n { sum += log(lower.storage[i * n + i]) }
        return 2 * sum
    }

    /// Solves `A x = b`.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` when `b.count != n`.
    public func solve(_ b: [Double]) throws(NumericError) -> [Double] {
        try solveUpper(solveLower(b))
    }

    /// Solves `Lᵀ x = y` (back substitution): the second half of ``solve(_:)-([Double])``, for
    /// callers that already hold `y = L⁻¹b` (a GP's variance and its gradient share it).
    public func solveUpper(_ y: [Double]) throws(NumericError) -> [Double] {
        try halfSolved(y, transposed: true)
    }

    /// Solves `L y = b` (forward substitution), the half-solve a GP needs for variances.
    public func solveLower(_ b: [Double]) throws(NumericError) -> [Double] {
        try halfSolved(b, transposed: false)
    }

    /// `L⁻¹v` or `L⁻ᵀv`, after checking the length.
    private func halfSolved(_ v: [Double], transposed: Bool) throws(NumericError) -> [Double] {
        guard v.count == size else {
            throw .shapeMismatch(
                operation: "Cholesky.solve", expected: "vector of length \(size)", got: "\(v.count)"
            )
        }
        var x = v
        triangularSolve(&x, transposed: transposed)
        return x
    }

    /// Solves `A X = B` for every column of `B` at once (BLAS `dtrsm` twice).
    public func solve(_ b: Matrix) throws(NumericError) -> Matrix {
        var x = try solveLower(b)
        triangularSolve(&x, transposed: true)
        return x
    }

    /// Solves `L Y = B` for every column of `B` (one `dtrsm`: batched GP prediction).
    public func solveLower(_ b: Matrix) throws(NumericError) -> Matrix {
        var y = b
        try solveLower(inPlace: &y)
        return y
    }

    /// Overwrites `b` with `L⁻¹ b` (one `dtrsm`, no copy: the batched GP prediction's
    /// cross-covariance is large and not needed afterwards).
    public func solveLower(inPlace b: inout Matrix) throws(NumericError) {
        guard b.rows == size else {
            throw .shapeMismatch(
                operation: "Cholesky.solve", expected: "\(size) rows", got: "\(b.rows)")
        }
        triangularSolve(&b, transposed: false)
    }

    /// `A⁻¹`, from the factor (GSL `gsl_linalg_cholesky_invert`).
    public func inverse() throws(NumericError) -> Matrix {
        var inverse = lower
        let n = size
        guard n > 0 else { return inverse }
        let status = inverse.storage.withUnsafeMutableBufferPointer { p in
            var view = gsl_matrix_view_array(p.baseAddress, n, n)
            return gsl_linalg_cholesky_invert(&view.matrix)
        }
        try checkGSL(status, in: "gsl_linalg_cholesky_invert")
        return inverse
    }

    /// The factor of the matrix grown by one row and column: `[[A, k], [kᵀ, d]]`.
    ///
    /// Rank-one extension in O(n²): `l = L⁻¹k`, `lₙₙ = √(d + δ − lᵀl)` with the same jitter δ.
    /// - Throws: ``NumericError/notPositiveDefinite(size:largestJitter:)`` when the new pivot
    ///   is not positive; the caller can then refactorize from scratch.
    public func appending(column k: [Double], diagonal d: Double) throws(NumericError) -> Cholesky {
        let l = try solveLower(k)
        let pivot = d + jitter - VectorMath.squaredNorm(l)
        guard pivot > 0, pivot.isFinite else {
            throw .notPositiveDefinite(size: size + 1, largestJitter: jitter)
        }
        let n = size + 1
        var grown = Matrix(rows: n, columns: n)
        for i in 0..<size {
            for j in 0...i { grown.storage[i * n + j] = lower.storage[i * size + j] }
        }
        for j in 0..<size { grown.storage[size * n + j] = l[j] }
        grown.storage[size * n + size] = pivot.squareRoot()
        return Cholesky(lower: grown, jitter: jitter)
    }

    private func triangularSolve(_ x: inout [Double], transposed: Bool) {
        let n = size
        guard n > 0 else { return }
        lower.storage.withUnsafeBufferPointer { pl in
            x.withUnsafeMutableBufferPointer { px in
                cblas_dtrsv(
                    CblasRowMajor, CblasLower, transposed ? CblasTrans : CblasNoTrans,
                    CblasNonUnit, Int32(n), pl.baseAddress, Int32(n), px.baseAddress, 1)
            }
        }
    }

    private func triangularSolve(_ x: inout Matrix, transposed: Bool) {
        let n = size
        guard n > 0, x.columns > 0 else { return }
        let columns = x.columns
        lower.storage.withUnsafeBufferPointer { pl in
            x.storage.withUnsafeMutableBufferPointer { px in
                cblas_dtrsm(
                    CblasRowMajor, CblasLeft, CblasLower, transposed ? CblasTrans : CblasNoTrans,
                    CblasNonUnit, Int32(n), Int32(columns), 1, pl.baseAddress, Int32(n),
                    px.baseAddress, Int32(columns))
            }
        }
    }
}

extension Matrix {
    mutating func zeroStrictUpperTriangle() {
        let n = rows
        storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                for j in (i + 1)..<max(n, i + 1) { p[i * n + j] = 0 }
            }
        }
    }
}
