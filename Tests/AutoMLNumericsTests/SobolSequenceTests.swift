@testable import AutoMLNumerics
import AutoMLTestSupport
import Foundation
import Testing

@Suite struct SobolSequenceTests {
    @Test("the plain sequence starts at the origin, then ½, then (¾, ¼) and (¼, ¾)")
    func plainStart() throws {
        let points = try SobolSequence.points(count: 4, dimension: 2)
        #expect(points.row(0) == [0, 0])
        #expect(points.row(1) == [0.5, 0.5])
        #expect(points.row(2) == [0.75, 0.25])
        #expect(points.row(3) == [0.25, 0.75])
    }

    @Test(
        "scrambled points: every elementary box of area 1/256 in the first two coordinates holds one of the first 256",
        arguments: [UInt64(0), 1, 42])
    func netProperty(seed: UInt64) throws {
        let points = try SobolSequence.points(count: 256, dimension: 2, seed: seed)
        for k in 0...8 {
            var counts = [Int](repeating: 0, count: 256)
            for row in 0..<256 {
                let a = Int(points[row, 0] * Double(1 << k))
                let b = Int(points[row, 1] * Double(1 << (8 - k)))
                counts[a * (1 << (8 - k)) + b] += 1
            }
            #expect(counts.allSatisfy { $0 == 1 }, "boxes 2^-\(k) × 2^-\(8 - k)")
        }
    }

    @Test(
        "every coordinate of the first 64 points of a 12-dimensional design falls one per 1/64 interval"
    )
    func stratifiedCoordinates() throws {
        let points = try SobolSequence.points(count: 64, dimension: 12, seed: 5)
        for coordinate in 0..<12 {
            let strata = Set((0..<64).map { Int(points[$0, coordinate] * 64) })
            #expect(strata.count == 64, "coordinate \(coordinate)")
        }
        #expect(points.storage.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test(
        "the centred L2 discrepancy of 128 scrambled points in 5-D is well below that of random points"
    )
    func lowDiscrepancy() throws {
        let sobol = centredDiscrepancy(try SobolSequence.points(count: 128, dimension: 5, seed: 3))
        var randomValues: [Double] = []
        for seed in 0..<10 {
            var random = RandomSource(seed: UInt64(seed))
            let matrix = try Matrix(
                rows: 128, columns: 5, values: (0..<640).map { _ in random.uniform() })
            randomValues.append(centredDiscrepancy(matrix))
        }
        let randomMean = randomValues.reduce(0, +) / 10
        #expect(sobol < 0.5 * randomMean, "Sobol \(sobol), random mean \(randomMean)")
    }

    @Test("same seed, same points; another seed, other points; prefixes and skips agree")
    func determinism() throws {
        let a = try SobolSequence.points(count: 20, dimension: 5, seed: 9)
        #expect(a == (try SobolSequence.points(count: 20, dimension: 5, seed: 9)))
        #expect(a != (try SobolSequence.points(count: 20, dimension: 5, seed: 10)))
        // The first three coordinates do not depend on how many were asked for.
        let narrow = try SobolSequence.points(count: 20, dimension: 3, seed: 9)
        for row in 0..<20 { #expect(Array(a.row(row).prefix(3)) == narrow.row(row)) }
        // Point i is point i, whatever is skipped.
        let tail = try SobolSequence.points(count: 4, dimension: 5, seed: 9, skip: 16)
        for row in 0..<4 { #expect(tail.row(row) == a.row(16 + row)) }
        // Scrambling moves the origin.
        #expect(a.row(0) != [0, 0, 0, 0, 0])
    }

    @Test("dimensions outside 1…40 and negative counts are refused")
    func limits() throws {
        #expect(SobolSequence.maximumDimension == 40)
        #expect(throws: NumericError.self) {
            try SobolSequence.points(count: 1, dimension: 41, seed: 0)
        }
        #expect(throws: NumericError.self) { try SobolSequence.points(count: 1, dimension: 0) }
        #expect(throws: NumericError.self) { try SobolSequence.points(count: -1, dimension: 2) }
        #expect((try SobolSequence.points(count: 0, dimension: 40, seed: 1)).rows == 0)
        let wide = try SobolSequence.points(count: 8, dimension: 40, seed: 1)
        #expect(wide.storage.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    /// Hickernell's centred L2 discrepancy (squared), lower is more uniform.
    private func centredDiscrepancy(_ x: Matrix) -> Double {
        let n = x.rows
        let d = x.columns
        var first = 0.0
        var second = 0.0
        for i in 0..<n {
            var product = 1.0
            for k in 0..<d {
                let z = abs(x[i, k] - 0.5)
                product *= 1 + 0.5 * z - 0.5 * z * z
            }
            first += product
            for j in 0..<n {
                var pair = 1.0
                for k in 0..<d {
                    pair *=
                        1 + 0.5 * abs(x[i, k] - 0.5) + 0.5 * abs(x[j, k] - 0.5) - 0.5
                        * abs(x[i, k] - x[j, k])
                }
                second += pair
            }
        }
        return pow(13.0 / 12.0, Double(d)) - 2 / Double(n) * first + second / Double(n * n)
    }

    @Test(
        "the byte-table scramble equals the parity definition y_i = parity(x & row_i), plus the shift"
    )
    func scrambleByTables() {
        var random = RandomSource(seed: 21)
        for coordinate in 0..<4 {
            let scramble = DigitScramble(seed: 99, coordinate: coordinate)
            let zeroImage = scramble.apply(0)  // L·0 = 0, so this is the shift
            for _ in 0..<2000 {
                let x = UInt32(truncatingIfNeeded: random.next()) & ((1 << 30) - 1)
                var y: UInt32 = 0
                for digit in 0..<30 where (x & scramble.rows[digit]).nonzeroBitCount & 1 == 1 {
                    y |= 1 << UInt32(29 - digit)
                }
                #expect(scramble.apply(x) == y ^ zeroImage)
            }
        }
    }
}
