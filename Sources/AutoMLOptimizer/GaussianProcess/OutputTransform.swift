import Foundation

/// The monotone map from losses to the targets a ``GaussianProcess`` is fitted on: a shifted
/// Box–Cox power transform that compresses a heavy tail of *bad* values, then standardization.
///
///     u = y − min(y) + c,   ψ_λ(u) = (u^λ − 1)/λ  (log u at λ = 0),   t = (ψ − mean ψ)/sd ψ
///
/// - The shift `c` is the spread of the best three quarters of the values, `q₀.₇₅(y) − min(y)`
///   by default (or a small fraction of the scale when that is zero), so `u > 0` and the log
///   transform only compresses the worst quarter: the good values keep a near-linear scale and
///   the best point is not an outlier far below the rest. A lower quantile
///   (``Warp/shiftQuantile``) anchors the logarithm closer to the best value, spreading out the
///   good values when they themselves span decades (a long narrow valley, as in Rosenbrock).
/// - `λ ∈ [0, 1]` maximizes the Gaussian profile log-likelihood of the transformed values
///   including the Jacobian, `−(n/2) log σ̂²(ψ) + (λ − 1) Σ log u` (Box & Cox 1964), by
///   golden-section search. `λ = 1` is plain standardization (symmetric or left-skewed losses:
///   Hartmann-like); `λ → 0` a log transform (losses spanning orders of magnitude, or a few
///   diverged runs: Rosenbrock-like), which gives the model resolution among the good values
///   where the search needs it. λ is not allowed above 1: stretching the bad tail or squeezing
///   the good one never helps a minimizer.
///
/// HEBO (Cowen-Rivers et al. 2022) found output power transforms the single most useful
/// change for real hyperparameter problems; this is its Box–Cox step made shift-aware.
/// The map is strictly increasing, so the best loss stays the best target.
public struct OutputTransform: Sendable, Equatable {
    /// `min(y)`.
    public let minimum: Double
    /// `c`.
    public let shift: Double
    /// `λ`.
    public let lambda: Double
    /// Mean of `ψ` over the fitted values.
    public let center: Double
    /// Standard deviation of `ψ` (1 when the values are all equal).
    public let scale: Double

    /// A member of the family with its parameters fixed: the power `λ` and the quantile `q`
    /// whose distance from the minimum is the shift, `c = q_q(y) − min(y)`.
    public struct Warp: Sendable, Equatable {
        /// `λ` in [0, 1].
        public let lambda: Double
        /// `q` in [0, 1].
        public let shiftQuantile: Double

        /// A warp with both parameters clamped to [0, 1] (NaN: λ = 1, the default quantile), so
        /// equal warps compare equal.
        public init(lambda: Double, shiftQuantile: Double = OutputTransform.defaultShiftQuantile) {
            self.lambda = OutputTransform.unitInterval(lambda, otherwise: 1)
            self.shiftQuantile = OutputTransform.unitInterval(
                shiftQuantile, otherwise: OutputTransform.defaultShiftQuantile)
        }
    }

    /// The quantile whose distance from the minimum is the shift `c`, by default.
    public static let defaultShiftQuantile = 0.75

    /// Whether the chosen quantile equals the minimum (a quarter or more of the losses tied at
    /// the best, for `q = 0.25`), so `c` fell back to a thousandth of the spread. A logarithm
    /// then sets the tied best values far below the rest, and the log Jacobian rewards that
    /// steepness without bound: such a warp says nothing about the losses and should not be
    /// compared with the others.
    public let shiftIsFallback: Bool

    /// `x` clamped to [0, 1], or `otherwise` when it is NaN.
    static func unitInterval(_ x: Double, otherwise: Double) -> Double {
        x.isNaN ? otherwise : min(max(x, 0), 1)
    }

