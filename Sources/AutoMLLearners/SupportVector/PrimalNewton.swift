import AutoMLNumerics

/// A truncated Newton method for the primal of L2-regularized linear SVMs with a squared loss,
///
///     min_w f(w) = ½‖w‖² + Σ_i C_i ℓ(wᵀx_i)²,
///
/// with `ℓ = max(0, 1 − y_i z)` (squared hinge) or `max(0, |z − y_i| − ε)` (squared
/// ε-insensitive). `f` is convex with a Lipschitz gradient; its generalized Hessian is
/// `I + 2 X_Iᵀ diag(C_I) X_I` over the rows `I` with a positive loss (Mangasarian 2002, "A finite
/// Newton method for classification"; Keerthi & DeCoste 2005, JMLR 6).
///
/// Each iteration solves `H s = −∇f` by conjugate gradients with Hessian–vector products (two
/// BLAS `dgemv`s over the rows), stopping CG when the residual is below 0.1‖∇f‖ (liblinear's
/// TRON uses the same products, Lin, Weng & Keerthi 2008), then backtracks along `s` until the
/// Armijo condition holds (one `dgemv` for `Xs` makes each trial O(n)). It stops when
/// `‖∇f(w)‖ ≤ ε‖∇f(0)‖` with liblinear's primal tolerance `ε` — what scikit-learn's
/// `LinearSVC(dual=False)` and `LinearSVR(dual=False)` run.
enum PrimalNewton {
    /// The squared loss of a machine.
    enum Loss {
        /// Labels ±1.
        case squaredHinge(labels: [Double])
        /// Targets and the tube half-width ε.
        case squaredEpsilonInsensitive(targets: [Double], epsilon: Double)
    }

    /// - Parameters:
    ///   - x: `n × width` row-major rows (bias column included).
    ///   - bounds: `C_i` per row.
    ///   - tolerance: The relative gradient-norm tolerance ε.
    ///   - maxIterations: Limit on Newton iterations.
    static func solve(
        x: UnsafePointer<Double>, rows n: Int, width d: Int, loss: Loss, bounds: [Double],
        tolerance: Double,
        maxIterations: Int
    ) -> LinearSVMSolution {
        func zeros(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        let (w, gradient, step, residual, direction, hd) = (
            zeros(d), zeros(d), zeros(d), zeros(d), zeros(d), zeros(d)
        )
        let (z, slope, curvature, xs, scratch) = (zeros(n), zeros(n), zeros(n), zeros(n), zeros(n))
        defer {
            for p in [w, gradient, step, residual, direction, hd, z, slope, curvature, xs, scratch]
            { p.deallocate() }
        }
        // Per row: the label or target, and the loss's offset and orientation.
        let (targets, epsilon, isHinge): ([Double], Double, Bool) = {
            switch loss {
            case .squaredHinge(let labels): return (labels, 0, true)
            case .squaredEpsilonInsensitive(let targets, let epsilon):
                return (targets, epsilon, false)
            }
        }()

        /// Σ C_i ℓ_i² at `z + t·xs`, with slopes and curvatures at that point when asked.
        func lossValue(at t: Double, derivatives: Bool) -> Double {
            var total = 0.0
            for i in 0..<n {
                let zi = z[i] + t * xs[i]
                let violation: Double
                let sign: Double
                if isHinge {
                    violation = 1 - targets[i] * zi
                    sign = -targets[i]
                } else {
                    let r = zi - targets[i]
                    violation = abs(r) - epsilon
                    sign = r >= 0 ? 1 : -1
                }
                if violation > 0 {
                    total += bounds[i] * violation * violation
                    if derivatives {
                        slope[i] = 2 * bounds[i] * violation * sign
                        curvature[i] = 2 * bounds[i]
                    }
                } else if derivatives {
                    slope[i] = 0
                    curvature[i] = 0
                }
            }
            return total
        }

        func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>) -> Double {
            var sum = 0.0
            for k in 0..<d { sum += a[k] * b[k] }
            return sum
        }

        var value = lossValue(at: 0, derivatives: true)
        var iterations = 0
        var initialNorm = -1.0
        var converged = false
        while true {
            // ∇f = w + Xᵀ slope.
            gradient.update(from: w, count: d)
            BufferBLAS.gemv(
                transpose: true, rows: n, columns: d, a: x, lda: d, x: slope, beta: 1, y: gradient)
            let gradientNorm = dot(gradient, gradient).squareRoot()
            if initialNorm < 0 { initialNorm = gradientNorm }
            if gradientNorm <= tolerance * initialNorm || gradientNorm == 0 {
                converged = true
                break
            }
            guard iterations < maxIterations else { break }
            iterations += 1

            // CG on H s = −∇f, H v = v + Xᵀ(curvature ∘ Xv).
            for k in 0..<d {
                step[k] = 0
                residual[k] = -gradient[k]
                direction[k] = residual[k]
            }
            var rr = dot(residual, residual)
            let cgTolerance = 0.1 * gradientNorm
            for _ in 0..<max(d, 10) {
                guard rr.squareRoot() > cgTolerance else { break }
                BufferBLAS.gemv(rows: n, columns: d, a: x, lda: d, x: direction, y: scratch)
                for i in 0..<n { scratch[i] *= curvature[i] }
                hd.update(from: direction, count: d)
                BufferBLAS.gemv(
                    transpose: true, rows: n, columns: d, a: x, lda: d, x: scratch, beta: 1, y: hd)
                let dHd = dot(direction, hd)
                guard dHd > 0 else { break }
                let alpha = rr / dHd
                for k in 0..<d {
                    step[k] += alpha * direction[k]
                    residual[k] -= alpha * hd[k]
                }
                let rrNew = dot(residual, residual)
                let beta = rrNew / rr
                rr = rrNew
                for k in 0..<d { direction[k] = residual[k] + beta * direction[k] }
            }

            // Backtracking along s with f(w + ts) = ½‖w + ts‖² + loss(z + t·Xs).
            BufferBLAS.gemv(rows: n, columns: d, a: x, lda: d, x: step, y: xs)
            let ww = dot(w, w)
            let ws = dot(w, step)
            let ss = dot(step, step)
            let gs = dot(gradient, step)
            guard gs < 0 else { break }  // no descent left: numerically converged
            let current = 0.5 * ww + value
            var t = 1.0
            var accepted = false
            while t > 1e-12 {
                let trial =
                    0.5 * (ww + 2 * t * ws + t * t * ss) + lossValue(at: t, derivatives: false)
                if trial <= current + 1e-4 * t * gs {
                    accepted = true
                    break
                }
                t /= 2
            }
            guard accepted else { break }
            for k in 0..<d { w[k] += t * step[k] }
            for i in 0..<n { z[i] += t * xs[i] }
            value = lossValue(at: 0, derivatives: true)
        }
        return LinearSVMSolution(
            weights: Array(UnsafeBufferPointer(start: w, count: d)), iterations: iterations,
            reachedIterationLimit: !converged && iterations >= maxIterations)
    }
}
