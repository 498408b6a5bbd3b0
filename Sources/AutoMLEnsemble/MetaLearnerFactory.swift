import AutoMLData
import AutoMLLearners

/// The learners behind ``MetaLearnerKind``, taken from the ``LearnerCatalog``.
enum MetaLearnerFactory {
    static func learner(
        _ kind: MetaLearnerKind, regularization: Double?, task: LearningTask
    ) throws(EnsembleError) -> AnyLearner {
        let (family, overrides): (String, [String: HyperparameterValue]) =
            switch (kind, task) {
            case (.linear, .classification):
                ("logistic_regression", ["c": .real(regularization ?? 1.0)])
            case (.linear, .regression): ("ridge", ["alpha": .real(regularization ?? 1.0)])
            case (.smallForest, _):
                (
                    "random_forest",
                    ["tree_count": 50, "max_depth": .integer(Int(regularization ?? 6))]
                )
            case (.smallMLP, _):
                ("mlp", ["hidden_layer_sizes": [16], "alpha": .real(regularization ?? 1e-4)])
            }
        guard let entry = LearnerCatalog.family(named: family) else {
            throw .invalidSetting(
                name: "meta_learner", expected: "a learner family this build has", got: family)
        }
        do { return try entry.learner(overrides) } catch { throw .learner(error) }
    }
}
