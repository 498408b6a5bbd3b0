/// A rank-revealing Cholesky factorization with diagonal pivoting of a symmetric positive
/// semi-definite matrix: `P·A·Pᵀ ≈ L·Lᵀ`, where `L` has ``rank`` columns.
///
/// At step `k` the largest remaining diagonal element is moved to position `k`; the
/// factorization stops when it falls to `relativeTolerance × max(diag A)`, so columns that are
/// (numerically) linear combinations of earlier pivots are left out (Higham 2002, "Accuracy and
/// Stability of Numerical Algorithms", §10.3, Algorithm 10.2 — the method of LAPACK `dpstrf`).
///
/// Used for least squares through the normal equations `XᵀX w = Xᵀy`: on a correlation-scaled
/// Gram matrix the remaining diagonal of a column is `1 − R²` of that column regressed on the
/// pivots chosen so far, so a collinear column is dropped instead of producing huge,
/// cancelling coefficients. ``solve(_:)`` then returns the *basic* solution, zero on the
/// dropped columns (as R's `lm` reports aliased coefficients as missing).
public struct PivotedCholesky: Sendable {
    /// The number of pivots kept (the numerical rank).
    public let rank: Int
    /// `pivots[k]` is the original index of the `k`-th pivot; the first ``rank`` are kept.
    public let pivots: [Int]
    /// The factor: the leading `rank × rank` lower triangle of an `n × n` row-major matrix.
    private let lower: Matrix

    /// The order `n` of the factorized matrix.
    public var size: Int { lower.rows }

    /// Factorizes a symmetric positive semi-definite `n × n` matrix.
    ///
    /// - Parameters:
    ///   - matrix: The matrix; both triangles must hold the same values.
    ///   - relativeTolerance: Pivots at or below this fraction of the largest diagonal element
    ///     end the factorization.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` if not square,
    ///   ``NumericError/nonFinite(operation:row:column:)`` for NaN or ∞ entries.
    /// - Complexity: O(n²·rank).
    public init(_ matrix: Matrix, relativeTolerance: Double = 1e-10) throws(NumericError) {
        guard matrix.rows == matrix.columns else {
            throw .shapeMismatch(
                operation: "PivotedCholesky", expected: "a square matrix",
                got: "\(matrix.rows)×\(matrix.columns)")
        }
        if let (r, c) = matrix.firstNonFinite() {
            throw .nonFinite(operation: "PivotedCholesky", row: r, column: c)
        }
        let n = matrix.rows
        var a = matrix
        var pivots = Array(0..<n)
        let largest = matrix.diagonal.max() ?? 0
        let threshold = relativeTolerance * largest
        var rank = 0
        a.storage.withUnsafeMutableBufferPointer { p in
            for k in 0..<n {
                // Bring the largest remaining diagonal element to position k.
                var best = k
                for i in (k + 1)..<max(n, k + 1) where p[i * n + i] > p[best * n + best] {
                    best = i
                }
                guard p[best * n + best] > threshold, largest > 0 else { break }
                if best != k {
                    for j in 0..<n { p.swapAt(k * n + j, best * n + j) }
                    for i in 0..<n { p.swapAt(i * n + k, i * n + best) }
                    pivots.swapAt(k, best)
                }
                // Column k of L, then the update of the trailing block A₂₂ −= l lᵀ (kept
                // symmetric in full storage so later swaps stay consistent).
                let pivot = p[k * n + k].squareRoot()
                p[k * n + k] = pivot
                for i in (k + 1)..<max(n, k + 1) { p[i * n + k] /= pivot }
                for i in (k + 1)..<max(n, k + 1) {
                    let lik = p[i * n + k]
                    if lik == 0 { continue }
                    for j in (k + 1)..<max(n, k + 1) { p[i * n + j] -= lik * p[j * n + k] }
                }
                rank = k + 1
            }
        }
        self.rank = rank
        self.pivots = pivots
        self.lower = a
    }

    /// The basic solution of `A x = b`: the kept pivots solve `L Lᵀ z = (P b)₁..rank`, the
    /// dropped coordinates are zero.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` when `b.count != n`.
    /// - Complexity: O(rank²).
    public func solve(_ b: [Double]) throws(NumericError) -> [Double] {
        let n = size
        guard b.count == n else {
            throw .shapeMismatch(
                operation: "PivotedCholesky.solve", expected: "vector of length \(n)",
                got: "\(b.count)")
        }
        var z = (0..<rank).map { b[pivots[$0]] }
        lower.storage.withUnsafeBufferPointer { l in
            // Forward substitution L y = c, then back substitution Lᵀ z = y.
            for i in 0..<rank {
                var sum = z[i]
                for j in 0..<i { sum -= l[i * n + j] * z[j] }
                z[i] = sum / l[i * n + i]
            }
            for i in stride(from: rank - 1, through: 0, by: -1) {
                var sum = z[i]
                for j in (i + 1)..<max(rank, i + 1) { sum -= l[j * n + i] * z[j] }
                z[i] = sum / l[i * n + i]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for k in 0..<rank { x[pivots[k]] = z[k] }
        return x
    }
}
