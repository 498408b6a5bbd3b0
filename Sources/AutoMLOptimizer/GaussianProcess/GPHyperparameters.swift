import Foundation

/// The hyperparameters of a ``GaussianProcess`` in the log space they are fitted in:
/// `log ℓⱼ` per input dimension, `log s` (signal variance) and the raw noise `ρ`, with noise
/// variance `ν = ν_min + exp(ρ)` so it never falls below ``minimumNoiseVariance``.
///
/// ``vector`` lays them out as `[log ℓ₁ … log ℓ_D, log s, ρ]`, the order of every gradient.
public struct GPHyperparameters: Sendable, Equatable, Codable {
    /// The noise variance floor (targets are standardized, so it is relative to their
    /// variance). Optuna's GP uses the same 1e-6.
    public static let minimumNoiseVariance = 1e-6

    /// `log ℓⱼ`, one per input dimension.
    public var logLengthscales: [Double]
    /// `log s`.
    public var logSignalVariance: Double
    /// `ρ`, with `ν = ν_min + exp(ρ)`.
    public var rawNoise: Double
    /// The kernel's smoothness: chosen, not fitted, so it is not part of ``vector``.
    public var smoothness: MaternKernel.Smoothness

    /// Hyperparameters from their log values.
    public init(
        logLengthscales: [Double], logSignalVariance: Double, rawNoise: Double,
        smoothness: MaternKernel.Smoothness = .fiveHalves
    ) {
        self.logLengthscales = logLengthscales
        self.logSignalVariance = logSignalVariance
        self.rawNoise = rawNoise
        self.smoothness = smoothness
    }

    /// Hyperparameters from natural values (noise at least ``minimumNoiseVariance``).
    public init(
        lengthscales: [Double], signalVariance: Double, noiseVariance: Double,
        smoothness: MaternKernel.Smoothness = .fiveHalves
    ) {
        self.init(
            logLengthscales: lengthscales.map { log($0) }, logSignalVariance: log(signalVariance),
            rawNoise: log(max(noiseVariance - Self.minimumNoiseVariance, 1e-300)),
            smoothness: smoothness)
    }

    /// The starting point of a fit on `dimension` inputs in the unit cube: lengthscales 0.5·√D
    /// (the typical distance between two random points of the cube is about 0.4·√D), signal
    /// variance 1 (targets are standardized), noise variance 1e-3.
    public static func defaults(
        dimension: Int, smoothness: MaternKernel.Smoothness = .fiveHalves
    ) -> GPHyperparameters {
        GPHyperparameters(
            lengthscales: [Double](
                repeating: 0.5 * Double(max(dimension, 1)).squareRoot(), count: dimension),
            signalVariance: 1, noiseVariance: 1e-3, smoothness: smoothness)
    }

    /// The number of input dimensions `D`.
    public var dimension: Int { logLengthscales.count }
    /// `ℓ`.
    public var lengthscales: [Double] { logLengthscales.map { exp($0) } }
    /// `s`.
    public var signalVariance: Double { exp(logSignalVariance) }
    /// `ν = ν_min + exp(ρ)`.
    public var noiseVariance: Double { Self.minimumNoiseVariance + exp(rawNoise) }

    /// The kernel these hyperparameters define.
    public var kernel: MaternKernel {
        MaternKernel(
            lengthscales: lengthscales, signalVariance: signalVariance, smoothness: smoothness)
    }

    /// `[log ℓ₁ … log ℓ_D, log s, ρ]`.
    public var vector: [Double] { logLengthscales + [logSignalVariance, rawNoise] }

    /// The hyperparameters of a ``vector`` (its length is `D + 2`) for a kernel of `smoothness`.
    public init(vector: [Double], smoothness: MaternKernel.Smoothness = .fiveHalves) {
        let d = max(vector.count - 2, 0)
        self.init(
            logLengthscales: Array(vector.prefix(d)),
            logSignalVariance: vector.count > d ? vector[d] : 0,
            rawNoise: vector.count > d + 1 ? vector[d + 1] : log(1e-3), smoothness: smoothness)
    }
}

/// The log prior density of the hyperparameters, added to the log marginal likelihood for a
/// maximum-a-posteriori fit (the priors of Optuna's `GPSampler`, `optuna/_gp/prior.py`):
/// - on each inverse squared lengthscale `λ = 1/ℓ²`: `−(a/λ + a·λ)` with `a` =
///   ``lengthscalePenalty``, flat between roughly ℓ = 0.3 and 3 and steep outside, which keeps
///   lengthscales off the degenerate extremes where the likelihood is flat;
/// - Gamma(``signalShape``, ``signalRate``) on the signal variance (mode 1: targets are
///   standardized);
/// - Gamma(``noiseShape``, ``noiseRate``) on the noise variance, which pushes the noise towards
///   zero (mean 0.037) while letting genuinely noisy objectives fit more.
///
/// Densities are taken in the natural parameters without the Jacobian of the log transform:
/// they act as penalties, as in Optuna.
public struct HyperparameterPrior: Sendable, Equatable {
    public var lengthscalePenalty: Double
    public var signalShape: Double
    public var signalRate: Double
    public var noiseShape: Double
    public var noiseRate: Double

    /// Optuna's priors (the defaults).
    public init(
        lengthscalePenalty: Double = 0.1, signalShape: Double = 2, signalRate: Double = 1,
        noiseShape: Double = 1.1, noiseRate: Double = 30
    ) {
        self.lengthscalePenalty = lengthscalePenalty
        self.signalShape = signalShape
        self.signalRate = signalRate
        self.noiseShape = noiseShape
        self.noiseRate = noiseRate
    }

    /// The log density (up to a constant) at `h`, and its gradient in the order of
    /// ``GPHyperparameters/vector``.
    public func logDensity(_ h: GPHyperparameters) -> (value: Double, gradient: [Double]) {
        let d = h.dimension
        var gradient = [Double](repeating: 0, count: d + 2)
        var value = 0.0
        let a = lengthscalePenalty
        for j in 0..<d {
            // ℓ² = exp(2θ): −a(ℓ² + 1/ℓ²), derivative −2a(ℓ² − 1/ℓ²).
            let square = exp(2 * h.logLengthscales[j])
            value -= a * (square + 1 / square)
            gradient[j] = -2 * a * (square - 1 / square)
        }
        let s = h.signalVariance
        value += (signalShape - 1) * h.logSignalVariance - signalRate * s
        gradient[d] = (signalShape - 1) - signalRate * s
        let noise = h.noiseVariance
        let excess = exp(h.rawNoise)
        value += (noiseShape - 1) * log(noise) - noiseRate * noise
        gradient[d + 1] = ((noiseShape - 1) / noise - noiseRate) * excess
        return (value, gradient)
    }
}
