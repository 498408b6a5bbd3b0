import AutoMLNumerics
import Foundation

/// How the GP sampler scores a candidate from the model's posterior `N(μ, σ²)` at it, for a
/// minimization with incumbent `f*` (the best target observed). Larger is better.
public enum AcquisitionFunction: Sendable, Equatable, Hashable {
    /// `log EI = log σ + log h((f* − μ)/σ)`, computed without underflow
    /// (``LogExpectedImprovement``; Ament et al., NeurIPS 2023). The default.
    case logExpectedImprovement
    /// The optimistic bound `−μ + √β·σ` (GP-UCB of Srinivas et al. 2010, on the negated loss),
    /// in standardized target units; β = 2 to 4 is typical.
    case upperConfidenceBound(beta: Double)
    /// `log Φ((f* − μ)/σ)`, the log probability of improving on the incumbent
    /// (Kushner 1964), through `gsl_sf_log_erfc` so it stays finite far from the incumbent.
    case probabilityOfImprovement

    /// The name used in settings and on the command line: `log_ei`, `ucb`, `pi`.
    public var name: String {
        switch self {
        case .logExpectedImprovement: return "log_ei"
        case .upperConfidenceBound: return "ucb"
        case .probabilityOfImprovement: return "pi"
        }
    }

    /// The acquisition function called `name` (`log_ei`/`ei`, `ucb`, `pi`); UCB takes `beta`.
    public init?(name: String, beta: Double = 2) {
        switch name.lowercased() {
        case "log_ei", "logei", "ei": self = .logExpectedImprovement
        case "ucb": self = .upperConfidenceBound(beta: beta)
        case "pi": self = .probabilityOfImprovement
        default: return nil
        }
    }

    /// The score and its partial derivatives in the mean and the standard deviation.
    /// - Parameters:
    ///   - mean: `μ`.
    ///   - standardDeviation: `σ > 0`.
    ///   - best: `f*`.
    @inline(__always)
    func evaluate(
        mean: Double, standardDeviation sd: Double, best: Double
    ) -> (value: Double, dMean: Double, dStandardDeviation: Double) {
        switch self {
        case .logExpectedImprovement:
            let z = (best - mean) / sd
            let slope = LogExpectedImprovement.logHDerivative(z)
            return (log(sd) + LogExpectedImprovement.logH(z), -slope / sd, (1 - slope * z) / sd)
        case .upperConfidenceBound(let beta):
            let root = max(beta, 0).squareRoot()
            return (-mean + root * sd, -1, root)
        case .probabilityOfImprovement:
            let z = (best - mean) / sd
            let logCDF = StandardNormal.logCumulative(z)
            // d log Φ / dz = φ/Φ, through logs so it stays finite in the left tail.
            let ratio = exp(StandardNormal.logDensity(z) - logCDF)
            return (logCDF, -ratio / sd, -ratio * z / sd)
        }
    }
}
