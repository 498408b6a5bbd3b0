import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// A rank-2 Gram matrix, by hand: X has columns x1 = (1, 0, 1), x2 = 2·x1, x3 = (0, 1, 1), so
//   A = XᵀX = [[2, 4, 1], [4, 8, 2], [1, 2, 2]].
// Pivoting takes column 1 (diagonal 8) first: L₀₀ = √8; the remaining diagonal is
// [2 − 4²/8, ·, 2 − 2²/8] = [0, ·, 1.5], so column 2 follows and column 0 is dropped (rank 2).
// For y = x2 + x3 = (2, 1, 3), b = Xᵀy = (5, 10, 4) and the basic solution is (0, 1, 1).

@Suite struct PivotedCholeskyTests {
    @Test("finds rank 2 of the hand example and returns the basic solution (0, 1, 1)")
    func rankDeficientHandExample() throws {
        let a = try Matrix([[2, 4, 1], [4, 8, 2], [1, 2, 2]])
        let factor = try PivotedCholesky(a)
        #expect(factor.rank == 2)
        #expect(factor.pivots == [1, 2, 0])
        #expect(isClose(try factor.solve([5, 10, 4]), [0, 1, 1], tolerance: 1e-12))
    }

    @Test("on a full-rank matrix it agrees with the plain Cholesky solve")
    func fullRankMatchesCholesky() throws {
        var random = RandomSource(seed: 11)
        let x = try Matrix(rows: 30, columns: 6, values: (0..<180).map { _ in random.normal() })
        let a = x.gram()
        let b = (0..<6).map { _ in random.normal() }
        let factor = try PivotedCholesky(a)
        #expect(factor.rank == 6)
        #expect(Set(factor.pivots) == Set(0..<6))
        #expect(isClose(try factor.solve(b), try Cholesky(a).solve(b), tolerance: 1e-10))
    }

    @Test("the zero matrix has rank 0 and solves to zeros")
    func zeroMatrix() throws {
        let factor = try PivotedCholesky(Matrix(rows: 3, columns: 3))
        #expect(factor.rank == 0)
        #expect(try factor.solve([1, 2, 3]) == [0, 0, 0])
    }

    @Test("refuses non-square and non-finite input and a right-hand side of the wrong length")
    func refusals() throws {
        #expect(throws: NumericError.self) { _ = try PivotedCholesky(Matrix(rows: 2, columns: 3)) }
        var nan = Matrix.identity(2)
        nan[1, 0] = .nan
        #expect(throws: NumericError.nonFinite(operation: "PivotedCholesky", row: 1, column: 0)) {
            _ = try PivotedCholesky(nan)
        }
        #expect(throws: NumericError.self) {
            _ = try PivotedCholesky(Matrix.identity(2)).solve([1])
        }
    }
}
