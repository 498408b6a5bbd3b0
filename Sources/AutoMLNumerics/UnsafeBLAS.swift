import CGSLOpenBLAS

/// BLAS on raw row-major buffers, for hot loops that work on parts of a matrix (a range of rows,
/// a reused scratch buffer) where building a ``Matrix`` per call would allocate.
///
/// The caller guarantees that every pointer covers the extent the shapes imply; nothing is
/// checked here. Shapes of zero are allowed and do nothing (or zero the output).
public enum UnsafeBLAS {
    /// `y = alpha · op(A) · x + beta · y` for a row-major `rows × columns` matrix `A` whose rows
    /// are `rowStride` elements apart (BLAS `dgemv`). Without transpose `x` has `columns` and `y`
    /// `rows` entries; with `transposed`, the other way round.
    /// - Complexity: O(rows · columns).
    public static func multiply(
        rows: Int, columns: Int, _ a: UnsafePointer<Double>, rowStride: Int,
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
        alpha: Double = 1, beta: Double = 0, transposed: Bool = false
    ) {
        let outputs = transposed ? columns : rows
        guard outputs > 0 else { return }
        guard rows > 0, columns > 0 else {
            if beta == 0 {
                y.update(repeating: 0, count: outputs)
            } else {
                for i in 0..<outputs { y[i] *= beta }
            }
            return
        }
        cblas_dgemv(
            CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a,
            Int32(rowStride), x, 1, beta, y, 1)
    }

    /// `C = alpha · A · Bᵀ + beta · C` for row-major `A` (`m × k`), `B` (`n × k`) and `C`
    /// (`m × n`), each with rows `lda`, `ldb`, `ldc` elements apart (BLAS `dgemm`, B transposed):
    /// the inner products of every row of `A` with every row of `B`.
    /// - Complexity: O(m · n · k).
    public static func multiplyTransposed(
        m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>,
        ldb: Int, into c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double = 1,
        beta: Double = 0
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for i in 0..<m {
                for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
            }
            return
        }
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The inner product of `count` elements (BLAS `ddot`, unit strides).
    public static func dot(_ count: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>)
        -> Double
    {
        count > 0 ? cblas_ddot(Int32(count), x, 1, y, 1) : 0
    }

    /// `y += alpha · x` over `count` elements (BLAS `daxpy`, unit strides).
    public static func addScaled(
        _ count: Int, _ x: UnsafePointer<Double>, times alpha: Double,
        to y: UnsafeMutablePointer<Double>
    ) {
        guard count > 0 else { return }
        cblas_daxpy(Int32(count), alpha, x, 1, y, 1)
    }
}
