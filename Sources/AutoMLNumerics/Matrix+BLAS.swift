import CGSLOpenBLAS

/// BLAS operations on ``Matrix`` through OpenBLAS's CBLAS.
extension Matrix {
    /// `alpha · op(a) · op(b)`, with `op` an optional transpose (BLAS `dgemm`).
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` when the inner
    ///   dimensions differ.
    public static func product(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Double = 1
    ) throws(NumericError) -> Matrix {
        let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        guard k == kb else {
            throw .shapeMismatch(
                operation: "Matrix.product", expected: "inner dimensions equal",
                got: "\(m)×\(k) times \(kb)×\(n)")
        }
        var c = Matrix(rows: m, columns: n)
        guard m > 0, n > 0 else { return c }
        if k == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
                        alpha, pa.baseAddress, Int32(max(a.columns, 1)), pb.baseAddress,
                        Int32(max(b.columns, 1)), 0, pc.baseAddress, Int32(max(n, 1)))
                }
            }
        }
        return c
    }

    /// `alpha · op(self) · x` (BLAS `dgemv`).
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` when `x` has the wrong
    ///   length.
    public func multiplied(
        by x: [Double], transposed: Bool = false, alpha: Double = 1
    ) throws(NumericError) -> [Double] {
        let (outCount, inCount) = transposed ? (columns, rows) : (rows, columns)
        guard x.count == inCount else {
            throw .shapeMismatch(
                operation: "Matrix.multiplied(by:)", expected: "vector of length \(inCount)",
                got: "\(x.count)")
        }
        var y = [Double](repeating: 0, count: outCount)
        guard rows > 0, columns > 0 else { return y }
        storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(
                        CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows),
                        Int32(columns), alpha, pa.baseAddress, Int32(columns), px.baseAddress, 1,
                        0, py.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// The Gram matrix `alpha · selfᵀ · self` (`transpose == true`, columns × columns) or
    /// `alpha · self · selfᵀ` (rows × rows), both triangles filled (BLAS `dsyrk`).
    public func gram(transpose: Bool = true, alpha: Double = 1) -> Matrix {
        let n = transpose ? columns : rows
        let k = transpose ? rows : columns
        var c = Matrix(rows: n, columns: n)
        guard n > 0, k > 0 else { return c }
        storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(
                    CblasRowMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans, Int32(n),
                    Int32(k), alpha, pa.baseAddress, Int32(columns), 0, pc.baseAddress, Int32(n))
            }
        }
        c.mirrorLowerTriangle()
        return c
    }

    /// Copies the strict lower triangle into the upper one (for results of `dsyrk`).
    mutating func mirrorLowerTriangle() {
        let n = rows
        storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                for j in 0..<i { p[j * n + i] = p[i * n + j] }
            }
        }
    }
}

/// Vector helpers through BLAS.
public enum VectorMath {
    /// The dot product `xᵀy` (BLAS `ddot`). Both arrays must have the same length.
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot: lengths differ")
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                cblas_ddot(Int32(x.count), px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// `y += alpha · x` (BLAS `daxpy`).
    public static func addScaled(_ x: [Double], times alpha: Double, to y: inout [Double]) {
        precondition(x.count == y.count, "addScaled: lengths differ")
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(Int32(x.count), alpha, px.baseAddress, 1, py.baseAddress, 1)
            }
        }
    }

    /// Squared Euclidean norm.
    public static func squaredNorm(_ x: [Double]) -> Double { dot(x, x) }
}
