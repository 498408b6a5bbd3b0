import AutoMLNumerics
import Foundation

/// The Matérn-5/2 covariance with one lengthscale per input dimension (ARD):
///
///     k(x, x′) = s · (1 + √5·r + 5r²/3) · exp(−√5·r),   r² = Σⱼ (xⱼ − x′ⱼ)² / ℓⱼ²
///
/// (Rasmussen & Williams, *Gaussian Processes for Machine Learning*, 2006, eq. 4.17), with
/// signal variance `s` and lengthscales `ℓ`. Twice differentiable, it is the usual default for
/// Bayesian optimization (Snoek, Larochelle & Adams 2012).
///
/// Every routine works on *scaled* inputs `z = x / ℓ` (see ``scaled(_:)``), so a distance
/// costs one subtraction and one multiply-add per dimension.
public struct Matern52Kernel: Sendable, Equatable {
    /// `ℓ`, one per input dimension, all positive.
    public var lengthscales: [Double]
    /// `s = k(x, x)`.
    public var signalVariance: Double

    /// √5.
    static let rootFive = 2.2360679774997896964  // √5, as a literal so it folds into the loops

    /// A kernel with the given lengthscales and signal variance.
    public init(lengthscales: [Double], signalVariance: Double) {
        self.lengthscales = lengthscales
        self.signalVariance = signalVariance
    }

    /// The correlation `k/s` at scaled distance `r`.
    @inline(__always)
    public static func correlation(distance r: Double) -> Double {
        correlation(distance: r, exponential: exp(-rootFive * r))
    }

    /// The correlation at scaled distance `r` given `e = exp(−√5·r)`, which callers that also
    /// need the slope (or compute many exponentials in one vector call) pass in.
    @inline(__always)
    static func correlation(distance r: Double, exponential e: Double) -> Double {
        (1 + rootFive * r + 5.0 / 3.0 * r * r) * e
    }

    /// `−(1/s)·∂k/∂(r²)` at scaled distance `r` given `e = exp(−√5·r)`:
    /// `(5/6)(1 + √5·r)·e`, finite at 0. The derivative of the covariance in an input or a log
    /// lengthscale is this times the derivative of `r²`.
    @inline(__always)
    static func slope(distance r: Double, exponential e: Double) -> Double {
        5.0 / 6.0 * (1 + rootFive * r) * e
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
        covarianceAndSlopes(scaled: z, diagonalNoise: diagonalNoise).covariance
    }

    /// The covariance matrix (as ``covariance(scaled:diagonalNoise:)``) and, in the strict lower
    /// triangle of the second matrix, `s·κ(r)` for every pair (``slope(distance:exponential:)``), which the
    /// log-marginal-likelihood gradient needs. One row at a time: the distances, their
    /// exponentials in one vector call (both Matérn terms share `exp(−√5·r)`), then both values.
    /// - Complexity: O(n²·D).
    func covarianceAndSlopes(scaled z: Matrix, diagonalNoise: Double) -> (covariance: Matrix, slopes: Matrix) {
        let n = z.rows
        let d = z.columns
        let s = signalVariance
        var k = Matrix(rows: n, columns: n)
        var slopes = Matrix(rows: n, columns: n)
        var exponentials = [Double](repeating: 0, count: n)
        let columns = z.transposed()
        z.storage.withUnsafeBufferPointer { pz in
            columns.storage.withUnsafeBufferPointer { pc in
                k.storage.withUnsafeMutableBufferPointer { pk in
                    slopes.storage.withUnsafeMutableBufferPointer { ps in
                        exponentials.withUnsafeMutableBufferPointer { pe in
                            for a in 0..<n {
                                pk[a * n + a] = s + diagonalNoise
                                guard a > 0 else { continue }
                                // Distances to the rows before `a`, into the slope row for now.
                                let distances = ps.baseAddress! + a * n
                                VectorMath.distances(
                                    from: pz.baseAddress! + a * d, toColumns: pc.baseAddress!, stride: n,
                                    count: a, dimension: d, into: distances)
                                for b in 0..<a { pe[b] = -Self.rootFive * distances[b] }
                                VectorMath.exponentiate(pe.baseAddress!, count: a)
                                for b in 0..<a {
                                    let r = distances[b]
                                    let value = s * Self.correlation(distance: r, exponential: pe[b])
                                    pk[a * n + b] = value
                                    pk[b * n + a] = value
                                    distances[b] = s * Self.slope(distance: r, exponential: pe[b])
                                }
                            }
                        }
                    }
                }
            }
        }
        return (k, slopes)
    }

    /// The `n × m` cross-covariance `k(zₐ, cᵦ)` of scaled training inputs `z` (`n × D`) and
    /// scaled candidates `c` (`m × D`): one column per candidate, ready for a triangular
    /// solve against the training factor.
    /// - Complexity: O(n·m·D).
    public func crossCovariance(scaled z: Matrix, _ c: Matrix) -> Matrix {
        let n = z.rows
        let m = c.rows
        let d = z.columns
        let s = signalVariance
        var k = Matrix(rows: n, columns: m)
        var exponentials = [Double](repeating: 0, count: m)
        let columns = c.transposed()
        z.storage.withUnsafeBufferPointer { pz in
            columns.storage.withUnsafeBufferPointer { pc in
                k.storage.withUnsafeMutableBufferPointer { pk in
                    exponentials.withUnsafeMutableBufferPointer { pe in
                        guard m > 0 else { return }
                        for a in 0..<n {
                            let row = pk.baseAddress! + a * m
                            VectorMath.distances(
                                from: pz.baseAddress! + a * d, toColumns: pc.baseAddress!, stride: m,
                                count: m, dimension: d, into: row)
                            for b in 0..<m { pe[b] = -Self.rootFive * row[b] }
                            VectorMath.exponentiate(pe.baseAddress!, count: m)
                            for b in 0..<m {
                                row[b] = s * Self.correlation(distance: row[b], exponential: pe[b])
                            }
                        }
                    }
                }
            }
        }
        return k
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
