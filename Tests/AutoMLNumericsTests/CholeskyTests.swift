import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// The textbook example, checked by hand:
//   A = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]]
//   L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]            (L·Lᵀ = A)
//   |A| = (2·1·3)² = 36, so log|A| = 2·log 6
//   A·[1, -1, 2] = [-40, -111, 223];  L·[1, 2, 3] = [2, 8, 11]
//   A⁻¹ = [[1777/36, -122/9, 19/9], [-122/9, 34/9, -5/9], [19/9, -5/9, 1/9]]  (adjugate / 36)

private let tolerance = 1e-10

private func textbookMatrix() throws -> Matrix {
    try Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
}

private func textbookFactor() throws -> Matrix {
    try Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]])
}

/// A random symmetric positive-definite `n × n` matrix `X·Xᵀ + I` with `X` standard normal.
private func randomSPD(_ n: Int, seed: UInt64) throws -> Matrix {
    var random = RandomSource(seed: seed)
    let x = try Matrix(
        rows: n, columns: n + 2, values: (0..<(n * (n + 2))).map { _ in random.normal() })
    var k = x.gram(transpose: false)
    for i in 0..<n { k[i, i] += 1 }
    return k
}

/// The leading `m × m` block of a square matrix.
private func leadingBlock(_ a: Matrix, _ m: Int) throws -> Matrix {
    try Matrix((0..<m).map { i in Array(a.row(i).prefix(m)) })
}

@Suite struct CholeskyTests {
    // MARK: Factorization

    @Test("factorizes the textbook matrix to the hand-computed L with no jitter")
    func textbookFactorization() throws {
        let cholesky = try Cholesky(try textbookMatrix())
        #expect(cholesky.size == 3)
        #expect(cholesky.jitter == 0)
        #expect(isClose(cholesky.lower, try textbookFactor(), tolerance: tolerance))
    }

    @Test("the factor is lower triangular and L·Lᵀ reproduces A")
    func factorReproducesMatrix() throws {
        let a = try randomSPD(7, seed: 3)
        let l = try Cholesky(a).lower
        for i in 0..<7 {
            for j in (i + 1)..<7 { #expect(l[i, j] == 0, "L[\(i), \(j)] should be 0") }
            #expect(l[i, i] > 0)
        }
        let llt = try Matrix.product(l, l, transposeB: true)
        #expect(isClose(llt, a, tolerance: 1e-10), "max |L·Lᵀ − A| = \(maximumDifference(llt, a))")
    }

    @Test("only the lower triangle of the input is read")
    func ignoresUpperTriangle() throws {
        var a = try textbookMatrix()
        a[0, 1] = 999
        a[0, 2] = -999
        a[1, 2] = .pi
        let cholesky = try Cholesky(a)
        #expect(isClose(cholesky.lower, try textbookFactor(), tolerance: tolerance))
    }

    @Test("log-determinant of the textbook matrix is 2·log 6")
    func logDeterminant() throws {
        let cholesky = try Cholesky(try textbookMatrix())
        #expect(isClose(cholesky.logDeterminant, 2 * log(6.0), tolerance: 1e-12))
        #expect(isClose(try Cholesky(Matrix.identity(4)).logDeterminant, 0, tolerance: 1e-15))
    }

    @Test("log-determinant of a diagonal matrix is the sum of the logs of its diagonal")
    func logDeterminantDiagonal() throws {
        let d = try Matrix([[2, 0, 0], [0, 0.5, 0], [0, 0, 1e6]])
        #expect(
            isClose(try Cholesky(d).logDeterminant, log(2) + log(0.5) + log(1e6), tolerance: 1e-12))
    }

    // MARK: Solves

    @Test("solve recovers the hand-picked solution of A·x = b")
    func solveVector() throws {
        let cholesky = try Cholesky(try textbookMatrix())
        let x = try cholesky.solve([-40, -111, 223])
        #expect(isClose(x, [1, -1, 2], tolerance: 1e-9))
    }

