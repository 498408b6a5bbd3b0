import CGSLOpenBLAS

/// BLAS on raw row-major buffers, for hot loops that reuse preallocated storage instead of
/// allocating a new ``Matrix`` per call (an optimizer evaluating a loss hundreds of times).
///
/// Every routine accepts zero sizes and then does what the formula says (an empty product is
/// zero) without calling OpenBLAS, which rejects leading dimensions below 1.
public enum BufferBLAS {
    /// `C ← alpha · op(A) · op(B) + beta · C` with row-major storage (BLAS `dgemm`).
    ///
    /// - Parameters:
    ///   - transposeA, transposeB: whether `op` transposes `A` / `B`.
    ///   - m, n, k: `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`.
    ///   - a, lda: `A` and its row stride (its column count as stored).
    ///   - b, ldb: `B` and its row stride.
    ///   - c, ldc: `C` and its row stride.
    /// - Complexity: O(m·n·k).
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            scale(rows: m, columns: n, by: beta, c, ldc)
            return
        }
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)), beta,
            c,
            Int32(max(ldc, 1)))
    }

    /// `y ← alpha · op(A) · x + beta · y` for a row-major `rows × columns` matrix `A` (BLAS
    /// `dgemv`); `x` and `y` have unit stride.
    /// - Complexity: O(rows·columns).
    public static func gemv(
        transpose: Bool = false, rows: Int, columns: Int, alpha: Double = 1,
        a: UnsafePointer<Double>,
        lda: Int, x: UnsafePointer<Double>, beta: Double = 0, y: UnsafeMutablePointer<Double>
    ) {
        let outCount = transpose ? columns : rows
        guard outCount > 0 else { return }
        guard rows > 0, columns > 0 else {
            scale(rows: 1, columns: outCount, by: beta, y, outCount)
            return
        }
        cblas_dgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a,
            Int32(max(lda, 1)), x, 1, beta, y, 1)
    }

    /// `xᵀy` over `count` contiguous elements (BLAS `ddot`).
    public static func dot(_ count: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>)
        -> Double
    {
        guard count > 0 else { return 0 }
        return cblas_ddot(Int32(count), x, 1, y, 1)
    }

    /// `y ← y + alpha · x` over `count` contiguous elements (BLAS `daxpy`).
    public static func axpy(
        _ count: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>
    ) {
        guard count > 0, alpha != 0 else { return }
        cblas_daxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// `C ← beta · C` (what a product with an empty inner dimension leaves).
    private static func scale(
        rows: Int, columns: Int, by beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int
    ) {
        for i in 0..<rows {
            for j in 0..<columns { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
        }
    }
}
