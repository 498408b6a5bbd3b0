import AutoMLData
import AutoMLNumerics

/// The baseline every comparison includes: predicts the class frequencies seen in training
/// (most frequent class as label) or the (weighted) mean — scikit-learn's
/// `DummyClassifier(strategy="prior")` and `DummyRegressor(strategy="mean")`.
public struct ConstantBaseline: Learner {
    /// The baseline has no settings; the struct exists so it fits the ``Learner`` protocol.
    public struct Hyperparameters: LearnerHyperparameters {
        public init() {}
    }

    public static let familyName = "constant"
    public let hyperparameters: Hyperparameters

    public init(_ hyperparameters: Hyperparameters = .init()) {
        // Nothing to validate: the baseline has no settings.
        self.hyperparameters = hyperparameters
    }

    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> ConstantModel {
        try data.validate(for: Self.familyName)
        let weights = data.weights ?? Array(repeating: 1, count: data.features.rows)
        let total = weights.reduce(0, +)
        switch data.target {
        case .classification(let labels, let classes):
            var mass = [Double](repeating: 0, count: classes.count)
            for (label, weight) in zip(labels, weights) { mass[label] += weight }
            return ConstantModel(
                task: .classification, featureCount: data.features.columns,
                values: mass.map { $0 / total })
        case .regression(let values):
            let mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
            return ConstantModel(
                task: .regression, featureCount: data.features.columns, values: [mean])
        }
    }
}

/// A fitted ``ConstantBaseline``.
public struct ConstantModel: Model, Equatable {
    public static let familyName = ConstantBaseline.familyName
    public let task: LearningTask
    public let featureCount: Int
    /// Class prior probabilities (classification) or the single mean (regression).
    public let values: [Double]

    public var classCount: Int { task == .classification ? values.count : 0 }

    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        switch task {
        case .classification:
            let best =
                values.indices.max {
                    values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1)
                } ?? 0
            var probabilities = Matrix(rows: features.rows, columns: values.count)
            for r in 0..<features.rows {
                for k in values.indices { probabilities.storage[r * values.count + k] = values[k] }
            }
            return .classes(
                labels: Array(repeating: best, count: features.rows), probabilities: probabilities)
        case .regression:
            return .values(Array(repeating: values[0], count: features.rows))
        }
    }

    public var parameterBytes: Int { values.count * MemoryLayout<Double>.size }

    private enum CodingKeys: String, CodingKey { case task, featureCount, values }
}

extension ConstantModel {
    /// Reads a fitted baseline, refusing one without a value to predict (a damaged model file):
    /// a regression model needs its one finite mean, a classifier one finite prior per class.
    /// - Throws: `DecodingError.dataCorrupted` naming the `values` or `featureCount` field.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let task = try container.decode(LearningTask.self, forKey: .task)
        let featureCount = try container.decode(Int.self, forKey: .featureCount)
        let values = try container.decode([Double].self, forKey: .values)
        guard featureCount >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .featureCount, in: container,
                debugDescription: "\(featureCount) features; the count cannot be negative")
        }
        let expected = task == .regression ? "one mean" : "one prior per class"
        guard task == .regression ? values.count == 1 : !values.isEmpty,
            values.allSatisfy(\.isFinite)
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .values, in: container,
                debugDescription:
                    "\(values.count) values for a \(task.rawValue) baseline; it needs \(expected), "
                    + "all finite")
        }
        self.init(task: task, featureCount: featureCount, values: values)
    }
}
