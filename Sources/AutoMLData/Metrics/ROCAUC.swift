import AutoMLNumerics

/// Area under the ROC curve, binary and one-vs-rest (`roc_auc_score`).
///
/// Each binary AUC is the Mann–Whitney statistic: with samples ranked by score (ties given the
/// average of the ranks they span), AUC = (R₊ − P(P + 1)/2) / (P · N), where R₊ is the rank sum
/// of the P positives and N counts the negatives. This equals the trapezoidal area under the ROC
/// curve that scikit-learn integrates, tied scores included (Hand & Till 2001, §2).
enum ROCAUC {
    /// Binary AUC of column 1 for two columns; otherwise the unweighted mean over classes of the
    /// AUC of column c separating class c from the rest (`multi_class="ovr", average="macro"`).
    /// Labels and probabilities must already be validated. O(k · n log n).
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` when a class has no sample
    ///   in `truth`, since its AUC (or, for two classes, the only AUC) is undefined.
    static func score(truth: [Int], probabilities: Matrix) throws(DataError) -> Double {
        let k = probabilities.columns
        var classCounts = [Int](repeating: 0, count: k)
        for label in truth { classCounts[label] += 1 }
        if let absent = classCounts.firstIndex(of: 0) {
            throw .invalidArgument(
                name: "truth", value: "no sample of class \(absent)",
                expected: "labels covering every class 0..<\(k), since ROC AUC is undefined "
                    + "for a class without samples")
        }
        var order = Array(0..<truth.count)  // reused by every class's sort
        if k == 2 {
            return binaryAUC(
                truth: truth, positiveClass: 1, positiveCount: classCounts[1],
                probabilities: probabilities, order: &order)
        }
        var sum = 0.0
        for c in 0..<k {
            sum += binaryAUC(
                truth: truth, positiveClass: c, positiveCount: classCounts[c],
                probabilities: probabilities, order: &order)
        }
        return sum / Double(k)
    }

    /// AUC of column `positiveClass` for "label == positiveClass" against the rest.
    private static func binaryAUC(
        truth: [Int], positiveClass c: Int, positiveCount: Int, probabilities: Matrix,
        order: inout [Int]
    ) -> Double {
        let k = probabilities.columns
        let n = truth.count
        return probabilities.storage.withUnsafeBufferPointer { p in
            truth.withUnsafeBufferPointer { t in
                // 1. Sort sample indices by this class's score, ascending.
                order.sort { p[$0 * k + c] < p[$1 * k + c] }
                // 2. Walk runs of equal scores; every sample in a run gets the run's mean rank.
                var positiveRankSum = 0.0
                var start = 0
                while start < n {
                    let score = p[order[start] * k + c]
                    var end = start
                    var positivesInRun = 0
                    while end < n && p[order[end] * k + c] == score {
                        if t[order[end]] == c { positivesInRun += 1 }
                        end += 1
                    }
                    let meanRank = Double(start + 1 + end) / 2  // ranks start+1 … end
                    positiveRankSum += Double(positivesInRun) * meanRank
                    start = end
                }
                // 3. Mann–Whitney U over P · N.
                let positives = Double(positiveCount)
                let negatives = Double(n - positiveCount)
                let u = positiveRankSum - positives * (positives + 1) / 2
                return u / (positives * negatives)
            }
        }
    }
}
