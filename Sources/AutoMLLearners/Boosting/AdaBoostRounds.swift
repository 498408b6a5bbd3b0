import AutoMLData
import AutoMLNumerics
import Foundation

/// The boosting loop of ``AdaBoost``: one tree per round on reweighted rows, following
/// scikit-learn's `AdaBoostClassifier._boost` (SAMME) and `AdaBoostRegressor._boost` (R2)
/// step by step.
struct AdaBoostRounds {
    let set: TreeTrainingSet
    let grower: AnyTreeGrower
    /// The training features, row-major `Float`, to predict the training rows after each round.
    let rows: [Float]
    let hyperparameters: AdaBoost.Hyperparameters
    let root: RandomSource

    /// SAMME (Zhu et al. 2009): a tree's weight is
    /// `learningRate · (log((1 − err) / err) + log(K − 1))`, with `err` its weighted error, and
    /// the rows it misclassifies are scaled up by `exp(weight)`.
    /// - Parameter weights: Initial row weights summing to 1.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` when the first tree is
    ///   no better than chance.
    func samme(labels: [Int], weights initial: [Double]) throws(LearnerError) -> AdaBoostModel {
        let n = set.rowCount
        let classes = Array(Set(labels)).sorted()
        let k = Double(classes.count)
        let rate = hyperparameters.learningRate
        var weights = initial
        var trees: [FlatTree] = []
        var treeWeights: [Double] = []
        var predicted = [Int](repeating: 0, count: n)
        for round in 0..<hyperparameters.treeCount {
            var random = root.child(UInt64(round))
            let tree = grower.grow(weights: weights, random: &random)
            predictClasses(of: tree, into: &predicted)
            var total = 0.0
            var wrong = 0.0
            for i in 0..<n {
                total += weights[i]
                wrong += predicted[i] != labels[i] ? weights[i] : 0
            }
            let error = wrong / total
            if error <= 0 {  // a perfect tree ends boosting with weight 1
                trees.append(tree)
                treeWeights.append(1)
                break
            }
            if error >= 1 - 1 / k {  // no better than chance: discard it and stop
                guard !trees.isEmpty else {
                    throw .invalidTrainingData(
                        learner: AdaBoost.familyName,
                        reason: "the first tree is no better than chance (weighted error \(error)); "
                            + "the features may not separate the classes at all")
                }
                break
            }
            let treeWeight = rate * (log((1 - error) / error) + log(k - 1))
            trees.append(tree)
            treeWeights.append(treeWeight)
            if round == hyperparameters.treeCount - 1 { break }
            let factor = exp(treeWeight)
            for i in 0..<n where predicted[i] != labels[i] && weights[i] > 0 { weights[i] *= factor }
            guard normalize(&weights) else { break }
        }
        return AdaBoostModel(
            trees: TreeEnsemble(
                task: .classification, featureCount: set.featureCount, classCount: set.classCount, trees: trees),
            treeWeights: treeWeights, classes: classes)
    }

