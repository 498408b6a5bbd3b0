import AutoMLNumerics
import Foundation

/// An acquisition function bound to a fitted model, an incumbent and (when some trials
/// failed) a feasibility estimate: the function of the unit cube the acquisition optimizer
/// maximizes.
///
///     score(x) = a(μ(x), σ(x); f*) + log p_feasible(x)   (− a large penalty where excluded)
struct AcquisitionScorer: Sendable {
    let model: GaussianProcess
    let function: AcquisitionFunction
    /// `f*`, the best (lowest) target observed.
    let best: Double
    let feasibility: FeasibilityEstimate?

    /// The score of every row of `points` (batched prediction).
    /// - Complexity: O(n·m·D + n²·m).
    func scores(_ points: Matrix) throws(NumericError) -> [Double] {
        let (mean, variance) = try model.predict(points)
        var scores = [Double](repeating: 0, count: points.rows)
        for i in 0..<points.rows {
            scores[i] =
                function.evaluate(
                    mean: mean[i], standardDeviation: variance[i].squareRoot(), best: best
                ).value
        }
        if let feasibility {
            let penalties = feasibility.penalties(points)
            for i in 0..<points.rows { scores[i] += penalties[i] }
        }
        return scores
    }

    /// The score at one point and its gradient in the unit-cube coordinates.
    /// - Complexity: O(n² + n·D).
    func scoreWithGradient(at point: [Double]) -> (value: Double, gradient: [Double]) {
        let prediction = model.predictionWithGradient(at: point)
        let sd = prediction.variance.squareRoot()
        let (value, dMean, dSD) = function.evaluate(
            mean: prediction.mean, standardDeviation: sd, best: best)
        var total = value
        var gradient = (0..<point.count).map { j in
            dMean * prediction.meanGradient[j] + dSD * prediction.varianceGradient[j] / (2 * sd)
        }
        if let feasibility {
            let (penalty, penaltyGradient) = feasibility.penaltyWithGradient(at: point)
            total += penalty
            for j in gradient.indices { gradient[j] += penaltyGradient[j] }
        }
        return (total, gradient)
    }
}
