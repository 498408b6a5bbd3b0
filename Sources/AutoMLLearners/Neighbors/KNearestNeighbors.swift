import AutoMLData
import AutoMLNumerics

/// k-nearest neighbours for classification and regression (scikit-learn's
/// `KNeighborsClassifier` / `KNeighborsRegressor` with `algorithm="brute"`).
///
/// Fitting stores the training rows; prediction finds, for every query row, the
/// ``Hyperparameters-swift.struct/neighborCount`` closest training rows and lets them vote
/// (classification: the class probabilities are the (weighted) vote shares) or averages their
/// targets (regression). Euclidean distances come from the expansion
/// ‖q − x‖² = ‖q‖² + ‖x‖² − 2·q·x with the cross terms from BLAS `dgemm` in blocks of query ×
/// training rows (`dgemv` for a single query row), followed by a partial selection of the k
/// smallest per row; the winners' distances are then recomputed exactly. See
/// ``NeighborSearch``.
///
/// Ties in distance go to the training row that comes first; ties in the vote go to the class
/// with the lower index, as scikit-learn's `mode` does. Sample weights (an extension: scikit-learn
/// takes none) multiply each neighbour's vote or averaging weight; rows of weight 0 are dropped.
///
/// ```swift
/// let model = try KNearestNeighbors(.init(neighborCount: 7, weights: .distance)).fit(data)
/// let prediction = try model.predict(queries)
/// ```
public struct KNearestNeighbors: Learner {
    /// How neighbours are weighted (scikit-learn `weights`).
    public enum Weighting: String, Codable, Sendable, CaseIterable {
        /// Every neighbour counts the same.
        case uniform
        /// A neighbour counts 1 / distance; neighbours at distance 0, if any, take all the weight.
        case distance
    }

    /// The distance between rows (scikit-learn `metric="minkowski"` with `p` 2 or 1).
    public enum DistanceMetric: String, Codable, Sendable, CaseIterable {
        /// ‖q − x‖₂ (`p=2`), computed through BLAS.
        case euclidean
        /// ‖q − x‖₁ (`p=1`), computed by a direct loop.
        case manhattan
    }

    /// The settings of ``KNearestNeighbors``; defaults are scikit-learn's.
    public struct Hyperparameters: LearnerHyperparameters {
        /// Number of neighbours that vote (scikit-learn `n_neighbors`), default 5. Must not exceed
        /// the number of training rows (with positive weight).
        public var neighborCount: Int
        /// Vote weighting (scikit-learn `weights`), default `uniform`.
        public var weights: Weighting
        /// Distance (scikit-learn `metric`/`p`), default `euclidean`.
        public var metric: DistanceMetric

        public init(
            neighborCount: Int = 5, weights: Weighting = .uniform,
            metric: DistanceMetric = .euclidean
        ) {
            self.neighborCount = neighborCount
            self.weights = weights
            self.metric = metric
        }

        public init() { self.init(neighborCount: 5) }

        private enum CodingKeys: String, CodingKey { case neighborCount, weights, metric }

        /// Missing keys take the defaults.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Hyperparameters()
            neighborCount =
                try container.decodeIfPresent(Int.self, forKey: .neighborCount)
                ?? defaults.neighborCount
            weights =
                try container.decodeIfPresent(Weighting.self, forKey: .weights) ?? defaults.weights
            metric =
                try container.decodeIfPresent(DistanceMetric.self, forKey: .metric)
                ?? defaults.metric
        }
    }

    public static let familyName = "knn"
    public static let rules: [HyperparameterRule] = [.integer("neighbor_count", atLeast: 1)]
    public let hyperparameters: Hyperparameters

    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for
    ///   `neighbor_count < 1`.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Stores the training rows (those of positive weight) and their targets. O(n·d).
    /// - Parameter seed: Unused: the fit is deterministic.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data or
    ///   fewer usable rows than ``Hyperparameters-swift.struct/neighborCount``.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError)
        -> KNearestNeighborsModel
    {
        try data.validate(for: Self.familyName)
        var features = data.features
        var target = data.target
        var weights = data.weights
        if let given = weights, given.contains(0) {
            let kept = given.indices.filter { given[$0] > 0 }
            features = features.rows(at: kept)
            target = target.subset(kept)
            weights = kept.map { given[$0] }
        }
        let count = features.rows
        guard hyperparameters.neighborCount <= count else {
            throw .invalidTrainingData(
                learner: Self.familyName,
                reason:
                    "neighbor_count \(hyperparameters.neighborCount) exceeds the \(count) training rows "
                    + "of positive weight; lower neighbor_count")
        }
        if let given = weights, given.allSatisfy({ $0 == given[0] }) { weights = nil }
        return KNearestNeighborsModel(
            hyperparameters: hyperparameters, training: features, target: target,
            sampleWeights: weights)
    }
}

extension Target {
    /// The target restricted to `indices`, in that order (class names kept).
    fileprivate func subset(_ indices: [Int]) -> Target {
        switch self {
        case .classification(let labels, let classes):
            return .classification(labels: indices.map { labels[$0] }, classes: classes)
        case .regression(let values):
            return .regression(indices.map { values[$0] })
        }
    }
}
