import AutoMLData
import AutoMLNumerics

/// A fitted ``KNearestNeighbors``: the training rows, their targets and the settings.
///
/// Its JSON holds the training matrix, so it is as large as the training data
/// (``parameterBytes``); the squared row norms are recomputed when it is read.
public struct KNearestNeighborsModel: Model {
    public static let familyName = KNearestNeighbors.familyName
    /// The current JSON format version.
    public static let formatVersion = 1

    public let task: LearningTask
    /// The settings it was fitted with.
    public let hyperparameters: KNearestNeighbors.Hyperparameters
    /// Number of classes (0 for regression).
    public let classCount: Int
    /// Class index per training row (classification), else empty.
    let labels: [Int]
    /// Target per training row (regression), else empty.
    let values: [Double]
    /// Weight per training row, or `nil` when all are equal.
    let sampleWeights: [Double]?
    let search: NeighborSearch

    public var featureCount: Int { search.training.columns }

    /// Training matrix, targets and weights in bytes.
    public var parameterBytes: Int {
        let rows = search.training.rows
        return (search.training.storage.count + rows + (sampleWeights == nil ? 0 : rows))
            * MemoryLayout<Double>.size
    }

    init(
        hyperparameters: KNearestNeighbors.Hyperparameters, training: Matrix, target: Target,
        sampleWeights: [Double]?
    ) {
        self.hyperparameters = hyperparameters
        self.sampleWeights = sampleWeights
        search = NeighborSearch(training: training, metric: hyperparameters.metric)
        switch target {
        case .classification(let labels, let classes):
            task = .classification
            classCount = classes.count
            self.labels = labels
            values = []
        case .regression(let values):
            task = .regression
            classCount = 0
            labels = []
            self.values = values
        }
    }

    /// Vote shares (classification) or (weighted) neighbour means (regression) for every row.
    /// O(q·n·d) for q query rows against n training rows.
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``,
    ///   ``LearnerError/nonFiniteFeature(learner:row:column:)`` (a NaN or infinite distance
    ///   ranks no neighbour).
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        if let (row, column) = features.firstNonFinite() {
            throw .nonFiniteFeature(learner: Self.familyName, row: row, column: column)
        }
        let k = hyperparameters.neighborCount
        let neighbors = search.nearest(features, count: k)
        let q = features.rows
        var weights = [Double](repeating: 1, count: k)
        switch task {
        case .classification:
            var probabilities = Matrix(rows: q, columns: classCount)
            var labelsOut = [Int](repeating: 0, count: q)
            for r in 0..<q {
                neighborWeights(neighbors, row: r, into: &weights)
                var total = 0.0
                for slot in 0..<k {
                    let label = labels[neighbors.indices[r * k + slot]]
                    probabilities.storage[r * classCount + label] += weights[slot]
                    total += weights[slot]
                }
                var best = 0
                for c in 0..<classCount {
                    probabilities.storage[r * classCount + c] /= total
                    if probabilities.storage[r * classCount + c]
                        > probabilities.storage[r * classCount + best]
                    {
                        best = c
                    }
                }
                labelsOut[r] = best
            }
            return .classes(labels: labelsOut, probabilities: probabilities)
        case .regression:
            var predictions = [Double](repeating: 0, count: q)
            for r in 0..<q {
                neighborWeights(neighbors, row: r, into: &weights)
                var sum = 0.0
                var total = 0.0
                for slot in 0..<k {
                    sum += weights[slot] * values[neighbors.indices[r * k + slot]]
                    total += weights[slot]
                }
                predictions[r] = sum / total
            }
            return .values(predictions)
        }
    }

    /// The weight of each of row `r`'s neighbours: 1 or 1/distance (scikit-learn's
    /// `_get_weights`: when some distances are 0, those neighbours get 1 and the rest 0), times
    /// the neighbour's sample weight. The weights are positive, or 1 and 0 with at least one 1.
    private func neighborWeights(_ neighbors: Neighbors, row r: Int, into weights: inout [Double]) {
        let k = neighbors.count
        switch hyperparameters.weights {
        case .uniform:
            for slot in 0..<k { weights[slot] = 1 }
        case .distance:
            // Distances are sorted, so a zero one comes first and the largest weight is the first.
            let hasZero = neighbors.distances[r * k] == 0
            for slot in 0..<k {
                let distance = neighbors.distances[r * k + slot]
                weights[slot] = hasZero ? (distance == 0 ? 1 : 0) : 1 / distance
            }
            // Only distances that overflowed to ∞ can make every weight 0: count them alike.
            if weights[0] == 0 {
                for slot in 0..<k { weights[slot] = 1 }
            }
        }
        if let sampleWeights {
            for slot in 0..<k { weights[slot] *= sampleWeights[neighbors.indices[r * k + slot]] }
        }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case version, task, hyperparameters, classCount, training, labels, values, sampleWeights
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        task = try container.decode(LearningTask.self, forKey: .task)
        hyperparameters = try container.decode(
            KNearestNeighbors.Hyperparameters.self, forKey: .hyperparameters)
        let classCount = try container.decode(Int.self, forKey: .classCount)
        self.classCount = classCount
        let training = try container.decode(Matrix.self, forKey: .training)
        let labels = try container.decode([Int].self, forKey: .labels)
        let values = try container.decode([Double].self, forKey: .values)
        let sampleWeights = try container.decodeIfPresent([Double].self, forKey: .sampleWeights)
        (self.labels, self.values, self.sampleWeights) = (labels, values, sampleWeights)
        let n = training.rows
        let targetsFit =
            task == .classification
            ? labels.count == n && labels.allSatisfy { $0 >= 0 && $0 < classCount }
            : values.count == n
        // A model without training rows would "find" neighbours that do not exist.
        guard n >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .training, in: container,
                debugDescription: "knn model: no training rows; a model needs at least one")
        }
        guard training.storage.count == n * training.columns, targetsFit,
            (sampleWeights?.count ?? n) == n,
            (1...n).contains(hyperparameters.neighborCount)
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: container.codingPath,
                    debugDescription:
                        "knn model: training rows, targets, weights and neighbor_count do not agree"
                ))
        }
        search = NeighborSearch(training: training, metric: hyperparameters.metric)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(task, forKey: .task)
        try container.encode(hyperparameters, forKey: .hyperparameters)
        try container.encode(classCount, forKey: .classCount)
        try container.encode(search.training, forKey: .training)
        try container.encode(labels, forKey: .labels)
        try container.encode(values, forKey: .values)
        try container.encodeIfPresent(sampleWeights, forKey: .sampleWeights)
    }
}
