import AutoMLData

/// Every learner family this build offers, by the names search spaces and the command line use.
/// Each family adds one line to ``families`` (and its model type to ``ModelRegistry``).
public enum LearnerCatalog {
    /// All families, in the order benchmarks list them.
    public static let families: [LearnerFamily] = [
        .of(ConstantBaseline.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "most frequent class / mean (scikit-learn's Dummy*)"),
        .of(LogisticRegression.self, tasks: [.classification], scalesFeatures: true,
            summary: "binary / multinomial logistic regression, L2, L1 or elastic-net penalty (L-BFGS, OWL-QN)"),
        .of(LinearRegression.self, tasks: [.regression], scalesFeatures: false,
            summary: "ordinary least squares (rank-revealing normal equations)"),
        .of(Ridge.self, tasks: [.regression], scalesFeatures: false,
            summary: "least squares with an L2 penalty, closed form"),
        .of(Lasso.self, tasks: [.regression], scalesFeatures: false,
            summary: "least squares with an L1 penalty (coordinate descent)"),
        .of(ElasticNet.self, tasks: [.regression], scalesFeatures: false,
            summary: "least squares with an L1 + L2 penalty (coordinate descent)"),
        .of(KNearestNeighbors.self, tasks: [.classification, .regression], scalesFeatures: true,
            summary: "k-nearest neighbours, brute force through BLAS (scikit-learn's KNeighbors*)"),
        .of(GaussianNaiveBayes.self, tasks: [.classification], scalesFeatures: false,
            summary: "Gaussian naive Bayes (scikit-learn's GaussianNB)"),
        .of(MultilayerPerceptron.self, tasks: [.classification, .regression], scalesFeatures: true,
            summary: "multilayer perceptron trained with Adam (scikit-learn's MLPClassifier/MLPRegressor)"),
        .of(DecisionTree.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "one CART tree, grown until pure (scikit-learn's DecisionTree*)"),
        .of(RandomForest.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "bagged CART trees on random feature subsets (scikit-learn's RandomForest*)"),
        .of(ExtraTrees.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "extremely randomized trees (scikit-learn's ExtraTrees*)"),
        .of(GradientBoosting.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "histogram gradient boosting, leaf-wise trees (LightGBM / scikit-learn HistGradientBoosting*)"),
        .of(SVM.self, tasks: [.classification, .regression], scalesFeatures: true,
            summary: "kernel SVM by libsvm's SMO: SVC one-vs-one / ε-SVR (scikit-learn's SVC, SVR)"),
        .of(LinearSVM.self, tasks: [.classification, .regression], scalesFeatures: true,
            summary: "linear SVM by liblinear's dual coordinate descent (scikit-learn's LinearSVC, LinearSVR)"),
        .of(AdaBoost.self, tasks: [.classification, .regression], scalesFeatures: false,
            summary: "AdaBoost over shallow trees: SAMME / AdaBoost.R2 (scikit-learn's AdaBoost*)"),
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
