import CGSLOpenBLAS

/// Growing and shrinking a factor by blocks of rows, for models that gain observations one
/// batch at a time (a Gaussian process between hyperparameter refits).
extension Cholesky {
    /// The factor of the matrix grown by `r` rows and columns, `[[A, Bᵀ], [B, C]]`.
    ///
    /// Block step of the right-looking Cholesky: `L₂₁ = B·L⁻ᵀ` (BLAS `dtrsm`),
    /// `L₂₂ = chol(C + δI − L₂₁·L₂₁ᵀ)` (BLAS `dsyrk`, then GSL), with this factor's jitter δ.
    /// Appending the same blocks to the same factor gives bit-identical results, so a cache of
    /// leading blocks reproduces a factor built from scratch in the same block order.
    /// - Parameters:
    ///   - rows: `B`, `r × n`: the new rows' entries against the existing `n`.
    ///   - corner: `C`, `r × r`, symmetric; only its lower triangle is read.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` for wrong shapes,
    ///   ``NumericError/nonFinite(operation:row:column:)`` for NaN/∞ entries,
    ///   ``NumericError/notPositiveDefinite(size:largestJitter:)`` when the Schur complement is
    ///   not positive definite with this jitter (refactorize from scratch to escalate it).
    /// - Complexity: O(r·n² + r²·n + r³).
    public func appending(rows: Matrix, corner: Matrix) throws(NumericError) -> Cholesky {
        GSLRuntime.prepare()
        let n = size
        let r = corner.rows
        guard corner.columns == r, rows.rows == r, rows.columns == n else {
            throw .shapeMismatch(
                operation: "Cholesky.appending(rows:corner:)",
                expected: "rows r×\(n) and corner r×r",
                got: "\(rows.rows)×\(rows.columns), "
                    + "\(corner.rows)×\(corner.columns)")
        }
        if let (i, j) = rows.firstNonFinite() ?? corner.firstNonFinite() {
            throw .nonFinite(operation: "Cholesky.appending(rows:corner:)", row: i, column: j)
        }
        guard r > 0 else { return self }
        // L₂₁ = B·L⁻ᵀ: solve X·Lᵀ = B.
        var offDiagonal = rows
        if n > 0 {
            lower.storage.withUnsafeBufferPointer { pl in
                offDiagonal.storage.withUnsafeMutableBufferPointer { pb in
                    cblas_dtrsm(
                        CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, Int32(r),
                        Int32(n), 1, pl.baseAddress, Int32(n), pb.baseAddress, Int32(n))
                }
            }
        }
        // S = C + δI − L₂₁·L₂₁ᵀ (lower triangle), then L₂₂ = chol(S).
        var schur = corner
        for i in 0..<r { schur.storage[i * r + i] += jitter }
        if n > 0 {
            offDiagonal.storage.withUnsafeBufferPointer { pb in
                schur.storage.withUnsafeMutableBufferPointer { ps in
                    cblas_dsyrk(
                        CblasRowMajor, CblasLower, CblasNoTrans, Int32(r), Int32(n), -1,
                        pb.baseAddress, Int32(n), 1, ps.baseAddress, Int32(r))
                }
            }
        }
        guard Self.factorizeInPlace(&schur) else {
            throw .notPositiveDefinite(size: n + r, largestJitter: jitter)
        }
        let total = n + r
        var grown = Matrix(rows: total, columns: total)
        grown.storage.withUnsafeMutableBufferPointer { pg in
            lower.storage.withUnsafeBufferPointer { pl in
                for i in 0..<n {
                    for j in 0...i { pg[i * total + j] = pl[i * n + j] }
                }
            }
            for i in 0..<r {
                for j in 0..<n { pg[(n + i) * total + j] = offDiagonal.storage[i * n + j] }
                for j in 0...i { pg[(n + i) * total + n + j] = schur.storage[i * r + j] }
            }
        }
        return Cholesky(lower: grown, jitter: jitter)
    }

    /// The factor of the leading `m × m` block of the factorized matrix: the leading block of
    /// `L` (same jitter).
    /// - Throws: ``NumericError/invalidArgument(name:value:expected:)`` unless `0 ≤ m ≤ size`.
    public func leading(_ m: Int) throws(NumericError) -> Cholesky {
        guard m >= 0, m <= size else {
            throw .invalidArgument(name: "m", value: "\(m)", expected: "between 0 and \(size)")
        }
        let n = size
        var block = Matrix(rows: m, columns: m)
        block.storage.withUnsafeMutableBufferPointer { pb in
            lower.storage.withUnsafeBufferPointer { pl in
                for i in 0..<m {
                    for j in 0...i { pb[i * m + j] = pl[i * n + j] }
                }
            }
        }
        return Cholesky(lower: block, jitter: jitter)
    }
}
