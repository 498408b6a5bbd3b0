import AutoMLData

/// Every learner family this build offers, by the names search spaces and the command line use.
/// Each family adds one line to ``families`` (and its model type to ``ModelRegistry``).
public enum LearnerCatalog {
    /// All families, in the order benchmarks list them.
    public static let families: [LearnerFamily] = [
        .of(ConstantBaseline.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "most frequent class / mean (scikit-learn's Dummy*)"),
        .of(SVM.self, tasks: [.classification, .regression], scalesFeatures: true,
            summary: "kernel SVM by libsvm's SMO: SVC one-vs-one / ε-SVR (scikit-learn's SVC, SVR)"),
        .of(LinearSVM.self, tasks: [.classification, .regression], scalesFeatures: true,
            summary: "linear SVM by liblinear's dual coordinate descent (scikit-learn's LinearSVC, LinearSVR)"),
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
