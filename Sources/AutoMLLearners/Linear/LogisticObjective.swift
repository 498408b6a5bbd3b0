import AutoMLNumerics
import Foundation

/// The weighted logistic (cross-entropy) loss of a linear model and its gradient, as
/// scikit-learn's `LogisticRegression` minimizes it with L-BFGS (`_logistic_loss_and_grad`,
/// `LinearModelLoss` in `sklearn/linear_model/_linear_loss.py`):
///
///     f(W, b) = Σᵢ ωᵢ ℓ(yᵢ, xᵢᵀW + b) + (λ/2) ‖W‖²,   Σᵢ ωᵢ = 1,
///
/// with `ω` the sample weights divided by their sum and `λ = 1/(C · Σ weights)`, so the
/// minimizer is that of `Σ weightᵢ ℓᵢ + ‖W‖²/(2C)`. The intercepts `b` are not penalized.
///
/// - Two classes (`m = 1` score column): `ℓ = log(1 + e^{−z})` for the positive class and
///   `log(1 + e^{z})` for the negative one, computed as `max(∓z, 0) + log1p(e^{−|z|})`.
/// - `m ≥ 3` classes: the multinomial loss `ℓ = logΣⱼ e^{zⱼ} − z_y` (softmax, shifted by the
///   row maximum).
///
/// The gradient is `Xᵀ R + λW` and `Σᵢ Rᵢ` for `b`, where `R = ω ⊙ (P − Y)` are the weighted
/// residuals; both products go through BLAS (`gemv`/`gemm`).
///
/// Parameters are laid out as `W` (`d × m`, row-major) followed by the `m` intercepts.
package struct LogisticObjective {
    /// `n × d` features.
    package let features: Matrix
    /// The score column of each row's class (0/1 for the binary loss).
    package let targets: [Int]
    /// Sample weights, normalized to sum to 1.
    package let weights: [Double]
    /// Score columns `m` (1 for two classes).
    package let outputs: Int
    /// The L2 strength `λ` on `W`.
    package let l2: Double
    /// Scratch for the `n × m` scores, reused as the residuals.
    private var scores: [Double]
    private var interceptGradient: [Double]

    /// - Precondition: `targets` and `weights` have one entry per row; every target is in
    ///   `0..<max(outputs, 2)`.
    package init(features: Matrix, targets: [Int], weights: [Double], outputs: Int, l2: Double) {
        precondition(
            targets.count == features.rows && weights.count == features.rows,
            "one target and weight per row")
        self.features = features
        self.targets = targets
        self.weights = weights
        self.outputs = outputs
        self.l2 = l2
        self.scores = [Double](repeating: 0, count: features.rows * outputs)
        self.interceptGradient = [Double](repeating: 0, count: outputs)
    }

    /// `d · m + m`.
    package var parameterCount: Int { features.columns * outputs + outputs }

    /// `f` at `parameters`; writes `∇f` into `gradient` (length ``parameterCount``).
    package mutating func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double {
        let n = features.rows
        let d = features.columns
        let m = outputs
        var loss = 0.0
        // Move the scratch buffers out of `self` so they can be written while `self` is read.
        var scratch = scores
        var interceptSums = interceptGradient
        scores = []
        interceptGradient = []
        defer {
            scores = scratch
            interceptGradient = interceptSums
        }
        features.storage.withUnsafeBufferPointer { xBuffer in
            parameters.withUnsafeBufferPointer { pBuffer in
                scratch.withUnsafeMutableBufferPointer { zBuffer in
                    gradient.withUnsafeMutableBufferPointer { gBuffer in
                        guard let p = pBuffer.baseAddress, let g = gBuffer.baseAddress,
                            let z = zBuffer.baseAddress
                        else { return }
                        let x = xBuffer.baseAddress ?? p  // unused when d = 0
                        // Scores Z = X·W (+ b below).
                        if m == 1 {
                            BufferBLAS.gemv(rows: n, columns: d, a: x, lda: d, x: p, y: z)
                        } else {
                            BufferBLAS.gemm(
                                m: n, n: m, k: d, a: x, lda: d, b: p, ldb: m, c: z, ldc: m)
                        }
                        // Loss and residuals R (written over Z).
                        loss =
                            m == 1
                            ? binaryResiduals(z, intercept: p[d * m], n: n, sums: &interceptSums)
                            : multinomialResiduals(
                                z, intercepts: p + d * m, n: n, m: m, sums: &interceptSums)
                        // Gradient Xᵀ·R + λW, then the intercepts' Σ R.
                        if m == 1 {
                            BufferBLAS.gemv(
                                transpose: true, rows: n, columns: d, a: x, lda: d, x: z, y: g)
                        } else {
                            BufferBLAS.gemm(
                                transposeA: true, m: d, n: m, k: n, a: x, lda: d, b: z, ldb: m,
                                c: g, ldc: m)
                        }
                        var squaredNorm = 0.0
                        for j in 0..<(d * m) {
                            squaredNorm += p[j] * p[j]
                            g[j] += l2 * p[j]
                        }
                        loss += 0.5 * l2 * squaredNorm
                        for j in 0..<m { g[d * m + j] = interceptSums[j] }
                    }
                }
            }
        }
        return loss
    }

    /// Binary loss; replaces each score by `ωᵢ (σ(zᵢ) − yᵢ)` and sums these into the intercept
    /// gradient.
    private func binaryResiduals(
        _ z: UnsafeMutablePointer<Double>, intercept: Double, n: Int, sums: inout [Double]
    ) -> Double {
        var loss = 0.0
        var residualSum = 0.0
        targets.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                for i in 0..<n {
                    let score = z[i] + intercept
                    let e = exp(-abs(score))
                    let softplus = log1p(e)
                    // σ(score) and 1 − σ(score), each without cancellation.
                    let (p, q) =
                        score >= 0 ? (1 / (1 + e), e / (1 + e)) : (e / (1 + e), 1 / (1 + e))
                    let residual: Double
                    if y[i] == 1 {
                        loss += w[i] * (max(-score, 0) + softplus)
                        residual = -q
                    } else {
                        loss += w[i] * (max(score, 0) + softplus)
                        residual = p
                    }
                    z[i] = w[i] * residual
                    residualSum += z[i]
                }
            }
        }
        sums[0] = residualSum
        return loss
    }

    /// Multinomial loss; replaces each score row by `ωᵢ (softmax(zᵢ) − e_{yᵢ})`.
    private func multinomialResiduals(
        _ z: UnsafeMutablePointer<Double>, intercepts: UnsafePointer<Double>, n: Int, m: Int,
        sums: inout [Double]
    ) -> Double {
        var loss = 0.0
        for j in 0..<m { sums[j] = 0 }
        targets.withUnsafeBufferPointer { y in
            weights.withUnsafeBufferPointer { w in
                sums.withUnsafeMutableBufferPointer { b in
                    for i in 0..<n {
                        let row = z + i * m
                        var top = -Double.infinity
                        for j in 0..<m {
                            row[j] += intercepts[j]
                            top = max(top, row[j])
                        }
                        let shiftedTarget = row[y[i]] - top
                        var sum = 0.0
                        for j in 0..<m {
                            row[j] = exp(row[j] - top)
                            sum += row[j]
                        }
                        loss += w[i] * (log(sum) - shiftedTarget)
                        let scale = w[i] / sum
                        for j in 0..<m {
                            row[j] *= scale
                            b[j] += row[j]
                        }
                        row[y[i]] -= w[i]
                        b[y[i]] -= w[i]
                    }
                }
            }
        }
        return loss
    }
}
