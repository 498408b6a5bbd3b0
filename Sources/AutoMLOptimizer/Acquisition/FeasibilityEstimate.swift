import AutoMLNumerics
import Foundation

/// The probability that a trial at `x` completes rather than fails, estimated from where
/// trials failed and where they completed; the GP sampler multiplies its acquisition by it
/// (adds its log), as constrained Bayesian optimization does with a probability of
/// feasibility (Gardner et al., ICML 2014; Gelbart, Snoek & Adams, UAI 2014).
///
/// A kernel-weighted vote (Nadaraya–Watson) with a Matérn-5/2 correlation `c` (``smoother``)
/// on the surrogate's lengthscales, and a pseudo-count `a` of prior successes:
///
///     S(x) = Σ_complete c(x, xᵢ),   F(x) = Σ_failed c(x, xⱼ),   p(x) = (a + S)/(a + S + F)
///
/// Far from every trial `p = 1`; at a lone failure `p = a/(a + 1)`; inside a cluster of failures
/// it goes to 0. Failed trials never enter the regression model as made-up values.
///
/// A probability alone cannot keep the search out of a failed region: the surrogate has no data
/// there, so it may promise improvements worth e^20 and more in expected-improvement terms. So
/// a point is also **excluded** (``exclusionPenalty`` subtracted from its score) when the
/// evidence of failure there outweighs that of success, `F ≥ 1` and `F > a + S`: at least one
/// failure's worth of nearby failures and more failures than successes. A lone failure among
/// successes only lowers the score; a cluster of them closes its neighbourhood, which widens
/// as failures accumulate.
///
/// The kernel's lengthscales are the surrogate's, capped at ``maximumLengthscale`` so that a
/// dimension irrelevant to the objective still separates failures from successes.
struct FeasibilityEstimate: Sendable {
    /// `a`, the prior weight of success.
    static let priorWeight = 0.25
    /// The largest lengthscale used (unit-cube units).
    static let maximumLengthscale = 0.5
    /// Subtracted from the score of an excluded point (it still ranks among excluded ones).
    static let exclusionPenalty = 1e6
    /// The correlation of the vote: Matérn-5/2 whatever the surrogate's smoothness (only its
    /// shape at the scale of the lengthscales matters here).
    static let smoother = MaternKernel(lengthscales: [], signalVariance: 1)

    let lengthscales: [Double]
    /// Completed trials, scaled by the lengthscales.
    let successes: Matrix
    /// Failed trials, scaled by the lengthscales.
    let failures: Matrix

    /// The estimate for `successes` and `failures` (unit-cube points, one per row).
    init(successes: Matrix, failures: Matrix, lengthscales: [Double]) {
        let lengthscales = lengthscales.map { min($0, Self.maximumLengthscale) }
        let kernel = MaternKernel(lengthscales: lengthscales, signalVariance: 1)
        self.lengthscales = lengthscales
        self.successes = kernel.scaled(successes)
        self.failures = kernel.scaled(failures)
    }

    /// The score adjustment for each row of `points`: `log p(x)`, minus the exclusion penalty
    /// where the point is excluded.
    func penalties(_ points: Matrix) -> [Double] {
        let kernel = MaternKernel(lengthscales: lengthscales, signalVariance: 1)
        let scaled = kernel.scaled(points)
        let success = columnSums(kernel.crossCovariance(scaled: successes, scaled))
        let failure = columnSums(kernel.crossCovariance(scaled: failures, scaled))
        return zip(success, failure).map { Self.penalty(success: $0, failure: $1) }
    }

    /// The score adjustment at one point and its gradient (that of `log p`; the exclusion is a
    /// constant step).
    func penaltyWithGradient(at point: [Double]) -> (value: Double, gradient: [Double]) {
        let (s, sGradient) = weightedSum(successes, at: point)
        let (f, fGradient) = weightedSum(failures, at: point)
        let a = Self.priorWeight
        let gradient = (0..<point.count).map { j in
            sGradient[j] / (a + s) - (sGradient[j] + fGradient[j]) / (a + s + f)
        }
        return (Self.penalty(success: s, failure: f), gradient)
    }

    /// `log p` from the weighted counts, minus the exclusion penalty when excluded.
    static func penalty(success s: Double, failure f: Double) -> Double {
        let a = priorWeight
        let logProbability = log(a + s) - log(a + s + f)
        let excluded = f >= 1 && f > a + s
        return excluded ? logProbability - exclusionPenalty : logProbability
    }

    /// `Σᵢ c(x, zᵢ)` over the rows of `rows` and its gradient in `x`.
    private func weightedSum(_ rows: Matrix, at point: [Double]) -> (Double, [Double]) {
        let d = point.count
        let z = zip(point, lengthscales).map { $0 / $1 }
        var sum = 0.0
        var gradient = [Double](repeating: 0, count: d)
        z.withUnsafeBufferPointer { pz in
            rows.storage.withUnsafeBufferPointer { pr in
                for i in 0..<rows.rows {
                    let r = MaternKernel.distance(pz, 0, pr, i, d)
                    let e = exp(-Self.smoother.rate * r)
                    sum += Self.smoother.correlation(distance: r, exponential: e)
                    let slope = Self.smoother.slope(distance: r, exponential: e)
                    for j in 0..<d {
                        gradient[j] -= 2 * slope * (pz[j] - pr[i * d + j]) / lengthscales[j]
                    }
                }
            }
        }
        return (sum, gradient)
    }

    private func columnSums(_ matrix: Matrix) -> [Double] {
        var sums = [Double](repeating: 0, count: matrix.columns)
        for i in 0..<matrix.rows {
            for j in 0..<matrix.columns { sums[j] += matrix.storage[i * matrix.columns + j] }
        }
        return sums
    }
}
