import AutoMLNumerics
import Testing

@Suite struct SobolPointsTests {
    @Test("the first 2^k shifted points put exactly one point in each 1/2^k slice of every axis")
    func stratification() throws {
        let points = try SobolPoints.points(count: 64, dimension: 5, seed: 42)
        #expect(points.rows == 64 && points.columns == 5)
        #expect(points.storage.allSatisfy { $0 > 0 && $0 < 1 })
        for j in 0..<5 {
            let slices = Set(points.column(j).map { Int($0 * 64) })
            #expect(slices.count == 64, "dimension \(j)")
        }
    }

    @Test("the same seed gives the same points, another seed another shift; skip continues the sequence")
    func seeds() throws {
        let a = try SobolPoints.points(count: 8, dimension: 3, seed: 1)
        let b = try SobolPoints.points(count: 8, dimension: 3, seed: 1)
        let c = try SobolPoints.points(count: 8, dimension: 3, seed: 2)
        #expect(a == b && a != c)
        let tail = try SobolPoints.points(count: 3, dimension: 3, skip: 5, seed: 1)
        #expect(tail.storage == Array(a.storage[15..<24]))
    }

    @Test("refuses a dimension beyond GSL's table")
    func dimensionLimit() {
        #expect(SobolPoints.maximumDimension >= 40)
        #expect(throws: NumericError.self) {
            _ = try SobolPoints.points(count: 1, dimension: SobolPoints.maximumDimension + 1, seed: 0)
        }
        #expect(throws: NumericError.self) { _ = try SobolPoints.points(count: 1, dimension: 0, seed: 0) }
    }
}
