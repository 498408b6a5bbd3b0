import Foundation

/// The regression metrics behind ``Metric/rmse``, ``Metric/mae`` and ``Metric/r2``.
///
/// Callers validate first (equal, non-zero lengths; finite values); these functions assume it.
enum RegressionMetrics {
    /// RMSE, MAE or R² of `predicted` against `truth`, in one pass (two for R²). O(n).
    static func score(_ metric: Metric, truth: [Double], predicted: [Double]) -> Double {
        let n = Double(truth.count)
        var squaredErrorSum = 0.0
        var absoluteErrorSum = 0.0
        truth.withUnsafeBufferPointer { t in
            predicted.withUnsafeBufferPointer { p in
                for i in 0..<t.count {
                    let error = t[i] - p[i]
                    squaredErrorSum += error * error
                    absoluteErrorSum += abs(error)
                }
            }
        }
        switch metric {
        case .rmse:
            return (squaredErrorSum / n).squareRoot()
        case .mae:
            return absoluteErrorSum / n
        case .r2:
            let totalSumOfSquares = truth.withUnsafeBufferPointer { t in
                let mean = t.reduce(0, +) / n
                return t.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            }
            // r2_score(force_finite=True): a constant truth scores 1 if matched exactly, else 0.
            guard totalSumOfSquares > 0 else { return squaredErrorSum == 0 ? 1 : 0 }
            return 1 - squaredErrorSum / totalSumOfSquares
        default:
            preconditionFailure("\(metric) is not a regression metric")
        }
    }

    /// Refuses NaN and ±∞, naming the first offending position.
    static func checkFinite(_ values: [Double], name: String) throws(DataError) {
        let firstBad = values.withUnsafeBufferPointer { buffer in
            buffer.firstIndex { !$0.isFinite }
        }
        if let index = firstBad {
            throw .invalidArgument(
                name: "\(name)[\(index)]", value: "\(values[index])", expected: "a finite number")
        }
    }
}
