import CGSLOpenBLAS

/// Scrambled Sobol points in the unit cube: GSL's `gsl_qrng_sobol` (Bratley & Fox 1988,
/// ACM TOMS algorithm 659) with Matoušek's random linear matrix scrambling and a random digital
/// shift, the scrambling scipy's `qmc.Sobol(scramble=True)` uses.
///
/// The sequence starts at the origin (GSL omits it; it is prepended here) so that the first
/// 2^m points form a (t, m, s)-net: in one dimension they fall one per interval of width 2^-m,
/// in the first two dimensions one per elementary box of area 2^-m. Scrambling keeps that
/// property, moves the points off the dyadic grid's corners (the unscrambled sequence starts
/// at 0, ½, ¾, ¼ in every coordinate), and makes different seeds give different designs.
///
/// Each coordinate's scramble is drawn from `RandomSource(seed:).child(coordinate)`, so the first
/// `k` coordinates of a point do not depend on how many more were asked for. GSL's Sobol holds
/// 30 bits per coordinate, so points are multiples of 2^-30 in `[0, 1)`, and it supports at
/// most ``maximumDimension`` (40) coordinates.
public enum SobolSequence {
    /// The most coordinates GSL's Sobol generator supports (40).
    public static var maximumDimension: Int { Int(cgsl_qrng_max_dimension(cgsl_qrng_sobol())) }

    /// The number of points GSL can produce (2^30).
    public static let maximumCount = 1 << 30

    /// Points `skip ..< skip + count` of the sequence as a `count × dimension` matrix, one point
    /// per row, every value in `[0, 1)`.
    ///
    /// There is no skip-ahead in GSL, so the skipped points are generated and dropped:
    /// O((skip + count) · dimension · 30) operations, a fraction of a millisecond per thousand
    /// points in 10 dimensions.
    /// - Parameters:
    ///   - count: how many points (≥ 0).
    ///   - dimension: coordinates per point, `1...maximumDimension`.
    ///   - seed: the scramble's seed; `nil` gives the plain (unscrambled) sequence, origin first.
    ///   - skip: how many leading points to leave out (≥ 0); point `i` of a seed is always the
    ///     same, so `skip: n, count: 1` is the point a sampler hands to the `n`-th trial.
    /// - Throws: ``NumericError/invalidArgument(name:value:expected:)`` for a dimension outside
    ///   `1...40` or a negative count, skip or more than 2^30 points;
    ///   ``NumericError/gsl(status:function:)`` if GSL fails.
    public static func points(
        count: Int, dimension: Int, seed: UInt64? = nil, skip: Int = 0
    ) throws(NumericError) -> Matrix {
        guard dimension >= 1, dimension <= maximumDimension else {
            throw .invalidArgument(
                name: "dimension", value: "\(dimension)",
                expected: "between 1 and \(maximumDimension)")
        }
        guard count >= 0 else {
            throw .invalidArgument(name: "count", value: "\(count)", expected: "≥ 0")
        }
        guard skip >= 0, skip <= maximumCount - count else {
            throw .invalidArgument(
                name: "skip", value: "\(skip)", expected: "≥ 0 with skip + count ≤ 2^30")
        }
        GSLRuntime.prepare()
        var result = Matrix(rows: count, columns: dimension)
        guard count > 0 else { return result }
        guard let generator = gsl_qrng_alloc(cgsl_qrng_sobol(), UInt32(dimension)) else {
            throw .gsl(status: 8, function: "gsl_qrng_alloc")  // GSL_ENOMEM
        }
        defer { gsl_qrng_free(generator) }
        let scramblers = seed.map { seed in
            (0..<dimension).map { DigitScramble(seed: seed, coordinate: $0) }
        }
        var point = [Double](repeating: 0, count: dimension)
        try result.storage.withUnsafeMutableBufferPointer { (output) throws(NumericError) in
            for index in 0..<(skip + count) {
                if index > 0 {  // index 0 is the origin
                    try checkGSL(gsl_qrng_get(generator, &point), in: "gsl_qrng_get")
                }
                guard index >= skip else { continue }
                let row = (index - skip) * dimension
                for coordinate in 0..<dimension {
                    var digits = UInt32(point[coordinate] * DigitScramble.scale)
                    if let scramblers { digits = scramblers[coordinate].apply(digits) }
                    output[row + coordinate] = Double(digits) / DigitScramble.scale
                }
            }
        }
        return result
    }
}

/// One coordinate's scramble: y = L·x ⊕ e over GF(2) on the 30 binary digits of x, with L a
/// random lower-triangular matrix with unit diagonal (Matoušek 1998, "On the L2-discrepancy for
/// anchored boxes") and e a random digital shift.
struct DigitScramble: Sendable {
    static let bitCount = 30
    static let scale = Double(1 << bitCount)

    /// Row `i` of L as a mask over x's bits: output digit `i` (weight 2^-(i+1), bit 29 − i) is
    /// the parity of `x & rows[i]`; it reads digit `i` itself and a random subset of the more
    /// significant digits.
    let rows: [UInt32]
    private let shift: UInt32
    /// `L·x` by bytes of x: entry `256·t + b` is the XOR of L's columns for the set bits of byte
    /// value `b` at byte `t` (L is linear over GF(2)), so a scramble is four lookups.
    private let byteTable: [UInt32]

    init(seed: UInt64, coordinate: Int) {
        var random = RandomSource(seed: seed).child(UInt64(coordinate))
        let all = UInt32((1 << Self.bitCount) - 1)
        let rows = (0..<Self.bitCount).map { digit in
            let own = UInt32(1) << UInt32(Self.bitCount - 1 - digit)
            let moreSignificant = all & ~((own << 1) &- 1)
            return own | (UInt32(truncatingIfNeeded: random.next()) & moreSignificant)
        }
        self.rows = rows
        shift = UInt32(truncatingIfNeeded: random.next()) & all
        // Column j of L: the output bits whose row reads input bit j.
        var columns = [UInt32](repeating: 0, count: 32)
        for (digit, row) in rows.enumerated() {
            for j in 0..<Self.bitCount where row & (UInt32(1) << UInt32(j)) != 0 {
                columns[j] |= UInt32(1) << UInt32(Self.bitCount - 1 - digit)
            }
        }
        var table = [UInt32](repeating: 0, count: 4 * 256)
        for t in 0..<4 {
            for b in 1..<256 {
                let lowest = b.trailingZeroBitCount
                table[256 * t + b] = table[256 * t + (b & (b - 1))] ^ columns[8 * t + lowest]
            }
        }
        byteTable = table
    }

    /// `L·x ⊕ e` for `x < 2^30`.
    func apply(_ x: UInt32) -> UInt32 {
        byteTable.withUnsafeBufferPointer { t in
            t[Int(x & 0xFF)] ^ t[256 + Int((x >> 8) & 0xFF)] ^ t[512 + Int((x >> 16) & 0xFF)]
                ^ t[768 + Int(x >> 24)] ^ shift
        }
    }
}
