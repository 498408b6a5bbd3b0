import AutoMLNumerics
import Foundation

/// A Gaussian-process regression posterior with a zero prior mean and a ``MaternKernel``
/// (Rasmussen & Williams 2006, Algorithm 2.1), conditioned on observations `(X, y)` with
/// Gaussian noise of variance `ν`:
///
///     L = chol(K + νI),  α = Lᵀ \ (L \ y)
///     μ(x) = k(x)ᵀ α,    σ²(x) = s − ‖L \ k(x)‖²
///
/// `σ²` is the variance of the latent function, without the noise, which is what expected
/// improvement needs. Targets are expected standardized (mean 0, variance about 1), inputs
/// in the unit cube.
///
/// The factor is built block by block in a fixed order (see ``blockSize``), so a model grown
/// from a cached factor of the first rows equals, bit for bit, one built from scratch; pending
/// points are added with ``conditioned(on:value:)`` in O(n²).
public struct GaussianProcess: Sendable {
    /// The hyperparameters the model was built with.
    public let hyperparameters: GPHyperparameters
    /// The kernel of ``hyperparameters``.
    public let kernel: MaternKernel
    /// `X`, `n × D`.
    public let inputs: Matrix
    /// `X / ℓ`.
    let scaledInputs: Matrix
    /// `y`, length `n`.
    public let targets: [Double]
    /// `chol(K + νI)`.
    public let factor: Cholesky
    /// `α = (K + νI)⁻¹ y`.
    let weights: [Double]

    /// Rows per block of the factor: row blocks `0..<64`, `64..<128`, … are appended in turn.
    public static let blockSize = 64

    /// The posterior given observations.
    /// - Parameters:
    ///   - inputs: `X`, one observation per row (`n × D`, `D` = `hyperparameters.dimension`).
    ///   - targets: `y`, length `n`.
    ///   - hyperparameters: kernel and noise.
    ///   - prefix: optionally, the factor of the first rows of `K + νI` for the same
    ///     hyperparameters, built by this type; its leading whole blocks are reused.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` for inconsistent
    ///   shapes, ``NumericError/notPositiveDefinite(size:largestJitter:)`` when even jitter
    ///   escalation cannot factorize the kernel matrix.
    /// - Complexity: O(n³/3) from scratch; O(b·n²) with a prefix covering all but `b` rows.
    public init(
        inputs: Matrix, targets: [Double], hyperparameters: GPHyperparameters,
        prefix: Cholesky? = nil
    ) throws(NumericError) {
        guard inputs.rows == targets.count, inputs.columns == hyperparameters.dimension else {
            throw .shapeMismatch(
                operation: "GaussianProcess",
                expected: "\(targets.count) rows of \(hyperparameters.dimension) inputs",
                got: "\(inputs.rows)×\(inputs.columns)")
        }
        let kernel = hyperparameters.kernel
        let scaled = kernel.scaled(inputs)
        let factor = try Self.blockFactor(
            scaled: scaled, kernel: kernel, noise: hyperparameters.noiseVariance, prefix: prefix)
        try self.init(
            hyperparameters: hyperparameters, inputs: inputs, scaledInputs: scaled,
            targets: targets,
            factor: factor)
    }

    private init(
        hyperparameters: GPHyperparameters, inputs: Matrix, scaledInputs: Matrix, targets: [Double],
        factor: Cholesky
    ) throws(NumericError) {
        self.hyperparameters = hyperparameters
        self.kernel = hyperparameters.kernel
        self.inputs = inputs
        self.scaledInputs = scaledInputs
        self.targets = targets
        self.factor = factor
        self.weights = try factor.solve(targets)
    }

    /// The number of observations `n`.
    public var count: Int { targets.count }

    /// Posterior mean and latent variance at each row of `points` (`m × D`), batched: one
    /// cross-covariance matrix, one `dgemv` for the means and one `dtrsm` for the variances.
    /// - Throws: ``NumericError/shapeMismatch(operation:expected:got:)`` for a wrong width.
    /// - Complexity: O(n·m·D + n²·m).
    public func predict(_ points: Matrix) throws(NumericError) -> (
        mean: [Double], variance: [Double]
    ) {
        guard points.columns == inputs.columns else {
            throw .shapeMismatch(
                operation: "GaussianProcess.predict", expected: "\(inputs.columns) columns",
                got: "\(points.columns)")
        }
        let m = points.rows
        let s = kernel.signalVariance
        guard count > 0 else {
            return ([Double](repeating: 0, count: m), [Double](repeating: s, count: m))
        }
        var solved = kernel.crossCovariance(scaled: scaledInputs, kernel.scaled(points))
        let mean = try solved.multiplied(by: weights, transposed: true)
        try factor.solveLower(inPlace: &solved)
        var variance = [Double](repeating: 0, count: m)
        solved.storage.withUnsafeBufferPointer { pv in
            variance.withUnsafeMutableBufferPointer { out in
                for a in 0..<count {
                    let row = a * m
                    for b in 0..<m { out[b] += pv[row + b] * pv[row + b] }
                }
                for b in 0..<m { out[b] = Self.clampedVariance(s - out[b], signal: s) }
            }
        }
        return (mean, variance)
    }