    @Test("solve on a random SPD system multiplies back to b")
    func solveVectorMultipliesBack() throws {
        let a = try randomSPD(6, seed: 21)
        let b = [1.0, -2, 3, 0.5, 0, -1]
        let x = try Cholesky(a).solve(b)
        #expect(isClose(try a.multiplied(by: x), b, tolerance: 1e-10))
    }

    @Test("solveLower is forward substitution with L")
    func solveLowerVector() throws {
        let cholesky = try Cholesky(try textbookMatrix())
        let y = try cholesky.solveLower([2, 8, 11])
        #expect(isClose(y, [1, 2, 3], tolerance: 1e-12))
        #expect(isClose(try cholesky.lower.multiplied(by: y), [2, 8, 11], tolerance: 1e-12))
    }

    @Test("solve with a matrix right-hand side solves every column and multiplies back")
    func solveMatrix() throws {
        let a = try textbookMatrix()
        let cholesky = try Cholesky(a)
        let b = try Matrix([[-40, 1, 0], [-111, 0, 1], [223, 2, -3]])
        let x = try cholesky.solve(b)
        #expect(x.rows == 3 && x.columns == 3)
        #expect(isClose(x.column(0), [1, -1, 2], tolerance: 1e-9))
        #expect(isClose(try Matrix.product(a, x), b, tolerance: 1e-9))
        // Each column agrees with the vector solve.
        for j in 0..<3 {
            #expect(isClose(x.column(j), try cholesky.solve(b.column(j)), tolerance: 1e-9))
        }
    }

    @Test("solveLower with a matrix right-hand side multiplies back through L")
    func solveLowerMatrix() throws {
        let cholesky = try Cholesky(try randomSPD(5, seed: 8))
        let b = try Matrix(rows: 5, columns: 2, values: [1, 0, 2, -1, 3, 0.5, -4, 2, 5, 1])
        let y = try cholesky.solveLower(b)
        #expect(isClose(try Matrix.product(cholesky.lower, y), b, tolerance: 1e-10))
    }

