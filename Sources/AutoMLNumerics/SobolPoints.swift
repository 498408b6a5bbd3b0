import CGSLOpenBLAS

/// Points of the Sobol low-discrepancy sequence in `[0, 1)^d` (GSL `gsl_qrng_sobol`, Antonov &
/// Saleev's Gray-code construction, up to ``maximumDimension`` dimensions), randomized by a
/// seeded *digital shift*: every coordinate's 30-bit expansion is XOR-ed with a random word per
/// dimension. The shift keeps the (t, m, s)-net structure, so any 2^m consecutive points from
/// the start still stratify the cube, but removes the corner point 0 and makes different seeds
/// give different designs.
///
/// Used by the GP sampler for its initial design and acquisition candidates.
public enum SobolPoints {
    /// The largest dimension GSL's Sobol generator supports.
    public static var maximumDimension: Int {
        Int(cgsl_qrng_max_dimension(cgsl_qrng_sobol()))
    }

    /// Points `skip ..< skip + count` of the digitally shifted sequence, one per row.
    /// - Parameters:
    ///   - count: rows to return.
    ///   - dimension: columns, `1...maximumDimension`.
    ///   - skip: points of the sequence to pass over first (so consecutive calls continue it).
    ///   - seed: selects the digital shift; the same seed gives the same points.
    /// - Throws: ``NumericError/invalidArgument(name:value:expected:)`` for a dimension out of
    ///   range or a negative count or skip; ``NumericError/gsl(status:function:)`` when GSL
    ///   cannot allocate the generator.
    /// - Complexity: O((skip + count) · dimension).
    public static func points(
        count: Int, dimension: Int, skip: Int = 0, seed: UInt64
    ) throws(NumericError) -> Matrix {
        GSLRuntime.prepare()
        guard dimension >= 1, dimension <= maximumDimension else {
            throw .invalidArgument(
                name: "dimension", value: "\(dimension)",
                expected: "between 1 and \(maximumDimension) for the Sobol sequence")
        }
        guard count >= 0, skip >= 0 else {
            throw .invalidArgument(
                name: "count/skip", value: "\(count)/\(skip)", expected: "non-negative")
        }
        guard let generator = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(dimension)) else {
            throw .gsl(status: Int32(GSL_ENOMEM), function: "gsl_qrng_alloc")
        }
        defer { gsl_qrng_free(generator) }

        var random = RandomSource(seed: seed)
        let bits = 30
        let scale = Double(1 << bits)
        let shifts = (0..<dimension).map { _ in UInt32(truncatingIfNeeded: random.next() >> 34) }
        var result = Matrix(rows: count, columns: dimension)
        var point = [Double](repeating: 0, count: dimension)
        // GSL starts at the sequence's second point; the first is the origin. Putting the origin
        // back makes every leading 2^m points a (t, m, s)-net, so they stratify the cube.
        if skip > 1 {
            for _ in 0..<(skip - 1) { _ = gsl_qrng_get(generator, &point) }
        }
        result.storage.withUnsafeMutableBufferPointer { out in
            for row in 0..<count {
                if row + skip == 0 {
                    for j in 0..<dimension { point[j] = 0 }
                } else {
                    _ = gsl_qrng_get(generator, &point)
                }
                for j in 0..<dimension {
                    let word = UInt32(min(max(point[j] * scale, 0), scale - 1))
                    out[row * dimension + j] = (Double(word ^ shifts[j]) + 0.5) / scale
                }
            }
        }
        return result
    }
}
