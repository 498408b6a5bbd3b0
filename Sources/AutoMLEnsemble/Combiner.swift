import AutoMLData
import AutoMLLearners
import AutoMLNumerics

/// How member predictions are merged into one, once the members are chosen. Serializable, so
/// a deployed ensemble carries it.
public enum Combiner: Sendable, Codable {
    /// Weighted mean of probabilities (classification) or values (regression). Soft voting,
    /// weighted voting, greedy selection and model averaging all end here with their weights.
    case average(weights: [Double])
    /// Weighted majority of predicted labels; probabilities are the weighted vote shares.
    case hardVote(weights: [Double])
    /// A meta-model fitted on the members' out-of-fold outputs (``StackingFeatures``).
    case stacked(meta: MetaModel)

    /// The combined prediction of `predictions` (one per member, same rows and classes).
    /// - Throws: ``EnsembleError/mismatchedMember(id:reason:)`` on mixed tasks or shapes.
    public func combine(_ predictions: [Prediction], classCount: Int) throws(EnsembleError)
        -> Prediction
    {
        guard let first = predictions.first else {
            throw .tooFewMembers(strategy: "any", needed: 1, got: 0)
        }
        let rows = first.rowCount
        for (index, prediction) in predictions.enumerated() where prediction.rowCount != rows {
            throw .mismatchedMember(
                id: index, reason: "\(prediction.rowCount) rows instead of \(rows)")
        }
        switch self {
        case .average(let weights):
            return try Self.weightedAverage(predictions, weights: weights, classCount: classCount)
        case .hardVote(let weights):
            try Self.checkWeights(weights, memberCount: predictions.count)
            var shares = Matrix(rows: rows, columns: classCount)
            let total = weights.reduce(0, +)
            for (member, prediction) in predictions.enumerated() {
                guard case .classes(let labels, _) = prediction else {
                    throw .mismatchedMember(
                        id: member, reason: "hard voting needs class predictions")
                }
                for r in 0..<rows {
                    let label = labels[r]
                    guard (0..<classCount).contains(label) else {
                        throw .mismatchedMember(
                            id: member, reason: "label \(label) is not one of \(classCount) classes"
                        )
                    }
                    shares.storage[r * classCount + label] += weights[member] / total
                }
            }
            return .classes(labels: Self.argmaxRows(shares), probabilities: shares)
        case .stacked(let meta):
            if let problem = Self.metaProblem(meta, classCount: classCount) {
                throw .invalidSetting(
                    name: "meta-model", expected: "a model of the ensemble's classes", got: problem)
            }
            let features = try StackingFeatures.matrix(predictions, classCount: classCount)
            do { return try meta.model.predict(features) } catch { throw .learner(error) }
        }
    }

    /// Why the combiner cannot merge `memberCount` members' predictions of `classCount`
    /// classes (0 for regression), or `nil` when it can: one finite, non-negative weight per
    /// member, not all 0, or a meta-model of the same classes. Checked when an ensemble is read.
    public func problem(memberCount: Int, classCount: Int) -> String? {
        switch self {
        case .average(let weights), .hardVote(let weights):
            do { try Self.checkWeights(weights, memberCount: memberCount) } catch {
                return "\(error)"
            }
            return nil
        case .stacked(let meta):
            return Self.metaProblem(meta, classCount: classCount)
        }
    }

    /// One finite, non-negative weight per member, not all 0.
    private static func checkWeights(_ weights: [Double], memberCount: Int) throws(EnsembleError) {
        guard weights.count == memberCount else {
            throw .invalidSetting(
                name: "weights", expected: "one per member (\(memberCount))",
                got: "\(weights.count)")
        }
        let total = weights.reduce(0, +)
        guard total > 0, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .invalidSetting(
                name: "weights", expected: "finite, ≥ 0 and not all 0", got: "\(weights)")
        }
    }

    /// Why a stacking meta-model cannot predict `classCount` classes, or `nil`.
    private static func metaProblem(_ meta: MetaModel, classCount: Int) -> String? {
        guard meta.model.task == .classification else { return nil }
        let count = meta.model.classCount
        guard count == classCount, count >= 1 else {
            return "a meta-model of \(count) classes for an ensemble of \(classCount)"
        }
        return nil
    }

    /// The weighted mean of the members' probabilities or values; weights are normalized.
    static func weightedAverage(_ predictions: [Prediction], weights: [Double], classCount: Int)
        throws(EnsembleError)
        -> Prediction
    {
        try checkWeights(weights, memberCount: predictions.count)
        let total = weights.reduce(0, +)
        switch predictions[0] {
        case .classes:
            var mean = Matrix(rows: predictions[0].rowCount, columns: classCount)
            for (member, prediction) in predictions.enumerated() where weights[member] > 0 {
                guard case .classes(_, let probabilities) = prediction,
                    probabilities.columns == classCount
                else {
                    throw .mismatchedMember(
                        id: member, reason: "expected \(classCount) class probabilities")
                }
                VectorMath.addScaled(
                    probabilities.storage, times: weights[member] / total, to: &mean.storage)
            }
            return .classes(labels: argmaxRows(mean), probabilities: mean)
        case .values(let firstValues):
            var mean = [Double](repeating: 0, count: firstValues.count)
            for (member, prediction) in predictions.enumerated() where weights[member] > 0 {
                guard case .values(let values) = prediction else {
                    throw .mismatchedMember(id: member, reason: "expected regression values")
                }
                VectorMath.addScaled(values, times: weights[member] / total, to: &mean)
            }
            return .values(mean)
        }
    }

    /// Index of the largest entry of each row (the first on ties).
    static func argmaxRows(_ m: Matrix) -> [Int] {
        (0..<m.rows).map { r in
            var best = 0
            for k in 1..<max(m.columns, 1)
            where m.storage[r * m.columns + k] > m.storage[r * m.columns + best] { best = k }
            return best
        }
    }
}

extension Prediction {
    /// The number of rows predicted.
    public var rowCount: Int {
        switch self {
        case .classes(let labels, _): return labels.count
        case .values(let values): return values.count
        }
    }
}