    @Test("solves refuse right-hand sides of the wrong size")
    func solveShapeMismatch() throws {
        let cholesky = try Cholesky(try textbookMatrix())
        #expect(
            throws: NumericError.shapeMismatch(
                operation: "Cholesky.solve", expected: "vector of length 3", got: "2")
        ) { _ = try cholesky.solve([1, 2]) }
        #expect(throws: NumericError.self) { _ = try cholesky.solveLower([1, 2, 3, 4]) }
        #expect(
            throws: NumericError.shapeMismatch(
                operation: "Cholesky.solve", expected: "3 rows", got: "2")
        ) {
            _ = try cholesky.solve(Matrix(rows: 2, columns: 3))
        }
        #expect(throws: NumericError.self) {
            _ = try cholesky.solveLower(Matrix(rows: 4, columns: 1))
        }
    }

    // MARK: Inverse

    @Test("inverse of the textbook matrix is the adjugate over 36, and inverse·A = I")
    func inverseTextbook() throws {
        let a = try textbookMatrix()
        let inverse = try Cholesky(a).inverse()
        let expected = try Matrix([
            [1777.0 / 36, -122.0 / 9, 19.0 / 9], [-122.0 / 9, 34.0 / 9, -5.0 / 9],
            [19.0 / 9, -5.0 / 9, 1.0 / 9],
        ])
        #expect(isClose(inverse, expected, tolerance: 1e-9))
        #expect(isClose(try Matrix.product(inverse, a), Matrix.identity(3), tolerance: 1e-9))
        #expect(isClose(try Matrix.product(a, inverse), Matrix.identity(3), tolerance: 1e-9))
    }

    @Test("inverse of a random SPD matrix is symmetric and inverts it")
    func inverseRandom() throws {
        let a = try randomSPD(8, seed: 5)
        let inverse = try Cholesky(a).inverse()
        #expect(isClose(inverse, inverse.transposed(), tolerance: 1e-12))
        #expect(isClose(try Matrix.product(inverse, a), Matrix.identity(8), tolerance: 1e-9))
    }

    // MARK: Incremental growth

    @Test("appending the last row of the textbook matrix equals factorizing it from scratch")
    func appendTextbook() throws {
        let a = try textbookMatrix()
        let leading = try Cholesky(try leadingBlock(a, 2))
        let grown = try leading.appending(column: [-16, -43], diagonal: 98)
        #expect(grown.size == 3)
        #expect(grown.jitter == 0)
        #expect(isClose(grown.lower, try textbookFactor(), tolerance: tolerance))
        #expect(isClose(grown.logDeterminant, 2 * log(6.0), tolerance: 1e-12))
    }

    @Test("growing a factor one row at a time matches the recomputed factor at every size")
    func appendIncrementalEqualsRecomputed() throws {
        let n = 9
        let a = try randomSPD(n, seed: 17)
        var incremental = try Cholesky(try leadingBlock(a, 1))
        for m in 2...n {
            let k = Array(a.column(m - 1).prefix(m - 1))
            incremental = try incremental.appending(column: k, diagonal: a[m - 1, m - 1])
            let recomputed = try Cholesky(try leadingBlock(a, m))
            #expect(
                isClose(incremental.lower, recomputed.lower, tolerance: 1e-10),
                "size \(m): max difference \(maximumDifference(incremental.lower, recomputed.lower))"
            )
        }
        let solution = try incremental.solve([Double](repeating: 1, count: n))
        #expect(
            isClose(
                try a.multiplied(by: solution), [Double](repeating: 1, count: n), tolerance: 1e-9))
    }

    @Test("appending to an empty factor gives the 1×1 factor")
    func appendToEmpty() throws {
        let empty = try Cholesky(Matrix(rows: 0, columns: 0))
        #expect(empty.size == 0)
        #expect(empty.logDeterminant == 0)
        let one = try empty.appending(column: [], diagonal: 9)
        #expect(one.lower == (try Matrix([[3]])))
    }

    @Test("appending a column that makes the matrix indefinite throws")
    func appendIndefinite() throws {
        let one = try Cholesky(try Matrix([[1]]))
        // [[1, 2], [2, 1]] is indefinite: the new pivot is 1 − 4 < 0.
        #expect(throws: NumericError.notPositiveDefinite(size: 2, largestJitter: 0)) {
            _ = try one.appending(column: [2], diagonal: 1)
        }
        #expect(throws: NumericError.self) { _ = try one.appending(column: [1, 2], diagonal: 5) }
        #expect(throws: NumericError.self) { _ = try one.appending(column: [0], diagonal: .nan) }
    }

    // MARK: Jitter

    @Test("a singular PSD matrix factors with a small positive jitter, reported in jitter")
    func singularGetsJitter() throws {
        let ones = Matrix(rows: 3, columns: 3, repeating: 1)
        let cholesky = try Cholesky(ones)
        let meanDiagonal = 1.0
        #expect(cholesky.jitter > 0)
        #expect(cholesky.jitter <= Cholesky.maximumRelativeJitter * meanDiagonal)
        var jittered = ones
        for i in 0..<3 { jittered[i, i] += cholesky.jitter }
        let llt = try Matrix.product(cholesky.lower, cholesky.lower, transposeB: true)
        #expect(isClose(llt, jittered, tolerance: 1e-12))
    }

    @Test("jitter grows by tenfold steps from 1e-10·mean diagonal until the matrix factors")
    func jitterEscalates() throws {
        // [[1, 1], [1, 1 − 1e-6]] has determinant −1e-6: adding δ gives (1+δ)(1−1e-6+δ) − 1,
        // negative for δ ≤ 1e-7 and positive for δ = 1e-6, the fifth step from 1e-10.
        let a = try Matrix([[1, 1], [1, 1 - 1e-6]])
        let meanDiagonal = (2 - 1e-6) / 2
        let cholesky = try Cholesky(a)
        #expect(isClose(cholesky.jitter, 1e-6 * meanDiagonal, relativeTolerance: 1e-9))
        // The jitter is relative to the mean diagonal: scaling the matrix scales it too.
        let scaled = try Matrix(rows: 2, columns: 2, values: a.storage.map { $0 * 100 })
        #expect(isClose(try Cholesky(scaled).jitter, 1e-4 * meanDiagonal, relativeTolerance: 1e-9))
    }

    @Test("an indefinite matrix throws notPositiveDefinite after the largest jitter")
    func indefiniteThrows() throws {
        let error = #expect(throws: NumericError.self) {
            _ = try Cholesky(try Matrix([[1, 2], [2, 1]]))
        }
        guard case .notPositiveDefinite(let size, let largestJitter)? = error else {
            Issue.record("expected notPositiveDefinite, got \(String(describing: error))")
            return
        }
        #expect(size == 2)
        #expect(isClose(largestJitter, Cholesky.maximumRelativeJitter, relativeTolerance: 1e-9))
    }

    // MARK: Input errors

    @Test("a NaN entry throws nonFinite naming its position")
    func nanThrows() throws {
        var a = try textbookMatrix()
        a[2, 1] = .nan
        #expect(throws: NumericError.nonFinite(operation: "Cholesky", row: 2, column: 1)) {
            _ = try Cholesky(a)
        }
        a[2, 1] = -43
        a[0, 0] = .infinity
        #expect(throws: NumericError.nonFinite(operation: "Cholesky", row: 0, column: 0)) {
            _ = try Cholesky(a)
        }
    }

    @Test("a non-square matrix throws shapeMismatch")
    func nonSquareThrows() {
        #expect(
            throws: NumericError.shapeMismatch(
                operation: "Cholesky", expected: "a square matrix", got: "2×3")
        ) { _ = try Cholesky(Matrix(rows: 2, columns: 3)) }
    }
}

