import AutoMLData
import AutoMLNumerics

/// A forest of decision trees whose predictions are averaged: ``RandomForest`` (best splits
/// on bootstrap samples) or ``ExtraTrees`` (random thresholds on the whole set), as
/// scikit-learn builds them.
///
/// Each tree grows fully by default (see ``DecisionTree``) on its own sample, trying a random
/// subset of the features at each node. Classification averages the trees' leaf class
/// distributions; regression averages their leaf means. Trees grow in parallel when
/// ``ForestHyperparameters/jobs`` > 1; tree `t` draws everything from
/// `RandomSource(seed:).child(t)`, so the model is the same for every thread count.
/// Fitting is O(d · n log n) once plus O(trees · d · n · depth).
public struct Forest<Kind: ForestKind>: Learner {
    public typealias Hyperparameters = ForestHyperparameters<Kind>

    public static var familyName: String { Kind.familyName }
    public static var rules: [HyperparameterRule] {
        [
            .integer("tree_count", atLeast: 1),
            .integer("max_depth", atLeast: 1),
            .integer("min_samples_split", atLeast: 2),
            .integer("min_samples_leaf", atLeast: 1),
            .real("min_impurity_decrease", atLeast: 0),
            .real("max_samples", above: 0, atMost: 1),
            .integer("jobs", atLeast: 1, atMost: 1024),
        ]
    }
    public let hyperparameters: Hyperparameters

    /// A forest learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)``, also when
    ///   `oob_score` or `max_samples` is set without `bootstrap`.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        try hyperparameters.maxFeatures?.check(learner: Self.familyName)
        if !hyperparameters.bootstrap {
            if hyperparameters.oobScore {
                throw .invalidHyperparameter(
                    learner: Self.familyName, name: "oob_score", expected: "false unless bootstrap is true",
                    got: "true")
            }
            if let maxSamples = hyperparameters.maxSamples {
                throw .invalidHyperparameter(
                    learner: Self.familyName, name: "max_samples", expected: "unset (null) unless bootstrap is true",
                    got: "\(maxSamples)")
            }
        }
        self.hyperparameters = hyperparameters
    }

    /// Grows the forest.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data,
    ///   ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a criterion of
    ///   the other task.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError) -> ForestModel<Kind> {
        try data.validate(for: Self.familyName)
        let h = hyperparameters
        let set = try TreeTrainingSet(data, learner: Self.familyName, presort: Kind.splitStrategy == .best)
        let isClassification = set.task == .classification
        let growth = TreeGrowthSettings(
            criterion: try .resolved(h.criterion, for: set.task, learner: Self.familyName),
            strategy: Kind.splitStrategy, maxDepth: h.maxDepth ?? .max, minSamplesSplit: h.minSamplesSplit,
            minSamplesLeaf: h.minSamplesLeaf,
            featuresPerSplit: (h.maxFeatures ?? (isClassification ? .sqrt : .all)).count(of: set.featureCount),
            minImpurityDecrease: h.minImpurityDecrease)
        let trainer = ForestTrainer(
            set: set, growth: growth, treeCount: h.treeCount, bootstrap: h.bootstrap,
            maxSamples: h.maxSamples, sampleWeights: data.weights, seed: seed)
        let trees = trainer.growTrees(jobs: h.jobs)
        let ensemble = TreeEnsemble(
            task: set.task, featureCount: set.featureCount, classCount: set.classCount, trees: trees)
        let score = h.oobScore ? trainer.outOfBagScore(of: trees, features: data.features, target: data.target) : nil
        return ForestModel(ensemble: ensemble, outOfBagScore: score)
    }
}
