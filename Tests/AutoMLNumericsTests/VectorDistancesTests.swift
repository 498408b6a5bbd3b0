import Testing

@testable import AutoMLNumerics

@Suite struct VectorDistancesTests {
    /// Distances from one point to `count` points of a coordinate-major `dimension × stride`
    /// block, by the dispatched or the portable version.
    private func distances(
        _ point: [Double], _ columns: [Double], stride: Int, count: Int, portable: Bool
    ) throws -> [Double] {
        var out = [Double](repeating: .nan, count: count)
        try point.withUnsafeBufferPointer { p in
            try columns.withUnsafeBufferPointer { c in
                try out.withUnsafeMutableBufferPointer { o in
                    let from = try #require(p.baseAddress)
                    let to = try #require(c.baseAddress)
                    let into = try #require(o.baseAddress)
                    if portable {
                        VectorMath.portableDistances(
                            from: from, toColumns: to, stride: stride, count: count,
                            dimension: point.count, into: into)
                    } else {
                        VectorMath.distances(
                            from: from, toColumns: to, stride: stride, count: count,
                            dimension: point.count, into: into)
                    }
                }
            }
        }
        return out
    }

    @Test(
        "both versions equal the scalar sum in coordinate order to the bit, for every count and a wider stride"
    )
    func bitForBit() throws {
        var random = RandomSource(seed: 5)
        for dimension in [1, 3, 6, 11] {
            for count in [0, 1, 3, 4, 5, 8, 13, 37] {
                let stride = count + 3
                let point = (0..<dimension).map { _ in random.normal() * 10 }
                let columns = (0..<(dimension * stride)).map { _ in random.normal() * 10 }
                let expected = (0..<count).map { b in
                    var sum = 0.0
                    for j in 0..<dimension {
                        let delta = point[j] - columns[j * stride + b]
                        sum += delta * delta
                    }
                    return sum.squareRoot()
                }
                #expect(
                    try distances(point, columns, stride: stride, count: count, portable: false)
                        == expected)
                #expect(
                    try distances(point, columns, stride: stride, count: count, portable: true)
                        == expected)
            }
        }
        // A 3-4-5 triangle and a point to itself.
        #expect(
            try distances([0, 0], [3, 0, 4, 0], stride: 2, count: 2, portable: false) == [5, 0])
    }
}

@Suite struct WeightedSquaredDifferencesTests {
    @Test("both versions add Σ weight·Δ² per coordinate, equal to the scalar sum within rounding")
    func sums() {
        var random = RandomSource(seed: 9)
        for dimension in [1, 4, 7] {
            for count in [0, 1, 3, 4, 9, 30] {
                let stride = count + 2
                let point = (0..<dimension).map { _ in random.normal() }
                let columns = (0..<(dimension * stride)).map { _ in random.normal() }
                let weights = (0..<max(count, 1)).map { _ in random.normal() }
                let start = (0..<dimension).map { Double($0) }
                let expected = (0..<dimension).map { j in
                    start[j]
                        + (0..<count).reduce(0.0) { sum, b in
                            let delta = point[j] - columns[j * stride + b]
                            return sum + weights[b] * delta * delta
                        }
                }
                for portable in [false, true] {
                    var sums = start
                    point.withUnsafeBufferPointer { p in
                        columns.withUnsafeBufferPointer { c in
                            weights.withUnsafeBufferPointer { w in
                                sums.withUnsafeMutableBufferPointer { out in
                                    if portable {
                                        VectorMath.portableAddWeightedSquaredDifferences(
                                            from: p.baseAddress!, toColumns: c.baseAddress!,
                                            stride: stride,
                                            count: count, dimension: dimension,
                                            weights: w.baseAddress!,
                                            into: out.baseAddress!)
                                    } else {
                                        VectorMath.addWeightedSquaredDifferences(
                                            from: p.baseAddress!, toColumns: c.baseAddress!,
                                            stride: stride,
                                            count: count, dimension: dimension,
                                            weights: w.baseAddress!,
                                            into: out.baseAddress!)
                                    }
                                }
                            }
                        }
                    }
                    for j in 0..<dimension {
                        #expect(
                            abs(sums[j] - expected[j]) <= 1e-12 * max(1, abs(expected[j])),
                            "j \(j) count \(count)")
                    }
                }
            }
        }
    }
}
