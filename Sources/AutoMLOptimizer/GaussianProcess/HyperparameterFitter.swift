import AutoMLNumerics
import Foundation

/// Maximum-a-posteriori hyperparameters of a ``GaussianProcess``: maximizes
/// `log p(y | X, θ) + log prior(θ)` over `θ = [log ℓ, log s, ρ]` with GSL's BFGS2
/// (``BFGSMinimizer``) and the analytic gradient, from each start in turn, and keeps the best.
///
/// Each coordinate is kept in a box (``bounds(dimension:)``) by projection: the objective is
/// evaluated at the clamped point and its gradient is zeroed along clamped coordinates (the
/// exact gradient of the composed function), so BFGS never visits degenerate kernels.
public struct HyperparameterFitter: Sendable {
    /// The prior added to the log marginal likelihood.
    public var prior: HyperparameterPrior
    /// BFGS iterations per start.
    public var maximumIterations: Int
    /// Gradient norm at which a start stops.
    public var gradientTolerance: Double

    /// A fitter with Optuna's priors, 60 iterations per start and tolerance 1e-3.
    public init(
        prior: HyperparameterPrior = HyperparameterPrior(), maximumIterations: Int = 60,
        gradientTolerance: Double = 1e-3
    ) {
        self.prior = prior
        self.maximumIterations = maximumIterations
        self.gradientTolerance = gradientTolerance
    }

    /// The box every coordinate of `θ` stays in: lengthscales in [0.01, 100] (inputs are in the
    /// unit cube), signal variance in [1e-3, 50], noise variance in [1e-6 + 1e-12, 1.1].
    public static func bounds(dimension: Int) -> [ClosedRange<Double>] {
        [ClosedRange<Double>](repeating: log(0.01)...log(100), count: dimension)
            + [log(1e-3)...log(50), log(1e-12)...log(1.0)]
    }

    /// The best hyperparameters found from `starts` (at least one).
    /// - Parameters:
    ///   - inputs: `X`, `n × D`.
    ///   - targets: `y` (standardized), length `n`.
    ///   - starts: starting points, each of dimension `D`.
    /// - Returns: the start or optimum with the highest log posterior; the first start when no
    ///   point could be evaluated (a degenerate data set).
    /// - Complexity: O(n³) per objective evaluation, about 20–60 evaluations per start.
    public func fit(inputs: Matrix, targets: [Double], starts: [GPHyperparameters]) -> FitResult {
        let d = inputs.columns
        let box = Self.bounds(dimension: d)
        var best: FitResult?
        var evaluations = 0
        for start in starts where start.dimension == d {
            let x0 = zip(start.vector, box).map { min(max($0, $1.lowerBound), $1.upperBound) }
            let minimizer = BFGSMinimizer(
                maximumIterations: maximumIterations, gradientTolerance: gradientTolerance,
                initialStep: 0.5, lineSearchTolerance: 0.1)
            let result = try? minimizer.minimize(from: x0) { x, gradient in
                var theta = [Double](repeating: 0, count: x.count)
                for i in 0..<x.count {
                    theta[i] = min(max(x[i], box[i].lowerBound), box[i].upperBound)
                }
                guard
                    let (value, g) = GaussianProcess.negativeLogPosterior(
                        inputs: inputs, targets: targets,
                        hyperparameters: GPHyperparameters(
                            vector: theta, smoothness: start.smoothness),
                        prior: prior)
                else { return .infinity }
                for i in 0..<x.count {
                    let clamped = x[i] != theta[i]
                    gradient[i] = clamped ? 0 : g[i]
                }
                return value
            }
            guard let result else { continue }
            evaluations += result.evaluations
            guard result.value < (best?.negativeLogPosterior ?? .infinity) else { continue }
            let theta = zip(result.point, box).map { min(max($0, $1.lowerBound), $1.upperBound) }
            best = FitResult(
                hyperparameters: GPHyperparameters(vector: theta, smoothness: start.smoothness),
                negativeLogPosterior: result.value,
                evaluations: 0)
        }
        var fitted =
            best
            ?? FitResult(
                hyperparameters: starts.first ?? .defaults(dimension: d),
                negativeLogPosterior: .infinity,
                evaluations: 0)
        fitted.evaluations = evaluations
        return fitted
    }
}

/// The outcome of a hyperparameter fit.
public struct FitResult: Sendable, Equatable {
    /// The MAP hyperparameters.
    public var hyperparameters: GPHyperparameters
    /// `−(log p(y | X, θ) + log prior(θ))` there (`+∞` when nothing could be evaluated).
    public var negativeLogPosterior: Double
    /// Objective evaluations over all starts.
    public var evaluations: Int
}
