import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

// Hand-computed products used below:
//   A = [[1, 2, 3], [4, 5, 6]]            (2 × 3)
//   B = [[7, 8], [9, 10], [11, 12]]       (3 × 2)
//   A·B   = [[58, 64], [139, 154]]
//   A·1   = [6, 15],  Aᵀ·[1, 1] = [5, 7, 9],  A·[1, 0, -1] = [-2, -2]
//   AᵀA   = [[17, 22, 27], [22, 29, 36], [27, 36, 45]]
//   AAᵀ   = [[14, 32], [32, 77]]

private let tolerance = 1e-12

private func matrixA() throws -> Matrix { try Matrix([[1, 2, 3], [4, 5, 6]]) }
private func matrixB() throws -> Matrix { try Matrix([[7, 8], [9, 10], [11, 12]]) }
private func productAB() throws -> Matrix { try Matrix([[58, 64], [139, 154]]) }

/// One way of asking `Matrix.product` for A·B: the operands stored as given or transposed,
/// with the matching transpose flags.
struct ProductCase: Sendable, CustomTestStringConvertible {
    let transposeA: Bool
    let transposeB: Bool

    var testDescription: String {
        "\(transposeA ? "Aᵀ stored, transposeA" : "A") · \(transposeB ? "Bᵀ stored, transposeB" : "B")"
    }

    static let all: [ProductCase] = [
        ProductCase(transposeA: false, transposeB: false),
        ProductCase(transposeA: true, transposeB: false),
        ProductCase(transposeA: false, transposeB: true),
        ProductCase(transposeA: true, transposeB: true),
    ]
}

@Suite struct MatrixTests {
    // MARK: Construction and access

