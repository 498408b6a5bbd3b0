import CGSLOpenBLAS

/// BLAS level-2/3 calls on raw row-major buffers, for hot loops that reuse preallocated
/// storage (mini-batch training, blocked distance computations) instead of allocating a
/// ``Matrix`` per call.
///
/// Every pointer must address at least as many elements as the shapes and leading dimensions
/// say; the callers own that invariant (these are internal building blocks, not entry points
/// for user data). Sizes of zero return without touching `c` / `y`.
public enum BLASKernel {
    /// `c ← alpha · op(a) · op(b) + beta · c` (BLAS `dgemm`, row-major), with `op(a)` of shape
    /// `m × k`, `op(b)` of shape `k × n` and `c` of shape `m × n`.
    ///
    /// - Parameters:
    ///   - transposeA: Whether `a` is stored `k × m` (its transpose is used).
    ///   - transposeB: Whether `b` is stored `n × k`.
    ///   - lda, ldb, ldc: Row strides (elements) of the stored matrices.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            scale(c, rows: m, columns: n, stride: ldc, by: beta)
            return
        }
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(max(lda, 1)), b, Int32(max(ldb, 1)), beta, c, Int32(max(ldc, 1)))
    }

    /// `y ← alpha · op(a) · x + beta · y` (BLAS `dgemv`, row-major), with `a` stored
    /// `rows × columns` and row stride `lda`; `op(a)` is `a` or its transpose.
    public static func gemv(
        transpose: Bool = false, rows: Int, columns: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>, beta: Double = 0,
        y: UnsafeMutablePointer<Double>
    ) {
        let outCount = transpose ? columns : rows
        guard outCount > 0 else { return }
        if (transpose ? rows : columns) == 0 {
            scale(y, rows: 1, columns: outCount, stride: outCount, by: beta)
            return
        }
        cblas_dgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(max(lda, 1)), x, 1, beta, y, 1)
    }

    /// `c ← beta · c` on an `m × n` block (what `dgemm` does when the inner dimension is 0).
    static func scale(
        _ c: UnsafeMutablePointer<Double>, rows: Int, columns: Int, stride: Int, by beta: Double
    ) {
        for i in 0..<rows {
            for j in 0..<columns { c[i * stride + j] = beta == 0 ? 0 : beta * c[i * stride + j] }
        }
    }
}