@Suite struct CholeskyBlockTests {
    /// A random SPD matrix `X·Xᵀ + I`.
    private func spd(_ n: Int, seed: UInt64) throws -> Matrix {
        var random = RandomSource(seed: seed)
        let x = try Matrix(
            rows: n, columns: n + 1, values: (0..<(n * (n + 1))).map { _ in random.normal() })
        var k = x.gram(transpose: false)
        for i in 0..<n { k[i, i] += 1 }
        return k
    }

    private func block(_ a: Matrix, rows: Range<Int>, columns: Range<Int>) throws -> Matrix {
        try Matrix(rows.map { i in columns.map { a[i, $0] } })
    }

    @Test("appending blocks of rows equals factorizing the whole matrix")
    func appendingBlocks() throws {
        let a = try spd(11, seed: 4)
        var factor = try Cholesky(try block(a, rows: 0..<4, columns: 0..<4))
        factor = try factor.appending(
            rows: try block(a, rows: 4..<9, columns: 0..<4),
            corner: try block(a, rows: 4..<9, columns: 4..<9))
        factor = try factor.appending(
            rows: try block(a, rows: 9..<11, columns: 0..<9),
            corner: try block(a, rows: 9..<11, columns: 9..<11))
        let direct = try Cholesky(a)
        #expect(factor.size == 11)
        #expect(isClose(factor.lower, direct.lower, tolerance: 1e-10))
    }

    @Test(
        "appending to the empty factor factorizes the corner, and a leading block is the factor of the leading matrix"
    )
    func emptyAndLeading() throws {
        let a = try spd(6, seed: 9)
        let fromEmpty = try Cholesky(Matrix(rows: 0, columns: 0)).appending(
            rows: Matrix(rows: 6, columns: 0), corner: a)
        #expect(isClose(fromEmpty.lower, try Cholesky(a).lower, tolerance: 1e-12))
        let leading = try fromEmpty.leading(4)
        #expect(
            isClose(
                leading.lower, try Cholesky(try block(a, rows: 0..<4, columns: 0..<4)).lower,
                tolerance: 1e-12))
        #expect(throws: NumericError.self) { _ = try fromEmpty.leading(7) }
    }

    @Test("a block that makes the matrix indefinite is refused")
    func indefiniteBlock() throws {
        let factor = try Cholesky(Matrix.identity(2))
        // [[1, 0, 2], [0, 1, 0], [2, 0, 1]] is indefinite.
        #expect(throws: NumericError.self) {
            _ = try factor.appending(rows: try Matrix([[2, 0]]), corner: try Matrix([[1]]))
        }
    }
}
