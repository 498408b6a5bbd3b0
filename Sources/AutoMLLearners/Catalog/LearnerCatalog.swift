import AutoMLData

/// Every learner family this build offers, by the names search spaces and the command line use.
/// Each family adds one line to ``families`` (and its model type to ``ModelRegistry``).
public enum LearnerCatalog {
    /// All families, in the order benchmarks list them.
    public static let families: [LearnerFamily] = [
        .of(ConstantBaseline.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "most frequent class / mean (scikit-learn's Dummy*)"),
        .of(GradientBoosting.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "histogram gradient boosting, leaf-wise trees (LightGBM / scikit-learn HistGradientBoosting*)"),
    ]

    /// The family called `name`.
    public static func family(named name: String) -> LearnerFamily? {
        families.first { $0.name == name }
    }

    /// The families that handle `task`.
    public static func families(for task: LearningTask) -> [LearnerFamily] {
        families.filter { $0.handles(task) }
    }
}
