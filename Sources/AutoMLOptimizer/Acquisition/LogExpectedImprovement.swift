import AutoMLNumerics
import Foundation

/// Expected improvement in log space, computed without underflow (Ament, Daulton, Eriksson,
/// Balandat & Bakshy, "Unexpected Improvements to Expected Improvement for Bayesian
/// Optimization", NeurIPS 2023).
///
/// For a minimization with incumbent `f*` and posterior `N(μ, σ²)`, `z = (f* − μ)/σ` and
///
///     EI = σ·h(z),   h(z) = φ(z) + z·Φ(z),   log EI = log σ + log h(z).
///
/// `h` underflows to 0 near z ≈ −38, and long before that the naive difference loses every
/// digit, which leaves flat regions an optimizer cannot climb out of. ``logH(_:)`` stays
/// accurate there:
/// - `z > −1`: `log(φ(z) + z·Φ(z))` directly (no cancellation);
/// - `−10⁴ < z ≤ −1`: `log h = log φ(z) + log1p(−|z|·Φ(z)/φ(z))`, where `Φ(z)/φ(z)` for
///   `z < 0` is `1/hazard(|z|)`, the inverse Mills ratio (`gsl_sf_hazard`);
/// - `z ≤ −10⁴`: the asymptotic series `log h ≈ log φ(z) − 2 log|z| + log1p(−3/z² + 15/z⁴)`.
public enum LogExpectedImprovement {
    /// Below this, ``logH(_:)`` uses the asymptotic series.
    static let asymptoticThreshold = -1e4

    /// `log h(z)`, finite for every finite `z`.
    public static func logH(_ z: Double) -> Double {
        if z > -1 {
            return log(StandardNormal.density(z) + z * StandardNormal.cumulative(z))
        }
        let x = -z
        if z > asymptoticThreshold {
            return StandardNormal.logDensity(z)
                + SpecialFunctions.logOnePlus(-x / SpecialFunctions.hazard(x))
        }
        let inverseSquare = 1 / (x * x)
        return StandardNormal.logDensity(z) - 2 * log(x)
            + log1p(-3 * inverseSquare + 15 * inverseSquare * inverseSquare)
    }

    /// `d log h / dz = Φ(z)/h(z)`, positive, ≈ |z| for very negative z.
    public static func logHDerivative(_ z: Double) -> Double {
        if z > -1 {
            let cdf = StandardNormal.cumulative(z)
            return cdf / (StandardNormal.density(z) + z * cdf)
        }
        let x = -z
        if z > asymptoticThreshold {
            // Φ/h = R/(1 − xR) with R = Φ(z)/φ(z) = 1/hazard(x).
            let mills = 1 / SpecialFunctions.hazard(x)
            return mills / (1 - x * mills)
        }
        return x + 2 / x
    }

    /// `log EI` for posterior mean `mean`, standard deviation `sd > 0` and incumbent `best`.
    public static func value(mean: Double, standardDeviation sd: Double, best: Double) -> Double {
        log(sd) + logH((best - mean) / sd)
    }
}
