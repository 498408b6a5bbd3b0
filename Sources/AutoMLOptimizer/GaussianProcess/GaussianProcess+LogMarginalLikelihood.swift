import AutoMLNumerics
import Foundation

extension GaussianProcess {
    /// The log marginal likelihood `log p(y | X, θ)` and its gradient in the order of
    /// ``GPHyperparameters/vector`` (Rasmussen & Williams 2006, eqs. 5.8 and 5.9):
    ///
    ///     log p = −½ yᵀα − Σ log Lᵢᵢ − (n/2) log 2π
    ///     ∂ log p / ∂θ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ)
    ///
    /// with, writing `W = ααᵀ − K⁻¹` and `κ(r)` the Matérn slope in `r²`:
    /// - `∂K/∂ log s = K − νI`,
    /// - `∂K/∂ρ = exp(ρ)·I`,
    /// - `∂Kₐᵦ/∂ log ℓⱼ = 2 s κ(rₐᵦ) (zₐⱼ − zᵦⱼ)²` (the scaled squared distance in dimension `j`).
    ///
    /// - Throws: ``NumericError`` when the shapes disagree or the kernel matrix cannot be
    ///   factorized.
    /// - Complexity: O(n³ + n²·D).
    public static func logMarginalLikelihood(
        inputs: Matrix, targets: [Double], hyperparameters: GPHyperparameters
    ) throws(NumericError) -> (value: Double, gradient: [Double]) {
        let n = inputs.rows
        let d = inputs.columns
        guard targets.count == n, hyperparameters.dimension == d else {
            throw .shapeMismatch(
                operation: "GaussianProcess.logMarginalLikelihood",
                expected: "\(n) targets and \(d) lengthscales",
                got: "\(targets.count) and \(hyperparameters.dimension)")
        }
        let kernel = hyperparameters.kernel
        let s = kernel.signalVariance
        let noise = hyperparameters.noiseVariance
        let z = kernel.scaled(inputs)

        // Covariance K + νI and the slopes κ(r)·s of every pair, in one pass.
        let columns = z.transposed()
        let (k, slopes) = kernel.covarianceAndSlopes(
            scaled: z, columns: columns, diagonalNoise: noise)
        let factor = try Cholesky(k)
        let alpha = try factor.solve(targets)
        let value =
            -0.5 * VectorMath.dot(targets, alpha) - 0.5 * factor.logDeterminant
            - 0.5 * Double(n) * log(2 * Double.pi)

        // W = ααᵀ − K⁻¹; only the lower triangle and the diagonal are needed (W is symmetric).
        let inverse = try factor.inverse()
        var gradient = [Double](repeating: 0, count: d + 2)
        var signalSum = 0.0
        var trace = 0.0
        // Per row a: the weights 2·W·sκ of the pairs (a, b < a), then every lengthscale's
        // share Σ_b weight·Δ² in one vectorized pass over the coordinate-major inputs.
        var weights = [Double](repeating: 0, count: n)
        z.storage.withUnsafeBufferPointer { pz in
            columns.storage.withUnsafeBufferPointer { pc in
                k.storage.withUnsafeBufferPointer { pk in
                    slopes.storage.withUnsafeBufferPointer { ps in
                        inverse.storage.withUnsafeBufferPointer { pinv in
                            weights.withUnsafeMutableBufferPointer { pw in
                                gradient.withUnsafeMutableBufferPointer { g in
                                    // Without points there is nothing to add.
                                    guard let weightStart = pw.baseAddress else { return }
                                    guard let zStart = pz.baseAddress,
                                        let columnStart = pc.baseAddress,
                                        let gradientStart = g.baseAddress
                                    else {
                                        preconditionFailure(
                                            "an array's buffer has an address even when empty")
                                    }
                                    for a in 0..<n {
                                        let wDiagonal = alpha[a] * alpha[a] - pinv[a * n + a]
                                        trace += wDiagonal
                                        signalSum += wDiagonal * s
                                        guard a > 0 else { continue }
                                        for b in 0..<a {
                                            let w = alpha[a] * alpha[b] - pinv[a * n + b]
                                            signalSum += 2 * w * pk[a * n + b]
                                            // ½ · 2 (both triangles) · W · 2sκ.
                                            pw[b] = 2 * w * ps[a * n + b]
                                        }
                                        VectorMath.addWeightedSquaredDifferences(
                                            from: zStart + a * d,
                                            toColumns: columnStart, stride: n,
                                            count: a, dimension: d, weights: weightStart,
                                            into: gradientStart)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        gradient[d] = 0.5 * signalSum
        gradient[d + 1] = 0.5 * trace * exp(hyperparameters.rawNoise)
        return (value, gradient)
    }

    /// `−(log p(y | X, θ) + log prior(θ))` and its gradient, the objective of the MAP fit;
    /// `nil` when the kernel matrix cannot be factorized at `θ`.
    static func negativeLogPosterior(
        inputs: Matrix, targets: [Double], hyperparameters: GPHyperparameters,
        prior: HyperparameterPrior
    ) -> (value: Double, gradient: [Double])? {
        guard
            let likelihood = try? logMarginalLikelihood(
                inputs: inputs, targets: targets, hyperparameters: hyperparameters)
        else { return nil }
        let density = prior.logDensity(hyperparameters)
        let gradient = zip(likelihood.gradient, density.gradient).map { -($0 + $1) }
        return (-(likelihood.value + density.value), gradient)
    }
}
