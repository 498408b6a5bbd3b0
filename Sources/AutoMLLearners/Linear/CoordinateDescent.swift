import AutoMLNumerics

/// Cyclic coordinate descent for the elastic net on a ``CenteredDesign`` whose weights sum to
/// `n`, minimizing scikit-learn's `ElasticNet` objective
///
///     1/(2n) ‖ỹ − X̃w‖² + α ρ ‖w‖₁ + α (1 − ρ)/2 ‖w‖²
///
/// (`ρ` = l1 ratio; `ρ = 1` is the lasso). A port of scikit-learn's
/// `enet_coordinate_descent` (`sklearn/linear_model/_cd_fast.pyx`; Friedman, Hastie & Tibshirani
/// 2010, "Regularization paths for generalized linear models via coordinate descent", J. Stat.
/// Softw. 33(1)), on the objective multiplied by `n`:
///
/// 1. Keep the residual `R = ỹ − X̃w`. For each feature `j` in turn: add back its part,
///    `t = X̃ⱼᵀR`, soft-threshold `wⱼ = sign(t)·max(|t| − nαρ, 0) / (‖X̃ⱼ‖² + nα(1 − ρ))`,
///    subtract the new part (BLAS `ddot`/`daxpy` on contiguous columns).
/// 2. After a sweep whose largest change is below `tol · max|w|` (or the last sweep), compute
///    the duality gap and stop when it is below `tol · ‖ỹ‖²`.
enum CoordinateDescent {
    struct Solution {
        var coefficients: [Double]
        var iterations: Int
        var isConverged: Bool
    }

    static func elasticNet(
        _ design: CenteredDesign, alpha: Double, l1Ratio: Double, maximumIterations: Int,
        tolerance: Double
    ) -> Solution {
        let n = design.features.rows
        let d = design.features.columns
        let l1 = alpha * l1Ratio * Double(n)
        let l2 = alpha * (1 - l1Ratio) * Double(n)
        var w = [Double](repeating: 0, count: d)
        let y = design.target
        let targetNorm = VectorMath.squaredNorm(y)
        guard d > 0, targetNorm > 0 else {
            return Solution(coefficients: w, iterations: 0, isConverged: true)
        }
        let columns = design.features.transposed()  // d × n: column j is contiguous
        var residual = y
        let gapTolerance = tolerance * targetNorm
        var iterations = 0
        var converged = false
        columns.storage.withUnsafeBufferPointer { xBuffer in
            residual.withUnsafeMutableBufferPointer { rBuffer in
                guard let x = xBuffer.baseAddress, let r = rBuffer.baseAddress else { return }
                let norms = (0..<d).map { j in
                    design.isConstant[j] ? 0 : BufferBLAS.dot(n, x + j * n, x + j * n)
                }
                for sweep in 0..<maximumIterations {
                    iterations = sweep + 1
                    var largestWeight = 0.0
                    var largestChange = 0.0
                    // Step 1: one cyclic sweep.
                    for j in 0..<d where norms[j] > 0 {
                        let column = x + j * n
                        let old = w[j]
                        if old != 0 { BufferBLAS.axpy(n, alpha: old, x: column, y: r) }
                        let t = BufferBLAS.dot(n, column, r)
                        let shrunk = max(abs(t) - l1, 0)
                        let new = shrunk == 0 ? 0 : (t < 0 ? -shrunk : shrunk) / (norms[j] + l2)
                        w[j] = new
                        if new != 0 { BufferBLAS.axpy(n, alpha: -new, x: column, y: r) }
                        largestChange = max(largestChange, abs(new - old))
                        largestWeight = max(largestWeight, abs(new))
                    }
                    // Step 2: the duality gap once the weights settle.
                    let settled = largestWeight == 0 || largestChange / largestWeight < tolerance
                    if settled || sweep == maximumIterations - 1 {
                        let gap = dualityGap(
                            x: x, residual: r, target: y, weights: w, n: n, l1: l1, l2: l2,
                            isConstant: design.isConstant)
                        if gap < gapTolerance {
                            converged = true
                            break
                        }
                    }
                }
            }
        }
        return Solution(coefficients: w, iterations: iterations, isConverged: converged)
    }

    /// The duality gap of the scaled problem `½‖R‖² + l1‖w‖₁ + (l2/2)‖w‖²` (scikit-learn's
    /// formula in `enet_coordinate_descent`).
    private static func dualityGap(
        x: UnsafePointer<Double>, residual r: UnsafePointer<Double>, target y: [Double],
        weights w: [Double], n: Int,
        l1: Double, l2: Double, isConstant: [Bool]
    ) -> Double {
        var dualNorm = 0.0
        for j in w.indices where !isConstant[j] {
            dualNorm = max(dualNorm, abs(BufferBLAS.dot(n, x + j * n, r) - l2 * w[j]))
        }
        let residualNorm = BufferBLAS.dot(n, r, r)
        let weightNorm = w.reduce(0) { $0 + $1 * $1 }
        let l1Norm = w.reduce(0) { $0 + abs($1) }
        let residualDotTarget = y.withUnsafeBufferPointer {
            BufferBLAS.dot(n, r, $0.baseAddress ?? r)
        }
        var gap: Double
        let scale: Double
        if dualNorm > l1 {
            scale = l1 / dualNorm
            gap = 0.5 * (residualNorm + residualNorm * scale * scale)
        } else {
            scale = 1
            gap = residualNorm
        }
        gap += l1 * l1Norm - scale * residualDotTarget + 0.5 * l2 * (1 + scale * scale) * weightNorm
        return gap
    }
}