    @Test("rows of equal length build a row-major matrix")
    func buildsFromRows() throws {
        let a = try matrixA()
        #expect(a.rows == 2)
        #expect(a.columns == 3)
        #expect(a.storage == [1, 2, 3, 4, 5, 6])
        #expect(a[1, 0] == 4)
        #expect(a[0, 2] == 3)
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(2) == [3, 6])
        #expect(a.diagonal == [1, 5])
    }

    @Test("ragged rows are refused with a shape mismatch")
    func raggedRowsThrow() {
        #expect(
            throws: NumericError.shapeMismatch(
                operation: "Matrix(_:) row 1", expected: "2 columns", got: "1")
        ) { _ = try Matrix([[1, 2], [3]]) }
    }

    @Test("a value count that does not match rows × columns is refused")
    func wrongValueCountThrows() throws {
        #expect(throws: NumericError.self) {
            _ = try Matrix(rows: 2, columns: 2, values: [1, 2, 3])
        }
        let m = try Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        #expect(m[1, 1] == 4)
    }

    @Test("the subscript setter writes the element at row, column")
    func subscriptSets() {
        var m = Matrix(rows: 2, columns: 3, repeating: 7)
        m[1, 2] = -1
        #expect(m.storage == [7, 7, 7, 7, 7, -1])
    }

    @Test("identity has ones on the diagonal and zeros elsewhere")
    func identity() throws {
        #expect(Matrix.identity(3) == (try Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]])))
        #expect(Matrix.identity(0).storage.isEmpty)
    }

    @Test("transposed swaps rows and columns and is an involution")
    func transpose() throws {
        let a = try matrixA()
        let t = a.transposed()
        #expect(t == (try Matrix([[1, 4], [2, 5], [3, 6]])))
        #expect(t.transposed() == a)
    }

    @Test("rows(at:) gathers rows in the given order, repeats allowed")
    func rowsAtIndices() throws {
        let a = try Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(a.rows(at: [2, 0, 2]) == (try Matrix([[5, 6], [1, 2], [5, 6]])))
        #expect(a.rows(at: []).rows == 0)
    }

    @Test("firstNonFinite finds the first NaN or infinity by row and column")
    func firstNonFinite() throws {
        #expect(try matrixA().firstNonFinite() == nil)
        let withNaN = try Matrix([[1, 2, 3], [4, .nan, .infinity]])
        let position = try #require(withNaN.firstNonFinite())
        #expect(position.row == 1 && position.column == 1)
        let withInfinity = try Matrix([[1, -.infinity]])
        let second = try #require(withInfinity.firstNonFinite())
        #expect(second.row == 0 && second.column == 1)
    }

    @Test("a matrix survives a JSON round trip unchanged")
    func codableRoundTrip() throws {
        let a = try Matrix([[0.1, -2.5e-300, 3], [1e300, 5, -0.0]])
        let decoded = try JSONDecoder().decode(Matrix.self, from: try JSONEncoder().encode(a))
        #expect(decoded == a)
        #expect(decoded.storage.map(\.bitPattern) == a.storage.map(\.bitPattern))
    }

    @Test(
        "values are written as base64 binary64, about half the JSON numbers' size; arrays still read"
    )
    func base64Storage() throws {
        // 1, -2 and 0.5 as little-endian binary64: 3FF0…, C000…, 3FE0… reversed.
        let small = try Matrix([[1, -2, 0.5]])
        let plain = JSONEncoder()
        plain.outputFormatting = .withoutEscapingSlashes
        let json = try #require(String(data: try plain.encode(small), encoding: .utf8))
        #expect(json.contains(#""storage":"AAAAAAAA8D8AAAAAAAAAwAAAAAAAAOA/""#))
        let old = Data(#"{"rows":1,"columns":3,"storage":[1,-2,0.5]}"#.utf8)
        #expect(try JSONDecoder().decode(Matrix.self, from: old) == small)

        var random = RandomSource(seed: 9)
        let big = try Matrix(
            rows: 50, columns: 20, values: (0..<1000).map { _ in random.normal() })
        let binary = try JSONEncoder().encode(big).count
        let numbers = try JSONEncoder().encode(big.storage).count
        #expect(binary < numbers * 6 / 10, "\(binary) bytes against \(numbers)")
        #expect(try JSONDecoder().decode(Matrix.self, from: try JSONEncoder().encode(big)) == big)
    }

    @Test("a non-finite matrix is written as numbers; damaged or non-finite base64 is refused")
    func base64Refusals() throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = try #require(
            String(data: try encoder.encode(try Matrix([[1, .infinity]])), encoding: .utf8))
        #expect(json.contains(#""storage":[1,"inf"]"#))
        #expect(throws: EncodingError.self) {
            try JSONEncoder().encode(try Matrix([[.nan]]))
        }
        func decode(_ text: String) throws -> Matrix {
            try JSONDecoder().decode(Matrix.self, from: Data(text.utf8))
        }
        for bad in [
            #"{"rows":1,"columns":1,"storage":"not base64!"}"#,
            #"{"rows":1,"columns":1,"storage":"AAAA"}"#,  // 3 bytes, not 8
            #"{"rows":1,"columns":1,"storage":"AAAAAAAA+H8="}"#,  // NaN
            #"{"rows":1,"columns":2,"storage":"AAAAAAAA8D8="}"#,  // 1 value for 2
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try decode(bad) }
        }
    }

    // MARK: gemm

    @Test(
        "product multiplies small matrices to the hand-computed result", arguments: ProductCase.all)
    func productWithTransposes(_ c: ProductCase) throws {
        let a = c.transposeA ? try matrixA().transposed() : try matrixA()
        let b = c.transposeB ? try matrixB().transposed() : try matrixB()
        let product = try Matrix.product(a, b, transposeA: c.transposeA, transposeB: c.transposeB)
        #expect(isClose(product, try productAB(), tolerance: tolerance))
    }

    @Test("product scales by alpha")
    func productAlpha() throws {
        let product = try Matrix.product(try matrixA(), try matrixB(), alpha: -0.5)
        #expect(isClose(product, try Matrix([[-29, -32], [-69.5, -77]]), tolerance: tolerance))
    }

    @Test("product with the identity returns the matrix")
    func productIdentity() throws {
        let a = try matrixA()
        #expect(isClose(try Matrix.product(Matrix.identity(2), a), a, tolerance: tolerance))
        #expect(isClose(try Matrix.product(a, Matrix.identity(3)), a, tolerance: tolerance))
    }

    @Test("product of a column by a row is the outer product")
    func outerProduct() throws {
        let column = try Matrix([[1], [2], [3]])
        let row = try Matrix([[4, 5]])
        let outer = try Matrix.product(column, row)
        #expect(isClose(outer, try Matrix([[4, 5], [8, 10], [12, 15]]), tolerance: tolerance))
        // The same through a transpose of a column.
        let viaTranspose = try Matrix.product(column, try Matrix([[4], [5]]), transposeB: true)
        #expect(isClose(viaTranspose, outer, tolerance: tolerance))
    }

    @Test("product over an empty inner dimension is the zero matrix of the outer shape")
    func productEmptyInner() throws {
        let product = try Matrix.product(Matrix(rows: 2, columns: 0), Matrix(rows: 0, columns: 3))
        #expect(product == Matrix(rows: 2, columns: 3))
    }

    @Test("product with unequal inner dimensions throws a shape mismatch")
    func productShapeMismatch() throws {
        let a = try matrixA()
        #expect(
            throws: NumericError.shapeMismatch(
                operation: "Matrix.product", expected: "inner dimensions equal",
                got: "2×3 times 2×3")
        ) { _ = try Matrix.product(a, a) }
        // Transposing the second operand makes the same pair fit: A·Aᵀ.
        let aat = try Matrix.product(a, a, transposeB: true)
        #expect(isClose(aat, try Matrix([[14, 32], [32, 77]]), tolerance: tolerance))
        #expect(throws: NumericError.self) {
            _ = try Matrix.product(a, a, transposeA: true, transposeB: true)
        }
    }

    // MARK: gemv

    @Test("multiplied(by:) computes matrix times vector")
    func gemv() throws {
        let a = try matrixA()
        #expect(isClose(try a.multiplied(by: [1, 1, 1]), [6, 15], tolerance: tolerance))
        #expect(isClose(try a.multiplied(by: [1, 0, -1]), [-2, -2], tolerance: tolerance))
    }

    @Test("multiplied(by:transposed:) computes the transpose times vector")
    func gemvTransposed() throws {
        let a = try matrixA()
        #expect(
            isClose(
                try a.multiplied(by: [1, 1], transposed: true), [5, 7, 9], tolerance: tolerance))
        #expect(
            isClose(
                try a.multiplied(by: [2, -1], transposed: true, alpha: 3), [-6, -3, 0],
                tolerance: tolerance))
    }

    @Test("multiplied(by:) agrees with product against a one-column matrix")
    func gemvMatchesGemm() throws {
        let b = try matrixB()
        let x = [0.5, -1.25]
        let viaGemm = try Matrix.product(b, try Matrix(rows: 2, columns: 1, values: x))
        #expect(isClose(try b.multiplied(by: x), viaGemm.storage, tolerance: tolerance))
    }

    @Test("multiplied(by:) refuses a vector of the wrong length")
    func gemvShapeMismatch() throws {
        let a = try matrixA()
        #expect(throws: NumericError.self) { _ = try a.multiplied(by: [1, 1]) }
        #expect(throws: NumericError.self) {
            _ = try a.multiplied(by: [1, 1, 1], transposed: true)
        }
        #expect(
            throws: NumericError.shapeMismatch(
                operation: "Matrix.multiplied(by:)", expected: "vector of length 3", got: "4")
        ) { _ = try a.multiplied(by: [1, 2, 3, 4]) }
    }

    // MARK: syrk

    @Test("gram(transpose: true) is AᵀA with both triangles filled")
    func gramTransposed() throws {
        let gram = try matrixA().gram()
        let expected = try Matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]])
        #expect(isClose(gram, expected, tolerance: tolerance))
        #expect(gram == gram.transposed())
    }

    @Test("gram(transpose: false) is AAᵀ scaled by alpha")
    func gramUntransposed() throws {
        let a = try matrixA()
        #expect(
            isClose(
                a.gram(transpose: false), try Matrix([[14, 32], [32, 77]]), tolerance: tolerance))
        #expect(
            isClose(
                a.gram(transpose: false, alpha: 0.5), try Matrix([[7, 16], [16, 38.5]]),
                tolerance: tolerance))
    }

    @Test("gram agrees with the general product on a rectangular matrix")
    func gramMatchesProduct() throws {
        var random = RandomSource(seed: 11)
        let values = (0..<(7 * 4)).map { _ in random.normal() }
        let x = try Matrix(rows: 7, columns: 4, values: values)
        let viaGemm = try Matrix.product(x, x, transposeA: true)
        #expect(isClose(x.gram(), viaGemm, tolerance: 1e-12))
        let outer = try Matrix.product(x, x, transposeB: true)
        #expect(isClose(x.gram(transpose: false), outer, tolerance: 1e-12))
    }

    @Test("gram of a matrix without rows is the zero matrix")
    func gramEmpty() {
        #expect(Matrix(rows: 0, columns: 3).gram() == Matrix(rows: 3, columns: 3))
    }

    // MARK: VectorMath

    @Test("dot, addScaled and squaredNorm give hand-computed values")
    func vectorMath() {
        #expect(isClose(VectorMath.dot([1, 2, 3], [4, 5, 6]), 32, tolerance: tolerance))
        #expect(VectorMath.dot([], []) == 0)
        var y = [1.0, 1, 1]
        VectorMath.addScaled([1, 2, 3], times: 2, to: &y)
        #expect(isClose(y, [3, 5, 7], tolerance: tolerance))
        #expect(isClose(VectorMath.squaredNorm([3, 4]), 25, tolerance: tolerance))
    }
}
