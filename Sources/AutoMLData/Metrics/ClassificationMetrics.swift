import AutoMLNumerics
import Foundation

/// The label and probability metrics behind ``Metric``'s classification cases.
///
/// Callers validate first (lengths, label ranges, probabilities); these functions assume it.
enum ClassificationMetrics {
    /// Probabilities may miss 1 by this much per row: NumPy's `allclose` tolerance at 1
    /// (rtol 1e-5 plus atol 1e-8), which scikit-learn applies to multiclass ROC AUC.
    static let rowSumTolerance = 1e-5 + 1e-8

    /// Row-major `classCount × classCount` counts: entry (t, p) counts samples of true class t
    /// predicted as p (scikit-learn's `confusion_matrix` layout). O(n + k²).
    static func confusion(truth: [Int], predicted: [Int], classCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount * classCount)
        counts.withUnsafeMutableBufferPointer { cells in
            truth.withUnsafeBufferPointer { t in
                predicted.withUnsafeBufferPointer { p in
                    for i in 0..<t.count { cells[t[i] * classCount + p[i]] += 1 }
                }
            }
        }
        return counts
    }

    /// The accuracy, balanced accuracy or macro F1 of a confusion matrix.
    static func score(_ metric: Metric, confusion: [Int], classCount k: Int) -> Double {
        // Row sums are true counts per class, column sums predicted counts per class.
        var trueCounts = [Int](repeating: 0, count: k)
        var predictedCounts = [Int](repeating: 0, count: k)
        var correct = 0
        for t in 0..<k {
            for p in 0..<k {
                let count = confusion[t * k + p]
                trueCounts[t] += count
                predictedCounts[p] += count
            }
            correct += confusion[t * k + t]
        }
        let total = trueCounts.reduce(0, +)
        switch metric {
        case .accuracy:
            return Double(correct) / Double(total)
        case .balancedAccuracy:
            // balanced_accuracy_score: mean recall over classes present in the truth.
            var recallSum = 0.0
            var present = 0
            for c in 0..<k where trueCounts[c] > 0 {
                recallSum += Double(confusion[c * k + c]) / Double(trueCounts[c])
                present += 1
            }
            return recallSum / Double(present)
        case .macroF1:
            // f1_score(average="macro"): F1 = 2·tp / (2·tp + fp + fn) over the union of
            // labels in truth and predictions; the denominator is positive for each of them.
            var f1Sum = 0.0
            var labelCount = 0
            for c in 0..<k where trueCounts[c] > 0 || predictedCounts[c] > 0 {
                let truePositives = confusion[c * k + c]
                let denominator = trueCounts[c] + predictedCounts[c]  // 2·tp + fp + fn
                f1Sum += Double(2 * truePositives) / Double(denominator)
                labelCount += 1
            }
            return f1Sum / Double(labelCount)
        default:
            preconditionFailure("\(metric) is not scored from a confusion matrix")
        }
    }

    /// The most probable class of each row; the first on ties, like NumPy's `argmax`.
    static func argmax(_ probabilities: Matrix) -> [Int] {
        let k = probabilities.columns
        var labels = [Int](repeating: 0, count: probabilities.rows)
        probabilities.storage.withUnsafeBufferPointer { p in
            labels.withUnsafeMutableBufferPointer { out in
                for i in 0..<out.count {
                    var best = 0
                    for c in 1..<k where p[i * k + c] > p[i * k + best] { best = c }
                    out[i] = best
                }
            }
        }
        return labels
    }

    /// Mean of −log p(true class), with p clipped to [ε, 1 − ε] for ε the machine epsilon
    /// (`log_loss` since scikit-learn 1.5).
    static func logLoss(truth: [Int], probabilities: Matrix) -> Double {
        let k = probabilities.columns
        let epsilon = Double.ulpOfOne
        var total = 0.0
        probabilities.storage.withUnsafeBufferPointer { p in
            truth.withUnsafeBufferPointer { t in
                for i in 0..<t.count {
                    let clipped = min(max(p[i * k + t[i]], epsilon), 1 - epsilon)
                    total -= log(clipped)
                }
            }
        }
        return total / Double(truth.count)
    }

    /// Refuses non-finite entries and, when `rowsSumToOne`, entries outside [0, 1] and rows that
    /// do not sum to 1 within ``rowSumTolerance``.
    static func checkProbabilities(
        _ probabilities: Matrix, rowsSumToOne: Bool, metric: Metric
    ) throws(DataError) {
        let k = probabilities.columns
        let problem: (index: Int, reason: String)? = probabilities.storage
            .withUnsafeBufferPointer { p in
                for i in 0..<probabilities.rows {
                    var sum = 0.0
                    for c in 0..<k {
                        let value = p[i * k + c]
                        guard value.isFinite else { return (i, "the value \(value)") }
                        if rowsSumToOne && !(0...1).contains(value) {
                            return (i, "the value \(value)")
                        }
                        sum += value
                    }
                    if rowsSumToOne && abs(sum - 1) > rowSumTolerance {
                        return (i, "a row summing to \(sum)")
                    }
                }
                return nil
            }
        guard let (row, reason) = problem else { return }
        let expected =
            rowsSumToOne
            ? "class probabilities in [0, 1] summing to 1 for \(metric.rawValue)"
            : "finite class scores"
        throw .invalidArgument(name: "probabilities row \(row)", value: reason, expected: expected)
    }
}
