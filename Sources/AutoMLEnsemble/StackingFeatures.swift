import AutoMLData
import AutoMLLearners
import AutoMLNumerics

/// The meta-learner's input: one block of columns per member, holding what the member predicted
/// for the row. Binary classification gives one column per member (the probability of the second
/// class; the first is its complement), multiclass `k` columns, regression the predicted value.
public enum StackingFeatures {
    /// An `n × (members · width)` matrix of member outputs.
    /// - Throws: ``EnsembleError/mismatchedMember(id:reason:)`` when shapes differ.
    public static func matrix(_ predictions: [Prediction], classCount: Int) throws(EnsembleError)
        -> Matrix
    {
        guard let first = predictions.first else {
            throw .tooFewMembers(strategy: "stacking", needed: 1, got: 0)
        }
        let rows = first.rowCount
        let width: Int
        switch first {
        case .classes: width = classCount == 2 ? 1 : classCount
        case .values: width = 1
        }
        let columns = predictions.count * width
        var m = Matrix(rows: rows, columns: columns)
        for (member, prediction) in predictions.enumerated() {
            guard prediction.rowCount == rows else {
                throw .mismatchedMember(
                    id: member, reason: "\(prediction.rowCount) rows instead of \(rows)")
            }
            switch prediction {
            case .classes(_, let p):
                guard p.columns == classCount else {
                    throw .mismatchedMember(
                        id: member, reason: "\(p.columns) classes instead of \(classCount)")
                }
                for r in 0..<rows {
                    if width == 1 {
                        m.storage[r * columns + member] = p.storage[r * classCount + 1]
                    } else {
                        for k in 0..<classCount {
                            m.storage[r * columns + member * width + k] =
                                p.storage[r * classCount + k]
                        }
                    }
                }
            case .values(let values):
                for r in 0..<rows { m.storage[r * columns + member] = values[r] }
            }
        }
        return m
    }
}
