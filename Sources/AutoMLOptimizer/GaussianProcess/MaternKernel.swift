import AutoMLNumerics
import Foundation

/// A Matérn covariance with one lengthscale per input dimension (ARD), of smoothness ν = 5/2
/// (the default) or ν = 3/2:
///
///     k(x, x′) = s · (1 + √5·r + 5r²/3) · exp(−√5·r)     (ν = 5/2)
///     k(x, x′) = s · (1 + √3·r) · exp(−√3·r)             (ν = 3/2),   r² = Σⱼ (xⱼ − x′ⱼ)² / ℓⱼ²
///
/// (Rasmussen & Williams, *Gaussian Processes for Machine Learning*, 2006, eqs. 4.16–4.17),
/// with signal variance `s` and lengthscales `ℓ`. The 5/2 kernel, twice differentiable, is the
/// usual default for Bayesian optimization (Snoek, Larochelle & Adams 2012); the 3/2 kernel,
/// once differentiable, models rougher functions and makes a more local search.
///
/// Every routine works on *scaled* inputs `z = x / ℓ` (see ``scaled(_:)``), so a distance
/// costs one subtraction and one multiply-add per dimension.
public struct MaternKernel: Sendable, Equatable {
    /// The smoothness ν of the sample paths.
    public enum Smoothness: String, Sendable, Equatable, Codable, CaseIterable {
        /// ν = 3/2: once differentiable.
        case threeHalves = "3/2"
        /// ν = 5/2: twice differentiable (the default).
        case fiveHalves = "5/2"

        /// `√(2ν)`: the rate of the exponential in the scaled distance.
        var rate: Double {
            switch self {
            case .threeHalves: 1.7320508075688772935  // √3
            case .fiveHalves: 2.2360679774997896964  // √5
            }
        }
    }

    /// `ℓ`, one per input dimension, all positive.
    public var lengthscales: [Double]
    /// `s = k(x, x)`.
    public var signalVariance: Double
    /// ν.
    public var smoothness: Smoothness

    /// A kernel with the given lengthscales, signal variance and smoothness.
    public init(
        lengthscales: [Double], signalVariance: Double, smoothness: Smoothness = .fiveHalves
    ) {
        self.lengthscales = lengthscales
        self.signalVariance = signalVariance
        self.smoothness = smoothness
    }

    /// `√(2ν)`.
    var rate: Double { smoothness.rate }

    /// The correlation `k/s` at scaled distance `r`.
    @inline(__always)
    public func correlation(distance r: Double) -> Double {
        correlation(distance: r, exponential: exp(-rate * r))
    }

    /// The correlation at scaled distance `r` given `e = exp(−√(2ν)·r)`, which callers that also
    /// need the slope (or compute many exponentials in one vector call) pass in.
    @inline(__always)
    func correlation(distance r: Double, exponential e: Double) -> Double {
        switch smoothness {
        case .fiveHalves: (1 + Smoothness.fiveHalves.rate * r + 5.0 / 3.0 * r * r) * e
        case .threeHalves: (1 + Smoothness.threeHalves.rate * r) * e
        }
    }

    /// `−(1/s)·∂k/∂(r²)` at scaled distance `r` given `e = exp(−√(2ν)·r)`: `(5/6)(1 + √5·r)·e`
    /// for ν = 5/2 and `(3/2)·e` for ν = 3/2, both finite at 0. The derivative of the covariance
    /// in an input or a log lengthscale is this times the derivative of `r²`.
    @inline(__always)
    func slope(distance r: Double, exponential e: Double) -> Double {
        switch smoothness {
        case .fiveHalves: 5.0 / 6.0 * (1 + Smoothness.fiveHalves.rate * r) * e
        case .threeHalves: 1.5 * e
        }
    }

