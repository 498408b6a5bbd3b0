import AutoMLData

/// Every learner family this build offers, by the names search spaces and the command line use:
/// the one list of families. Adding a family is one entry in ``families``; ``ModelRegistry``,
/// the low-cost start's order and the help texts are derived from it.
public enum LearnerCatalog {
    /// All families, in the order benchmarks list them.
    public static let families: [LearnerFamily] = [
        .of(
            ConstantBaseline.self, tasks: [.classification, .regression], scalesFeatures: false,
            costRank: 0,
            summary: "most frequent class / mean (scikit-learn's Dummy*)"),
        .of(
            LogisticRegression.self, tasks: [.classification], scalesFeatures: true,
            costRank: 6,
            summary:
                "binary / multinomial logistic regression, L2, L1 or elastic-net penalty (L-BFGS, OWL-QN)"
        ),
        .of(
            LinearRegression.self, tasks: [.regression], scalesFeatures: false,
            costRank: 2,
            summary: "ordinary least squares (rank-revealing normal equations)"),
        .of(
            Ridge.self, tasks: [.regression], scalesFeatures: false,
            costRank: 3,
            summary: "least squares with an L2 penalty, closed form"),
        .of(
            Lasso.self, tasks: [.regression], scalesFeatures: false,
            costRank: 4,
            summary: "least squares with an L1 penalty (coordinate descent)"),
        .of(
            ElasticNet.self, tasks: [.regression], scalesFeatures: false,
            costRank: 5,
            summary: "least squares with an L1 + L2 penalty (coordinate descent)"),
        .of(
            KNearestNeighbors.self, tasks: [.classification, .regression], scalesFeatures: true,
            costRank: 10,
            summary: "k-nearest neighbours, brute force through BLAS (scikit-learn's KNeighbors*)"),
        .of(
            GaussianNaiveBayes.self, tasks: [.classification], scalesFeatures: false,
            costRank: 1,
            summary: "Gaussian naive Bayes (scikit-learn's GaussianNB)"),
        .of(
            MultilayerPerceptron.self, tasks: [.classification, .regression], scalesFeatures: true,
            costRank: 14,
            summary:
                "multilayer perceptron trained with Adam (scikit-learn's MLPClassifier/MLPRegressor)"
        ),
        .of(
            DecisionTree.self, tasks: [.classification, .regression], scalesFeatures: false,
            costRank: 7,
            summary: "one CART tree, grown until pure (scikit-learn's DecisionTree*)"),
        .of(
            RandomForest.self, tasks: [.classification, .regression], scalesFeatures: false,
            costRank: 12,
            summary: "bagged CART trees on random feature subsets (scikit-learn's RandomForest*)"),
        .of(
            ExtraTrees.self, tasks: [.classification, .regression], scalesFeatures: false,
            costRank: 11,
            summary: "extremely randomized trees (scikit-learn's ExtraTrees*)"),
        .of(
            GradientBoosting.self, tasks: [.classification, .regression], scalesFeatures: false,
            costRank: 8,
            summary:
                "histogram gradient boosting, leaf-wise trees (LightGBM / scikit-learn HistGradientBoosting*)"
        ),
        .of(
            SVM.self, tasks: [.classification, .regression], scalesFeatures: true,
            costRank: 15, startRowLimit: 10_000,
            summary: "kernel SVM by libsvm's SMO: SVC one-vs-one / ε-SVR (scikit-learn's SVC, SVR)"),
        .of(
            LinearSVM.self, tasks: [.classification, .regression], scalesFeatures: true,
            costRank: 9,
            summary:
                "linear SVM by liblinear's dual coordinate descent (scikit-learn's LinearSVC, LinearSVR)"
        ),
        .of(
            AdaBoost.self, tasks: [.classification, .regression], scalesFeatures: false,
            costRank: 13,
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
