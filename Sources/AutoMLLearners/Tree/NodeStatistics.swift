import Foundation

/// Weighted totals of the rows in one node, and its impurity.
struct NodeSummary {
    /// Number of rows (each counted once whatever its weight).
    var count: Int
    /// Sum of the rows' weights (scikit-learn's `weighted_n_node_samples`).
    var weight: Double
    /// Weighted sum of the targets (regression; 0 for classification).
    var sum: Double
    /// The node's impurity under the tree's criterion.
    var impurity: Double
}

/// Node totals and impurities (scikit-learn's `Criterion.node_impurity` / `children_impurity`).
enum NodeStatistics {
    /// Sums the rows `rows[0..<count]`: class weights into `classWeights` (classification,
    /// `classCount` entries, overwritten) or the weighted target sum (regression).
    @inline(__always)
    static func summarize(
        rows: UnsafePointer<Int32>, count: Int, set: TreeTrainingSet, weights: UnsafePointer<Double>,
        criterion: SplitCriterion, classWeights: UnsafeMutablePointer<Double>
    ) -> NodeSummary {
        if set.task == .classification {
            let k = set.classCount
            classWeights.update(repeating: 0, count: k)
            var total = 0.0
            let labels = set.labels
            for p in 0..<count {
                let row = Int(rows[p])
                let w = weights[row]
                classWeights[Int(labels[row])] += w
                total += w
            }
            let impurity = classImpurity(classWeights, classCount: k, weight: total, criterion: criterion)
            return NodeSummary(count: count, weight: total, sum: 0, impurity: impurity)
        }
        var total = 0.0
        var sum = 0.0
        var squares = 0.0
        let targets = set.targets
        let first = count > 0 ? targets[Int(rows[0])] : 0
        var isConstant = true
        for p in 0..<count {
            let row = Int(rows[p])
            let w = weights[row]
            let y = targets[row]
            total += w
            sum += w * y
            squares += w * y * y
            isConstant = isConstant && y == first
        }
        let impurity = isConstant ? 0 : variance(sum: sum, squares: squares, weight: total)
        return NodeSummary(count: count, weight: total, sum: sum, impurity: impurity)
    }

    /// Gini (1 − Σ pₖ²) or entropy (−Σ pₖ log₂ pₖ) of class weights summing to `weight`.
    @inline(__always)
    static func classImpurity(
        _ classWeights: UnsafePointer<Double>, classCount k: Int, weight: Double, criterion: SplitCriterion
    ) -> Double {
        guard weight > 0 else { return 0 }
        if criterion == .entropy {
            var entropy = 0.0
            for c in 0..<k where classWeights[c] > 0 {
                let p = classWeights[c] / weight
                entropy -= p * Foundation.log2(p)
            }
            return entropy
        }
        var squares = 0.0
        for c in 0..<k { squares += classWeights[c] * classWeights[c] }
        return 1 - squares / (weight * weight)
    }

    /// Weighted variance Σw y²/W − (Σw y/W)², floored at 0 (scikit-learn's MSE impurity).
    @inline(__always)
    static func variance(sum: Double, squares: Double, weight: Double) -> Double {
        guard weight > 0 else { return 0 }
        let mean = sum / weight
        return max(squares / weight - mean * mean, 0)
    }
}