    /// `x` with column `j` divided by `ℓⱼ` (`n × D`).
    public func scaled(_ x: Matrix) -> Matrix {
        var z = x
        let d = x.columns
        let inverse = lengthscales.map { 1 / $0 }
        z.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<x.rows {
                for j in 0..<d { p[i * d + j] *= inverse[j] }
            }
        }
        return z
    }

    /// `x / ℓ` for one point.
    public func scaled(_ x: [Double]) -> [Double] {
        zip(x, lengthscales).map { $0 / $1 }
    }

    /// The `n × n` covariance matrix of scaled inputs `z`, plus `diagonalNoise` on the diagonal.
    /// - Complexity: O(n²·D).
    public func covariance(scaled z: Matrix, diagonalNoise: Double = 0) -> Matrix {
        var k = Matrix(rows: z.rows, columns: z.rows)
        fillCovariance(
            &k, slopeRows: nil, scaled: z, columns: z.transposed(), diagonalNoise: diagonalNoise)
        return k
    }

    /// The covariance matrix (as ``covariance(scaled:diagonalNoise:)``) and, in the strict lower
    /// triangle of the second matrix, `s·κ(r)` for every pair (``slope(distance:exponential:)``),
    /// which the log-marginal-likelihood gradient needs.
    /// - Parameter columns: `zᵀ` (coordinate-major), which the caller also uses.
    /// - Complexity: O(n²·D).
    func covarianceAndSlopes(
        scaled z: Matrix, columns: Matrix, diagonalNoise: Double
    ) -> (covariance: Matrix, slopes: Matrix) {
        var k = Matrix(rows: z.rows, columns: z.rows)
        var slopes = Matrix(rows: z.rows, columns: z.rows)
        slopes.storage.withUnsafeMutableBufferPointer { ps in
            fillCovariance(
                &k, slopeRows: ps.baseAddress, scaled: z, columns: columns,
                diagonalNoise: diagonalNoise)
        }
        return (k, slopes)
    }

    /// Writes the covariance of `z` into `k` (`n × n`) and, when given, the slopes of the pairs
    /// into the strict lower triangle of the `n × n` storage at `slopeRows`: row by row, the part
    /// below the diagonal by ``fillRow(from:columns:stride:count:dimension:exponentials:values:slopes:)``,
    /// then mirrored.
    private func fillCovariance(
        _ k: inout Matrix, slopeRows: UnsafeMutablePointer<Double>?, scaled z: Matrix,
        columns: Matrix,
        diagonalNoise: Double
    ) {
        let n = z.rows
        let d = z.columns
        var exponentials = [Double](repeating: 0, count: n)
        z.storage.withUnsafeBufferPointer { pz in
            columns.storage.withUnsafeBufferPointer { pc in
                k.storage.withUnsafeMutableBufferPointer { pk in
                    exponentials.withUnsafeMutableBufferPointer { pe in
                        // Without points there is nothing to fill.
                        guard let kStart = pk.baseAddress, let exponentialStart = pe.baseAddress
                        else { return }
                        guard let zStart = pz.baseAddress, let columnStart = pc.baseAddress else {
                            preconditionFailure("an array's buffer has an address even when empty")
                        }
                        for a in 0..<n {
                            pk[a * n + a] = signalVariance + diagonalNoise
                            guard a > 0 else { continue }
                            fillRow(
                                from: zStart + a * d, columns: columnStart, stride: n,
                                count: a,
                                dimension: d, exponentials: exponentialStart,
                                values: kStart + a * n,
                                slopes: slopeRows.map { $0 + a * n })
                            for b in 0..<a { pk[b * n + a] = pk[a * n + b] }
                        }
                    }
                }
            }
        }
    }

    /// The `n × m` cross-covariance `k(zₐ, cᵦ)` of scaled training inputs `z` (`n × D`) and
    /// scaled candidates `c` (`m × D`): one column per candidate, ready for a triangular
    /// solve against the training factor.
    /// - Complexity: O(n·m·D).
    public func crossCovariance(scaled z: Matrix, _ c: Matrix) -> Matrix {
        let n = z.rows
        let m = c.rows
        let d = z.columns
        var k = Matrix(rows: n, columns: m)
        guard m > 0 else { return k }
        var exponentials = [Double](repeating: 0, count: m)
        let columns = c.transposed()
        z.storage.withUnsafeBufferPointer { pz in
            columns.storage.withUnsafeBufferPointer { pc in
                k.storage.withUnsafeMutableBufferPointer { pk in
                    exponentials.withUnsafeMutableBufferPointer { pe in
                        // Without training points there is nothing to fill.
                        guard let kStart = pk.baseAddress, let exponentialStart = pe.baseAddress
                        else { return }
                        guard let zStart = pz.baseAddress, let columnStart = pc.baseAddress else {
                            preconditionFailure("an array's buffer has an address even when empty")
                        }
                        for a in 0..<n {
                            fillRow(
                                from: zStart + a * d, columns: columnStart, stride: m,
                                count: m,
                                dimension: d, exponentials: exponentialStart,
                                values: kStart + a * m,
                                slopes: nil)
                        }
                    }
                }
            }
        }
        return k
    }

    /// One row of kernel values: `s·ρ(r)` from `point` to the first `count` points of the
    /// coordinate-major `columns` (`d × stride`) into `values` and, when given, `s·κ(r)` into
    /// `slopes`. The distances (``VectorMath/distances(from:toColumns:stride:count:dimension:into:)``)
    /// go into `values` first, their exponentials into `exponentials` in one vector call (both
    /// Matérn terms share `exp(−√(2ν)·r)`), then both values.
    @inline(__always)
    private func fillRow(
        from point: UnsafePointer<Double>, columns: UnsafePointer<Double>, stride: Int, count: Int,
        dimension d: Int, exponentials: UnsafeMutablePointer<Double>,
        values: UnsafeMutablePointer<Double>,
        slopes: UnsafeMutablePointer<Double>?
    ) {
        let s = signalVariance
        VectorMath.distances(
            from: point, toColumns: columns, stride: stride, count: count, dimension: d,
            into: values)
        let rate = self.rate
        for b in 0..<count { exponentials[b] = -rate * values[b] }
        VectorMath.exponentiate(exponentials, count: count)
        for b in 0..<count {
            let r = values[b]
            if let slopes { slopes[b] = s * slope(distance: r, exponential: exponentials[b]) }
            values[b] = s * correlation(distance: r, exponential: exponentials[b])
        }
    }

    /// The Euclidean distance between row `a` of `p` and row `b` of `q` (both `· × d`).
    @inline(__always)
    static func distance(
        _ p: UnsafeBufferPointer<Double>, _ a: Int, _ q: UnsafeBufferPointer<Double>, _ b: Int,
        _ d: Int
    ) -> Double {
        var sum = 0.0
        let pa = a * d
        let qb = b * d
        for j in 0..<d {
            let delta = p[pa + j] - q[qb + j]
            sum += delta * delta
        }
        return sum.squareRoot()
    }
}