    /// Fits the transform to `values` (finite losses; at least one).
    /// - Parameters:
    ///   - values: the losses.
    ///   - fixedLambda: λ to use instead of the maximum-likelihood one (clamped to [0, 1]; NaN: 1).
    ///   - shiftQuantile: the quantile `q` of the shift `c = q_q(y) − min(y)` (clamped to [0, 1];
    ///     NaN: the default).
    public init(
        fitting values: [Double], lambda fixedLambda: Double? = nil,
        shiftQuantile: Double = OutputTransform.defaultShiftQuantile
    ) {
        let n = values.count
        let minimum = values.min() ?? 0
        let sorted = values.sorted()
        let spread = (sorted.last ?? 0) - minimum
        let quantile = Self.unitInterval(shiftQuantile, otherwise: Self.defaultShiftQuantile)
        var shift = n > 0 ? sorted[min(n - 1, Int(quantile * Double(n - 1)))] - minimum : 0
        self.shiftIsFallback = !(shift > 0)
        if !(shift > 0) { shift = spread > 0 ? 1e-3 * spread : 1 }
        self.minimum = minimum
        self.shift = shift
        let logs = values.map { log($0 - minimum + shift) }
        let lambda =
            spread > 0
            ? (fixedLambda.map { Self.unitInterval($0, otherwise: 1) }
                ?? Self.maximumLikelihoodLambda(logs: logs)) : 1
        self.lambda = lambda
        let psi = logs.map { Self.boxCox(logOfValue: $0, lambda: lambda) }
        let center = psi.reduce(0, +) / Double(max(n, 1))
        let variance = psi.reduce(0) { $0 + ($1 - center) * ($1 - center) } / Double(max(n, 1))
        self.center = center
        self.scale = variance > 0 ? variance.squareRoot() : 1
    }

    /// The transform of `values` with the parameters of `warp`.
    public init(fitting values: [Double], warp: Warp) {
        self.init(fitting: values, lambda: warp.lambda, shiftQuantile: warp.shiftQuantile)
    }

    /// The target of one loss (losses below the fitted minimum are mapped through the same
    /// formula, clamped just above the pole of the logarithm).
    public func callAsFunction(_ y: Double) -> Double {
        let u = max(y - minimum + shift, 1e-300)
        return (Self.boxCox(logOfValue: log(u), lambda: lambda) - center) / scale
    }

    /// `Σᵢ log t′(yᵢ)`, the log Jacobian of the map at `values`:
    /// `(λ − 1) Σ log uᵢ − n log(scale)`. Added to a model's log likelihood of the targets, it
    /// gives the likelihood of the losses themselves, so models fitted under different
    /// transforms can be compared (warped GPs, Snelson, Rasmussen & Ghahramani 2004).
    public func logJacobian(_ values: [Double]) -> Double {
        var sum = 0.0
        for y in values { sum += log(max(y - minimum + shift, 1e-300)) }
        return (lambda - 1) * sum - Double(values.count) * log(scale)
    }

    /// `ψ_λ` from `log u`: `(e^{λ log u} − 1)/λ`, `log u` at λ = 0 (`expm1` keeps small λ exact).
    @inline(__always)
    static func boxCox(logOfValue logU: Double, lambda: Double) -> Double {
        abs(lambda) < 1e-8 ? logU : expm1(lambda * logU) / lambda
    }

    /// The λ in [0, 1] maximizing the profile log-likelihood (golden-section search, 40 steps).
    static func maximumLikelihoodLambda(logs: [Double]) -> Double {
        let logSum = logs.reduce(0, +)
        let n = Double(logs.count)
        func likelihood(_ lambda: Double) -> Double {
            var mean = 0.0
            for l in logs { mean += boxCox(logOfValue: l, lambda: lambda) }
            mean /= n
            var variance = 0.0
            for l in logs {
                let deviation = boxCox(logOfValue: l, lambda: lambda) - mean
                variance += deviation * deviation
            }
            variance /= n
            guard variance > 0 else { return -.infinity }
            return -0.5 * n * log(variance) + (lambda - 1) * logSum
        }
        let ratio = (5.0.squareRoot() - 1) / 2
        var (a, b) = (0.0, 1.0)
        var c = b - ratio * (b - a)
        var d = a + ratio * (b - a)
        var fc = likelihood(c)
        var fd = likelihood(d)
        for _ in 0..<40 {
            if fc > fd {
                (b, d, fd) = (d, c, fc)
                c = b - ratio * (b - a)
                fc = likelihood(c)
            } else {
                (a, c, fc) = (c, d, fd)
                d = a + ratio * (b - a)
                fd = likelihood(d)
            }
        }
        let interior = (a + b) / 2
        // The optimum may sit on an end of [0, 1]: compare with the ends.
        return [0.0, interior, 1.0].max { likelihood($0) < likelihood($1) } ?? 1
    }
}
