import AutoMLData
import AutoMLNumerics
import Foundation

/// A fitted ``AdaBoost``: its trees and their weights.
///
/// Classification (SAMME, as scikit-learn's `decision_function` / `predict_proba`): each tree
/// votes `+w` for its class and `−w / (K − 1)` for the other K − 1 classes seen in training;
/// the votes, divided by the total weight, go through a softmax (scaled by 1/(K − 1), or as
/// ±d/2 for two classes). Regression (R2): the weighted median of the trees' predictions.
public struct AdaBoostModel: Model, Equatable {
    public static let familyName = AdaBoost.familyName
    /// Format version of the JSON form.
    public static let formatVersion = 1

    let trees: TreeEnsemble
    /// Weight of each tree (scikit-learn's `estimator_weights_`).
    public let treeWeights: [Double]
    /// The class indices seen in training, ascending (classification; empty for regression).
    let classes: [Int]

    public var task: LearningTask { trees.task }
    public var featureCount: Int { trees.featureCount }
    public var classCount: Int { trees.task == .classification ? trees.classCount : 0 }
    /// Number of trees boosted (fewer than asked for when boosting stopped early).
    public var treeCount: Int { trees.trees.count }

    init(trees: TreeEnsemble, treeWeights: [Double], classes: [Int]) {
        self.trees = trees
        self.treeWeights = treeWeights
        self.classes = classes
    }

    /// Predictions for every row of `features`. O(rows · trees · depth), plus a sort of the
    /// trees' values per row for regression.
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        let rows = TreeEnsemble.floatRows(features)
        return rows.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return task == .classification
                    ? .classes(
                        labels: [], probabilities: Matrix(rows: 0, columns: trees.classCount))
                    : .values([])
            }
            return task == .classification
                ? predictClasses(base, rowCount: features.rows)
                : predictValues(base, rowCount: features.rows)
        }
    }

    private func predictClasses(_ rows: UnsafePointer<Float>, rowCount n: Int) -> Prediction {
        let k = classes.count
        let width = trees.classCount
        var position = [Int](repeating: 0, count: width)
        for (index, c) in classes.enumerated() { position[c] = index }
        // votes[r · k + j]: total weight of the trees voting for class classes[j] on row r.
        var votes = [Double](repeating: 0, count: n * k)
        for (tree, weight) in zip(trees.trees, treeWeights) {
            let leafClasses = tree.leafClasses()
            tree.forEachLeaf(rows: rows, rowCount: n, featureCount: featureCount) { r, leaf in
                votes[r * k + position[leafClasses[leaf]]] += weight
            }
        }
        let total = treeWeights.reduce(0, +)
        var probabilities = [Double](repeating: 0, count: n * width)
        var scores = [Double](repeating: 0, count: k)
        let others = Double(k - 1)
        for r in 0..<n {
            // SAMME decision: w for the tree's class, −w/(K − 1) for the others, over Σw.
            for j in 0..<k {
                let own = votes[r * k + j]
                scores[j] = (own - (total - own) / others) / total
            }
            if k == 2 {
                let decision = scores[1] - scores[0]
                scores[0] = -decision / 2
                scores[1] = decision / 2
            } else {
                for j in 0..<k { scores[j] /= others }
            }
            let largest = scores.max() ?? 0
            var sum = 0.0
            for j in 0..<k {
                scores[j] = exp(scores[j] - largest)
                sum += scores[j]
            }
            for j in 0..<k { probabilities[r * width + classes[j]] = scores[j] / sum }
        }
        return TreeEnsemble.classes(probabilities: probabilities, rows: n, classCount: width)
    }

    private func predictValues(_ rows: UnsafePointer<Float>, rowCount n: Int) -> Prediction {
        let t = trees.trees.count
        // byRow[r · t + i]: tree i's prediction for row r.
        var byRow = [Double](repeating: 0, count: n * t)
        for (i, tree) in trees.trees.enumerated() {
            tree.forEachLeaf(rows: rows, rowCount: n, featureCount: featureCount) { r, leaf in
                byRow[r * t + i] = tree.leafValues[leaf]
            }
        }
        var values = [Double](repeating: 0, count: n)
        var order = [Int](repeating: 0, count: t)
        for r in 0..<n {
            // Weighted median: the smallest prediction whose cumulative weight reaches half.
            for i in 0..<t { order[i] = i }
            order.sort { byRow[r * t + $0] < byRow[r * t + $1] }
            let half = 0.5 * treeWeights.reduce(0, +)
            var cumulative = 0.0
            var chosen = order[t - 1]
            for i in order {
                cumulative += treeWeights[i]
                if cumulative >= half {
                    chosen = i
                    break
                }
            }
            values[r] = byRow[r * t + chosen]
        }
        return .values(values)
    }

    public var parameterBytes: Int {
        trees.parameterBytes + treeWeights.count * 8 + classes.count * 8
    }

    private enum CodingKeys: String, CodingKey { case version, trees, treeWeights, classes }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        let trees = try container.decode(TreeEnsemble.self, forKey: .trees)
        let treeWeights = try container.decode([Double].self, forKey: .treeWeights)
        let classes = try container.decode([Int].self, forKey: .classes)
        var problem = trees.structuralProblem()
        if trees.trees.isEmpty || treeWeights.count != trees.trees.count
            || !treeWeights.allSatisfy(\.isFinite)
        {
            problem = problem ?? "\(trees.trees.count) trees with \(treeWeights.count) weights"
        }
        if trees.task == .classification,
            classes.count < 2 || classes != Array(Set(classes)).sorted()
                || !classes.allSatisfy({ $0 >= 0 && $0 < trees.classCount })
        {
            problem = problem ?? "classes \(classes) do not fit \(trees.classCount) classes"
        }
        if let problem { throw LearnerError.unreadableModel(reason: "adaboost: \(problem)") }
        self.trees = trees
        self.treeWeights = treeWeights
        self.classes = classes
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(trees, forKey: .trees)
        try container.encode(treeWeights, forKey: .treeWeights)
        try container.encode(classes, forKey: .classes)
    }
}