    /// Posterior mean and latent variance at one point with their gradients in the inputs
    /// (for gradient-based refinement of an acquisition function):
    ///
    ///     ∂μ/∂xⱼ = Σₐ αₐ ∂kₐ/∂xⱼ,   ∂σ²/∂xⱼ = −2 Σₐ βₐ ∂kₐ/∂xⱼ,   β = (K + νI)⁻¹ k(x)
    ///
    /// with `∂kₐ/∂xⱼ = −2 s·κ(rₐ)·(xⱼ − xₐⱼ)/ℓⱼ²`, `κ` the kernel's slope in `r²`.
    /// - Complexity: O(n² + n·D).
    public func predictionWithGradient(at point: [Double]) -> PointPrediction {
        let d = inputs.columns
        let s = kernel.signalVariance
        guard count > 0 else {
            return PointPrediction(
                mean: 0, variance: s, meanGradient: [Double](repeating: 0, count: d),
                varianceGradient: [Double](repeating: 0, count: d))
        }
        let z = kernel.scaled(point)
        var k = [Double](repeating: 0, count: count)
        var slopes = [Double](repeating: 0, count: count)
        z.withUnsafeBufferPointer { pz in
            scaledInputs.storage.withUnsafeBufferPointer { px in
                k.withUnsafeMutableBufferPointer { pk in
                    slopes.withUnsafeMutableBufferPointer { ps in
                        guard let slopeStart = ps.baseAddress else {
                            preconditionFailure("count > 0 (checked above)")
                        }
                        // Distances into `k`, exponentials into `slopes` (one vector call), then both values.
                        for a in 0..<count {
                            pk[a] = MaternKernel.distance(pz, 0, px, a, d)
                            ps[a] = -kernel.rate * pk[a]
                        }
                        VectorMath.exponentiate(slopeStart, count: count)
                        for a in 0..<count {
                            let (r, e) = (pk[a], ps[a])
                            pk[a] = s * kernel.correlation(distance: r, exponential: e)
                            ps[a] = s * kernel.slope(distance: r, exponential: e)
                        }
                    }
                }
            }
        }
        var mean = 0.0
        for a in 0..<count { mean += k[a] * weights[a] }
        // Shapes are consistent by construction; a failed solve cannot happen here.
        let v = (try? factor.solveLower(k)) ?? k
        let beta = (try? factor.solveUpper(v)) ?? k
        let variance = Self.clampedVariance(s - VectorMath.squaredNorm(v), signal: s)
        var meanGradient = [Double](repeating: 0, count: d)
        var varianceGradient = [Double](repeating: 0, count: d)
        scaledInputs.storage.withUnsafeBufferPointer { px in
            for a in 0..<count {
                let u = weights[a] * slopes[a]
                let w = beta[a] * slopes[a]
                for j in 0..<d {
                    let delta = z[j] - px[a * d + j]
                    meanGradient[j] += u * delta
                    varianceGradient[j] += w * delta
                }
            }
        }
        let lengthscales = kernel.lengthscales
        for j in 0..<d {
            // ∂kₐ/∂xⱼ = −2·slope·(zⱼ − zₐⱼ)/ℓⱼ.
            meanGradient[j] *= -2 / lengthscales[j]
            varianceGradient[j] *= 4 / lengthscales[j]
        }
        return PointPrediction(
            mean: mean, variance: variance, meanGradient: meanGradient,
            varianceGradient: varianceGradient)
    }

    /// The posterior after also observing `value` at `point`: one more row of the factor
    /// (`Cholesky.appending(column:diagonal:)`), hyperparameters unchanged. With `value` the
    /// current mean at `point` this is a *kriging believer* fantasy: the mean stays the same
    /// and the variance shrinks around `point`.
    /// - Throws: ``NumericError/notPositiveDefinite(size:largestJitter:)`` if the new pivot is
    ///   not positive (only possible with a noise variance below the floor).
    /// - Complexity: O(n² + n·D).
    public func conditioned(on point: [Double], value: Double) throws(NumericError)
        -> GaussianProcess
    {
        guard point.count == inputs.columns else {
            throw .shapeMismatch(
                operation: "GaussianProcess.conditioned", expected: "\(inputs.columns) inputs",
                got: "\(point.count)")
        }
        let z = kernel.scaled(point)
        let d = inputs.columns
        let s = kernel.signalVariance
        var k = [Double](repeating: 0, count: count)
        z.withUnsafeBufferPointer { pz in
            scaledInputs.storage.withUnsafeBufferPointer { px in
                for a in 0..<count {
                    k[a] = s * kernel.correlation(distance: MaternKernel.distance(pz, 0, px, a, d))
                }
            }
        }
        let grown = try factor.appending(column: k, diagonal: s + hyperparameters.noiseVariance)
        let newInputs = try Matrix(rows: count + 1, columns: d, values: inputs.storage + point)
        let newScaled = try Matrix(rows: count + 1, columns: d, values: scaledInputs.storage + z)
        return try GaussianProcess(
            hyperparameters: hyperparameters, inputs: newInputs, scaledInputs: newScaled,
            targets: targets + [value], factor: grown)
    }

    /// The posterior mean at the observations, `μ(X) = K α = y − ν α` (the noise-free kernel
    /// times the weights), without a prediction.
    public var fittedMeans: [Double] {
        let noise = hyperparameters.noiseVariance
        return zip(targets, weights).map { $0 - noise * $1 }
    }

    /// Variances below a tiny fraction of the signal variance are rounding noise.
    @inline(__always)
    static func clampedVariance(_ v: Double, signal: Double) -> Double {
        max(v, 1e-12 * signal)
    }
}

/// The posterior at one point with gradients in the inputs.
public struct PointPrediction: Sendable, Equatable {
    public var mean: Double
    /// Latent variance (noise excluded).
    public var variance: Double
    public var meanGradient: [Double]
    public var varianceGradient: [Double]
}