    /// AdaBoost.R2 (Drucker 1997): each round fits a tree to a weighted bootstrap sample; a
    /// row's loss is its error relative to the largest error (linear, squared or exponential),
    /// the tree's weighted loss `L̄` gives `β = L̄ / (1 − L̄)` and the tree weight
    /// `learningRate · log(1/β)`, and rows are scaled by `β^((1 − loss) · learningRate)`.
    /// - Parameter weights: Initial row weights summing to 1.
    func r2(targets: [Double], weights initial: [Double]) -> AdaBoostModel {
        let n = set.rowCount
        let rate = hyperparameters.learningRate
        var weights = initial
        var trees: [FlatTree] = []
        var treeWeights: [Double] = []
        var predictions = [Double](repeating: 0, count: n)
        var losses = [Double](repeating: 0, count: n)
        for round in 0..<hyperparameters.treeCount {
            var random = root.child(UInt64(round))
            let counts = Self.weightedBootstrap(weights, random: &random)
            let tree = grower.grow(weights: counts, random: &random)
            predictValues(of: tree, into: &predictions)
            var largest = 0.0
            for i in 0..<n where weights[i] > 0 {
                losses[i] = abs(predictions[i] - targets[i])
                largest = max(largest, losses[i])
            }
            var error = 0.0
            for i in 0..<n where weights[i] > 0 {
                var loss = largest != 0 ? losses[i] / largest : losses[i]
                switch hyperparameters.loss {
                case .linear: break
                case .square: loss *= loss
                case .exponential: loss = 1 - exp(-loss)
                }
                losses[i] = loss
                error += weights[i] * loss
            }
            if error <= 0 {  // a perfect tree ends boosting with weight 1
                trees.append(tree)
                treeWeights.append(1)
                break
            }
            if error >= 0.5 {  // too weak: stop (scikit-learn keeps it only when it is the first)
                if trees.isEmpty {
                    trees.append(tree)
                    treeWeights.append(1)
                }
                break
            }
            let beta = error / (1 - error)
            trees.append(tree)
            treeWeights.append(rate * log(1 / beta))
            if round == hyperparameters.treeCount - 1 { break }
            for i in 0..<n where weights[i] > 0 { weights[i] *= pow(beta, (1 - losses[i]) * rate) }
            guard normalize(&weights) else { break }
        }
        return AdaBoostModel(
            trees: TreeEnsemble(task: .regression, featureCount: set.featureCount, classCount: 0, trees: trees),
            treeWeights: treeWeights, classes: [])
    }

    /// Scales `weights` to sum to 1; `false` when the sum is not finite and positive (boosting
    /// then stops, as in scikit-learn).
    private func normalize(_ weights: inout [Double]) -> Bool {
        let sum = weights.reduce(0, +)
        guard sum.isFinite, sum > 0 else { return false }
        for i in weights.indices { weights[i] /= sum }
        return true
    }

    /// How often each row is drawn in `n` draws with replacement with probabilities `weights`
    /// (NumPy's `choice(n, n, p=weights)`: inverse CDF, the first row whose cumulative weight
    /// exceeds a uniform draw).
    static func weightedBootstrap(_ weights: [Double], random: inout RandomSource) -> [Double] {
        let n = weights.count
        var cumulative = [Double](repeating: 0, count: n)
        var running = 0.0
        for i in 0..<n {
            running += weights[i]
            cumulative[i] = running
        }
        var counts = [Double](repeating: 0, count: n)
        guard running > 0 else { return counts }
        for i in 0..<n { cumulative[i] /= running }
        for _ in 0..<n {
            let u = random.uniform()
            var low = 0
            var high = n - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            counts[low] += 1
        }
        return counts
    }

    /// The class each training row's leaf votes for (its most probable class, first on ties).
    private func predictClasses(of tree: FlatTree, into predicted: inout [Int]) {
        let votes = tree.leafClasses()
        rows.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            predicted.withUnsafeMutableBufferPointer { output in
                tree.forEachLeaf(rows: base, rowCount: set.rowCount, featureCount: set.featureCount) { row, leaf in
                    output[row] = votes[leaf]
                }
            }
        }
    }

    /// Each training row's leaf value.
    private func predictValues(of tree: FlatTree, into predictions: inout [Double]) {
        rows.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            predictions.withUnsafeMutableBufferPointer { output in
                tree.forEachLeaf(rows: base, rowCount: set.rowCount, featureCount: set.featureCount) { row, leaf in
                    output[row] = tree.leafValues[leaf]
                }
            }
        }
    }
}

extension FlatTree {
    /// For each leaf row, its most probable class (the first on ties, as NumPy's argmax).
    func leafClasses() -> [Int] {
        let width = valueWidth
        return (0..<leafValues.count / width).map { leaf in
            var best = 0
            for c in 1..<width where leafValues[leaf * width + c] > leafValues[leaf * width + best] { best = c }
            return best
        }
    }
}
