import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct BufferBLASTests {
    private func random(_ rows: Int, _ columns: Int, seed: UInt64) throws -> Matrix {
        var source = RandomSource(seed: seed)
        return try Matrix(
            rows: rows, columns: columns,
            values: (0..<(rows * columns)).map { _ in source.normal() })
    }

    @Test("gemm with either operand transposed matches Matrix.product, and beta accumulates")
    func gemmMatchesProduct() throws {
        let a = try random(5, 3, seed: 1)
        let b = try random(5, 4, seed: 2)
        let expected = try Matrix.product(a, b, transposeA: true)  // 3 × 4
        var c = Matrix(rows: 3, columns: 4, repeating: 1)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    BufferBLAS.gemm(
                        transposeA: true, m: 3, n: 4, k: 5, alpha: 2, a: pa.baseAddress!, lda: 3,
                        b: pb.baseAddress!,
                        ldb: 4, beta: 1, c: pc.baseAddress!, ldc: 4)
                }
            }
        }
        #expect(isClose(c.storage, expected.storage.map { 2 * $0 + 1 }, tolerance: 1e-12))
    }

    @Test("gemv matches Matrix.multiplied in both orientations")
    func gemvMatchesMultiplied() throws {
        let a = try random(4, 3, seed: 3)
        let x = [1.0, -2, 0.5, 3]
        var y = [Double](repeating: 7, count: 3)
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    BufferBLAS.gemv(
                        transpose: true, rows: 4, columns: 3, a: pa.baseAddress!, lda: 3,
                        x: px.baseAddress!, y: py.baseAddress!)
                }
            }
        }
        #expect(isClose(y, try a.multiplied(by: x, transposed: true), tolerance: 1e-12))
    }

    @Test("an empty inner dimension leaves beta · C, and dot/axpy of length 0 do nothing")
    func emptySizes() {
        var c = [Double](repeating: 3, count: 4)
        let dummy = [1.0]
        dummy.withUnsafeBufferPointer { p in
            c.withUnsafeMutableBufferPointer { pc in
                BufferBLAS.gemm(
                    m: 2, n: 2, k: 0, a: p.baseAddress!, lda: 0, b: p.baseAddress!, ldb: 2,
                    beta: 0.5, c: pc.baseAddress!, ldc: 2)
                #expect(BufferBLAS.dot(0, p.baseAddress!, p.baseAddress!) == 0)
                BufferBLAS.axpy(0, alpha: 2, x: p.baseAddress!, y: pc.baseAddress!)
            }
        }
        #expect(c == [1.5, 1.5, 1.5, 1.5])
    }
}
