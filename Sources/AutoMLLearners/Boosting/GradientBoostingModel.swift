import AutoMLData
import AutoMLNumerics
import Foundation

/// A fitted ``GradientBoosting`` model: starting scores plus a sum of trees, read through the
/// identity (regression), the sigmoid (two classes) or the softmax (three or more).
///
/// Predict walks raw feature values against the stored thresholds, so no binning is needed at
/// predict time. Cost per row: O(trees · depth).
public struct GradientBoostingModel: Model, Equatable {
    /// The JSON format version this build writes and the highest it reads.
    public static let formatVersion = 1
    public static let familyName = GradientBoosting.familyName

    public let task: LearningTask
    public let featureCount: Int
    /// Classes (0 for regression).
    public let classCount: Int
    /// Starting raw score per score column (mean, prior log-odds or log priors).
    public let initialScores: [Double]
    /// The trees, `scoreCount` per iteration.
    public let trees: GradientBoostingTrees
    /// Mean validation loss before the first iteration and after each one, when early
    /// stopping held rows out (scikit-learn's `validation_score_`, as losses); empty otherwise.
    public let validationLosses: [Double]

    init(
        task: LearningTask, featureCount: Int, classCount: Int, initialScores: [Double],
        trees: GradientBoostingTrees,
        validationLosses: [Double]
    ) {
        self.task = task
        self.featureCount = featureCount
        self.classCount = classCount
        self.initialScores = initialScores
        self.trees = trees
        self.validationLosses = validationLosses
    }

    /// Raw scores per row: one (regression, two classes) or one per class.
    public var scoreCount: Int { initialScores.count }

    /// Boosting iterations the model holds (scikit-learn's `n_iter_`).
    public var iterationCount: Int { trees.treeCount / max(scoreCount, 1) }

    public var parameterBytes: Int { trees.byteCount + initialScores.count * 8 }

    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try predict(features, iterations: iterationCount)
    }

    /// Predictions from the first `iterations` boosting iterations only (scikit-learn's
    /// `staged_predict`, one stage).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix, iterations: Int) throws(LearnerError) -> Prediction {
        let scores = try rawScores(features, iterations: iterations)
        let n = features.rows
        switch task {
        case .regression:
            return .values(scores.storage)
        case .classification:
            var probabilities = Matrix(rows: n, columns: classCount)
            var labels = [Int](repeating: 0, count: n)
            scores.storage.withUnsafeBufferPointer { raw in
                probabilities.storage.withUnsafeMutableBufferPointer { out in
                    // Empty only without rows, when there is nothing to predict.
                    guard let probabilityStart = out.baseAddress, let scoreStart = raw.baseAddress
                    else { return }
                    for r in 0..<n {
                        let row = probabilityStart + r * classCount
                        if scoreCount == 1 {
                            let p = 1 / (1 + exp(-raw[r]))
                            row[0] = 1 - p
                            row[1] = p
                            labels[r] = p > 0.5 ? 1 : 0
                        } else {
                            let scoresOfRow = scoreStart + r * classCount
                            var best = 0
                            for k in 1..<classCount where scoresOfRow[k] > scoresOfRow[best] {
                                best = k
                            }
                            var sum = 0.0
                            for k in 0..<classCount {
                                row[k] = exp(scoresOfRow[k] - scoresOfRow[best])
                                sum += row[k]
                            }
                            for k in 0..<classCount { row[k] /= sum }
                            labels[r] = best
                        }
                    }
                }
            }
            return .classes(labels: labels, probabilities: probabilities)
        }
    }

    /// The raw scores (before the sigmoid or softmax), `n × scoreCount`, from the first
    /// `iterations` iterations.
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func rawScores(_ features: Matrix, iterations: Int? = nil) throws(LearnerError) -> Matrix
    {
        try checkWidth(features)
        let limit = min(max(iterations ?? iterationCount, 0), iterationCount) * scoreCount
        var scores = Matrix(rows: features.rows, columns: scoreCount)
        for r in 0..<features.rows {
            for k in 0..<scoreCount { scores.storage[r * scoreCount + k] = initialScores[k] }
        }
        features.storage.withUnsafeBufferPointer { x in
            scores.storage.withUnsafeMutableBufferPointer { out in
                guard let xBase = x.baseAddress, let outBase = out.baseAddress else { return }
                trees.accumulate(
                    features: xBase, rowCount: features.rows, featureCount: featureCount,
                    scoreCount: scoreCount,
                    treeLimit: limit, into: outBase)
            }
        }
        return scores
    }

    /// Total split gain per feature (LightGBM's `feature_importance(importance_type="gain")`).
    public var gainImportances: [Double] {
        var importances = [Double](repeating: 0, count: featureCount)
        for (feature, gain) in zip(trees.features, trees.gains) {
            importances[Int(feature)] += gain
        }
        return importances
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case version, task, featureCount, classCount, initialScores, trees, validationLosses
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        task = try container.decode(LearningTask.self, forKey: .task)
        featureCount = try container.decode(Int.self, forKey: .featureCount)
        classCount = try container.decode(Int.self, forKey: .classCount)
        initialScores = try container.decode([Double].self, forKey: .initialScores)
        trees = try container.decode(GradientBoostingTrees.self, forKey: .trees)
        validationLosses =
            try container.decodeIfPresent([Double].self, forKey: .validationLosses) ?? []
        let expectedScores = task == .regression ? 1 : (classCount == 2 ? 1 : classCount)
        guard featureCount >= 0, task == .regression ? classCount == 0 : classCount >= 2,
            initialScores.count == expectedScores, initialScores.allSatisfy(\.isFinite),
            trees.treeCount % expectedScores == 0, trees.isWellFormed(featureCount: featureCount)
        else {
            throw LearnerError.unreadableModel(
                reason: "the gradient_boosting trees are inconsistent")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(task, forKey: .task)
        try container.encode(featureCount, forKey: .featureCount)
        try container.encode(classCount, forKey: .classCount)
        try container.encode(initialScores, forKey: .initialScores)
        try container.encode(trees, forKey: .trees)
        try container.encode(validationLosses, forKey: .validationLosses)
    }
}
