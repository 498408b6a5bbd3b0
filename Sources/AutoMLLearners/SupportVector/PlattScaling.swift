import Foundation

/// A sigmoid `P(y = +1 | f) = 1 / (1 + exp(A f + B))` that turns decision values `f` into
/// probabilities (Platt 1999, "Probabilistic outputs for support vector machines"), fitted by
/// the Newton method with backtracking of Lin, Lin & Weng 2007 ("A note on Platt's probabilistic
/// outputs for support vector machines", Machine Learning 68; libsvm's `sigmoid_train`).
///
/// Targets are Platt's smoothed labels `(N₊ + 1)/(N₊ + 2)` and `1/(N₋ + 2)`, which keep `A`
/// finite on separable data.
struct PlattScaling: Sendable, Equatable, Codable {
    var a: Double
    var b: Double

    /// The probability of the positive class for decision value `f`, computed without
    /// cancellation (libsvm's `sigmoid_predict`).
    @inline(__always)
    func probability(_ f: Double) -> Double {
        let z = f * a + b
        if z >= 0 {
            let e = exp(-z)
            return e / (1 + e)
        }
        return 1 / (1 + exp(z))
    }

    /// Fits `A, B` to decision values and labels (`true` for the positive class).
    static func fit(decisionValues f: [Double], positive: [Bool]) -> PlattScaling {
        let count = f.count
        var prior1 = 0.0
        for isPositive in positive where isPositive { prior1 += 1 }
        let prior0 = Double(count) - prior1
        let maxIterations = 100
        let minStep = 1e-10
        let sigma = 1e-12  // keeps the Hessian strictly positive definite
        let eps = 1e-5
        let hiTarget = (prior1 + 1) / (prior1 + 2)
        let loTarget = 1 / (prior0 + 2)
        let t = positive.map { $0 ? hiTarget : loTarget }

        func objective(_ a: Double, _ b: Double) -> Double {
            var value = 0.0
            for i in 0..<count {
                let z = f[i] * a + b
                value += z >= 0 ? t[i] * z + log1p(exp(-z)) : (t[i] - 1) * z + log1p(exp(z))
            }
            return value
        }

        var a = 0.0
        var b = log((prior0 + 1) / (prior1 + 1))
        var value = objective(a, b)
        for _ in 0..<maxIterations {
            // Gradient and Hessian (H + σI).
            var h11 = sigma
            var h22 = sigma
            var h21 = 0.0
            var g1 = 0.0
            var g2 = 0.0
            for i in 0..<count {
                let z = f[i] * a + b
                let p: Double
                let q: Double
                if z >= 0 {
                    let e = exp(-z)
                    p = e / (1 + e)
                    q = 1 / (1 + e)
                } else {
                    let e = exp(z)
                    p = 1 / (1 + e)
                    q = e / (1 + e)
                }
                let d2 = p * q
                h11 += f[i] * f[i] * d2
                h22 += d2
                h21 += f[i] * d2
                let d1 = t[i] - p
                g1 += f[i] * d1
                g2 += d1
            }
            if abs(g1) < eps && abs(g2) < eps { break }
            // Newton direction −H⁻¹g, then backtracking with a sufficient-decrease test.
            let det = h11 * h22 - h21 * h21
            let da = -(h22 * g1 - h21 * g2) / det
            let db = -(-h21 * g1 + h11 * g2) / det
            let gd = g1 * da + g2 * db
            var step = 1.0
            while step >= minStep {
                let newA = a + step * da
                let newB = b + step * db
                let newValue = objective(newA, newB)
                if newValue < value + 1e-4 * step * gd {
                    a = newA
                    b = newB
                    value = newValue
                    break
                }
                step /= 2
            }
            if step < minStep { break }  // line search failed: keep the last point
        }
        return PlattScaling(a: a, b: b)
    }
}

/// Class probabilities from pairwise probabilities `r_ij ≈ P(y = i | y ∈ {i, j}, x)` by the
/// second method of Wu, Lin & Weng 2004 ("Probability estimates for multi-class classification
/// by pairwise coupling", JMLR 5; libsvm's `multiclass_probability`):
///
///     min_p ½ Σ_i Σ_{j≠i} (r_ji p_i − r_ij p_j)²   subject to   Σ p_i = 1, p ≥ 0,
///
/// solved by the fixed-point iteration of the paper's eq. (16) until the optimality residual is
/// below `0.005 / k` (at most `max(100, k)` sweeps).
enum PairwiseCoupling {
    /// - Parameters:
    ///   - r: `k × k` row-major, `r[i·k + j] = r_ij` for `i ≠ j` (`r_ji = 1 − r_ij`).
    ///   - k: Number of classes.
    ///   - q: Scratch of `k × k`; `qp` scratch of `k`.
    ///   - p: Output, `k` probabilities summing to 1.
    static func couple(
        _ r: UnsafePointer<Double>, k: Int, q: UnsafeMutablePointer<Double>,
        qp: UnsafeMutablePointer<Double>,
        into p: UnsafeMutablePointer<Double>
    ) {
        for t in 0..<k {
            p[t] = 1 / Double(k)
            q[t * k + t] = 0
            for j in 0..<t {
                q[t * k + t] += r[j * k + t] * r[j * k + t]
                q[t * k + j] = q[j * k + t]
            }
            for j in (t + 1)..<k {
                q[t * k + t] += r[j * k + t] * r[j * k + t]
                q[t * k + j] = -r[j * k + t] * r[t * k + j]
            }
        }
        let maxIterations = max(100, k)
        let eps = 0.005 / Double(k)
        for _ in 0..<maxIterations {
            var pqp = 0.0
            for t in 0..<k {
                var sum = 0.0
                for j in 0..<k { sum += q[t * k + j] * p[j] }
                qp[t] = sum
                pqp += p[t] * sum
            }
            var maxError = 0.0
            for t in 0..<k { maxError = max(maxError, abs(qp[t] - pqp)) }
            if maxError < eps { break }
            for t in 0..<k {
                let diff = (-qp[t] + pqp) / q[t * k + t]
                p[t] += diff
                pqp = (pqp + diff * (diff * q[t * k + t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
                for j in 0..<k {
                    qp[j] = (qp[j] + diff * q[t * k + j]) / (1 + diff)
                    p[j] /= 1 + diff
                }
            }
        }
    }
}
