import AutoMLNumerics

/// The weights a linear SVM solver found, with how it stopped.
struct LinearSVMSolution {
    /// `w`, one entry per column of the (bias-augmented) data.
    var weights: [Double]
    /// Outer iterations (passes over the active rows).
    var iterations: Int
    /// Whether the solver stopped at `maxIterations` instead of the tolerance.
    var reachedIterationLimit: Bool
}

/// Dual coordinate descent for L2-regularized linear SVMs, as in liblinear (Fan, Chang, Hsieh,
/// Wang & Lin 2008, "LIBLINEAR: a library for large linear classification", JMLR 9):
///
/// - classification: Hsieh, Chang, Lin, Keerthi & Sundararajan 2008, "A dual coordinate descent
///   method for large-scale linear SVM" (ICML), Algorithm 3 with shrinking — one pass per outer
///   iteration over a random permutation of the active rows, each coordinate minimized in closed
///   form while `w = Σ y_i α_i x_i` is kept up to date; stops when the projected-gradient range
///   `max PG − min PG ≤ ε` (liblinear's `solve_l2r_l1l2_svc`);
/// - regression: Ho & Lin 2012, "Large-scale linear support vector regression" (JMLR 13),
///   Algorithm 4 — the same scheme on `β = α⁺ − α⁻`, stopping when the sum of violations falls
///   below `ε` times its value in the first pass (liblinear's `solve_l2r_l1l2_svr`).
///
/// Rows are those of a row-major buffer; per-row bounds `C_i` carry sample weights. Rows with
/// `‖x_i‖² = 0` and no loss curvature cannot move `w` and are left out.
enum DualCoordinateDescent {
    /// Solves `min_α ½ αᵀ(Q + D)α − eᵀα, 0 ≤ α_i ≤ U_i` with `Q_ij = y_i y_j x_iᵀx_j`: for the
    /// hinge loss `D = 0, U_i = C_i`; for the squared hinge `D_ii = 1/(2C_i), U_i = ∞`.
    static func classification(
        x: UnsafePointer<Double>, rows n: Int, width: Int, labels y: [Int8], bounds: [Double],
        squaredHinge: Bool,
        tolerance eps: Double, maxIterations: Int, random: inout RandomSource
    ) -> LinearSVMSolution {
        var w = [Double](repeating: 0, count: width)
        var alpha = [Double](repeating: 0, count: n)
        var diagonal = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        var qd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            diagonal[i] = squaredHinge ? 0.5 / bounds[i] : 0
            upper[i] = squaredHinge ? .infinity : bounds[i]
            qd[i] = diagonal[i] + squaredNorm(x + i * width, width)
        }
        // A row with Q_ii = 0 (x_i = 0 under the hinge loss) cannot change w; leave it out.
        var index = (0..<n).filter { qd[$0] > 0 }
        let n = index.count
        var activeSize = n
        var pgMaxOld = Double.infinity
        var pgMinOld = -Double.infinity
        var iterations = 0
        w.withUnsafeMutableBufferPointer { wb in
            guard let w = wb.baseAddress else { return }
            while iterations < maxIterations {
                var pgMaxNew = -Double.infinity
                var pgMinNew = Double.infinity
                for i in 0..<activeSize {
                    let j = i + random.integer(below: activeSize - i)
                    index.swapAt(i, j)
                }
                var s = 0
                while s < activeSize {
                    let i = index[s]
                    let yi = Double(y[i])
                    let row = x + i * width
                    var g = yi * dot(w, row, width) - 1 + alpha[i] * diagonal[i]
                    let c = upper[i]
                    var pg = 0.0
                    if alpha[i] == 0 {
                        if g > pgMaxOld {
                            activeSize -= 1
                            index.swapAt(s, activeSize)
                            continue
                        } else if g < 0 {
                            pg = g
                        }
                    } else if alpha[i] == c {
                        if g < pgMinOld {
                            activeSize -= 1
                            index.swapAt(s, activeSize)
                            continue
                        } else if g > 0 {
                            pg = g
                        }
                    } else {
                        pg = g
                    }
                    pgMaxNew = max(pgMaxNew, pg)
                    pgMinNew = min(pgMinNew, pg)
                    if abs(pg) > 1e-12 {
                        let old = alpha[i]
                        alpha[i] = min(max(old - g / qd[i], 0), c)
                        g = (alpha[i] - old) * yi
                        addScaled(row, g, to: w, width)
                    }
                    s += 1
                }
                iterations += 1
                if pgMaxNew - pgMinNew <= eps {
                    if activeSize == n { break }
                    // Converged on the shrunk problem: check all rows once more.
                    activeSize = n
                    pgMaxOld = .infinity
                    pgMinOld = -.infinity
                    continue
                }
                pgMaxOld = pgMaxNew > 0 ? pgMaxNew : .infinity
                pgMinOld = pgMinNew < 0 ? pgMinNew : -.infinity
            }
        }
        return LinearSVMSolution(
            weights: w, iterations: iterations, reachedIterationLimit: iterations >= maxIterations)
    }

    /// Solves the ε-SVR dual `min_β ½ βᵀ(Q + D)β − yᵀβ + ε‖β‖₁, −U_i ≤ β_i ≤ U_i` with
    /// `Q_ij = x_iᵀx_j`: for the ε-insensitive loss `D = 0, U_i = C_i`; for its square
    /// `D_ii = 1/(2C_i), U_i = ∞`.
    static func regression(
        x: UnsafePointer<Double>, rows n: Int, width: Int, targets y: [Double], bounds: [Double],
        epsilon p: Double,
        squaredLoss: Bool, tolerance eps: Double, maxIterations: Int, random: inout RandomSource
    ) -> LinearSVMSolution {
        var w = [Double](repeating: 0, count: width)
        var beta = [Double](repeating: 0, count: n)
        var lambda = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        var qd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            lambda[i] = squaredLoss ? 0.5 / bounds[i] : 0
            upper[i] = squaredLoss ? .infinity : bounds[i]
            qd[i] = squaredNorm(x + i * width, width)
        }
        // A row with Q_ii + D_ii = 0 (x_i = 0 under the ε-insensitive loss) cannot change w.
        var index = (0..<n).filter { qd[$0] + lambda[$0] > 0 }
        let n = index.count
        var activeSize = n
        var gMaxOld = Double.infinity
        var gNorm1Initial = -1.0
        var iterations = 0
        w.withUnsafeMutableBufferPointer { wb in
            guard let w = wb.baseAddress else { return }
            while iterations < maxIterations {
                var gMaxNew = 0.0
                var gNorm1New = 0.0
                for i in 0..<activeSize {
                    let j = i + random.integer(below: activeSize - i)
                    index.swapAt(i, j)
                }
                var s = 0
                while s < activeSize {
                    let i = index[s]
                    let row = x + i * width
                    let h = qd[i] + lambda[i]
                    let g = -y[i] + lambda[i] * beta[i] + dot(w, row, width)
                    let gp = g + p
                    let gn = g - p
                    let bound = upper[i]
                    var violation = 0.0
                    if beta[i] == 0 {
                        if gp < 0 {
                            violation = -gp
                        } else if gn > 0 {
                            violation = gn
                        } else if gp > gMaxOld && gn < -gMaxOld {
                            activeSize -= 1
                            index.swapAt(s, activeSize)
                            continue
                        }
                    } else if beta[i] >= bound {
                        if gp > 0 {
                            violation = gp
                        } else if gp < -gMaxOld {
                            activeSize -= 1
                            index.swapAt(s, activeSize)
                            continue
                        }
                    } else if beta[i] <= -bound {
                        if gn < 0 {
                            violation = -gn
                        } else if gn > gMaxOld {
                            activeSize -= 1
                            index.swapAt(s, activeSize)
                            continue
                        }
                    } else if beta[i] > 0 {
                        violation = abs(gp)
                    } else {
                        violation = abs(gn)
                    }
                    gMaxNew = max(gMaxNew, violation)
                    gNorm1New += violation
                    // Newton direction of the one-variable piecewise quadratic.
                    let d: Double
                    if gp < h * beta[i] {
                        d = -gp / h
                    } else if gn > h * beta[i] {
                        d = -gn / h
                    } else {
                        d = -beta[i]
                    }
                    s += 1
                    if abs(d) < 1e-12 { continue }
                    let old = beta[i]
                    beta[i] = min(max(old + d, -bound), bound)
                    let step = beta[i] - old
                    if step != 0 { addScaled(row, step, to: w, width) }
                }
                if iterations == 0 { gNorm1Initial = gNorm1New }
                iterations += 1
                if gNorm1New <= eps * gNorm1Initial {
                    if activeSize == n { break }
                    activeSize = n
                    gMaxOld = .infinity
                    continue
                }
                gMaxOld = gMaxNew
            }
        }
        return LinearSVMSolution(
            weights: w, iterations: iterations, reachedIterationLimit: iterations >= maxIterations)
    }

    /// `aᵀb` with four running sums, so the additions overlap in the pipeline.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double
    {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var k = 0
        while k + 4 <= count {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        while k < count {
            s0 += a[k] * b[k]
            k += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    @inline(__always)
    private static func addScaled(
        _ x: UnsafePointer<Double>, _ scale: Double, to y: UnsafeMutablePointer<Double>,
        _ count: Int
    ) {
        for k in 0..<count { y[k] += scale * x[k] }
    }

    @inline(__always)
    static func squaredNorm(_ x: UnsafePointer<Double>, _ count: Int) -> Double { dot(x, x, count) }
}
