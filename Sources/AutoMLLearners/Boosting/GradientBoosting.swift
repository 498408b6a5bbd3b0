import AutoMLData
import AutoMLNumerics

/// Histogram gradient boosting of regression trees, grown leaf-wise: LightGBM's algorithm
/// (Ke et al. 2017, "LightGBM: A Highly Efficient Gradient Boosting Decision Tree") with the
/// second-order gain of XGBoost (Chen & Guestrin 2016), like scikit-learn's
/// `HistGradientBoostingClassifier` / `HistGradientBoostingRegressor`.
///
/// Fitting:
/// 1. With early stopping, a share of the rows (stratified for classification) is held out.
/// 2. Features are cut into at most 255 quantile bins on the training rows
///    (``FeatureBinner``) and stored as one byte per value, column by column.
/// 3. Scores start at the mean, the prior log-odds or the log priors
///    (``GradientBoostingLoss``).
/// 4. Each iteration computes every row's gradient and hessian, draws the rows
///    (`baggingFraction`) and, per tree, the features (`featureFraction`), and grows one tree
///    per score column (``HistogramTreeGrower``): squared error and two classes grow one tree,
///    K ≥ 3 classes grow K trees (softmax). Leaf values are −G/(H + λ) times the learning rate.
/// 5. With early stopping, the held-out loss is tracked after every iteration and boosting
///    stops once it has not improved by `tolerance` for `iterationsWithoutChange` iterations
///    (scikit-learn's rule; the trees grown so far are kept). Boosting also stops when no tree
///    of an iteration can split (LightGBM's rule).
///
/// Cost per iteration: O(n · d) for the root histograms plus the smaller children's rows
/// times d; deterministic for a seed, whatever `jobs` is.
///
/// The defaults are LightGBM's `LGBMClassifier` / `LGBMRegressor` (31 leaves, no depth limit,
/// learning rate 0.1, 100 iterations, 20 rows and 1e-3 hessian per leaf, λ = 0, no sampling,
/// 255 bins, 3 rows per bin, start from the average, K/(K−1) softmax hessian factor). Where it
/// follows scikit-learn's HGB instead:
/// - `earlyStopping` defaults to `.auto` (on above 10 000 rows, 10 % held out, stratified),
///   stops on the held-out loss by scikit-learn's rule, and keeps every tree grown (LightGBM
///   has no split of its own and, given one, would keep the best iteration);
/// - bagging redraws the rows every iteration (LightGBM needs `bagging_freq > 0` for
///   `subsample` to act at all);
/// - there is no missing-value bin and no dedicated zero bin: inputs are imputed before they
///   reach a learner.
///
/// ```swift
/// let model = try GradientBoosting(.init(iterationCount: 200, learningRate: 0.05)).fit(data, seed: 7)
/// ```
public struct GradientBoosting: Learner {
    public static let familyName = "gradient_boosting"
    /// Above this many rows `earlyStopping: .auto` holds rows out (scikit-learn's 10 000).
    public static let autoEarlyStoppingRowCount = 10_000

    public let hyperparameters: Hyperparameters

    /// A learner with validated settings.
    /// - Throws: ``LearnerError/invalidHyperparameter(learner:name:expected:got:)`` for a value
    ///   outside its rule in ``rules``.
    public init(_ hyperparameters: Hyperparameters = .init()) throws(LearnerError) {
        try Self.validate(hyperparameters)
        self.hyperparameters = hyperparameters
    }

    /// Fits a model.
    ///
    /// - Parameters:
    ///   - data: Features (any scale: trees only compare values) and target; weights scale
    ///     each row's gradient and hessian.
    ///   - seed: Seed of the validation split, bagging and feature sampling.
    /// - Throws: ``LearnerError/invalidTrainingData(learner:reason:)`` for degenerate data, or
    ///   when early stopping is on and the rows cannot be split for validation.
    public func fit(_ data: TrainingData, seed: UInt64 = 0) throws(LearnerError)
        -> GradientBoostingModel
    {
        try data.validate(for: Self.familyName)
        let n = data.features.rows
        let random = RandomSource(seed: seed)

        let loss: GradientBoostingLoss
        let targets: [Double]
        var labels: [Int]?
        switch data.target {
        case .classification(let classLabels, let classes):
            loss = classes.count == 2 ? .binaryLogLoss : .softmax(classCount: classes.count)
            targets = classLabels.map(Double.init)
            labels = classLabels
        case .regression(let values):
            loss = .squaredError
            targets = values
        }

        // Step 1: the held-out rows.
        let stops =
            switch hyperparameters.earlyStopping {
            case .on: true
            case .off: false
            case .auto: n > Self.autoEarlyStoppingRowCount
            }
        var trainRows = Array(0..<n)
        var validationRows: [Int] = []
        if stops {
            let split = try Self.validationSplit(
                count: n, fraction: hyperparameters.validationFraction, labels: labels,
                seed: random.child(1).seed)
            trainRows = split.train
            validationRows = split.validation
        }

        // Step 2: bins learnt on the training rows only.
        let binner = FeatureBinner(
            fitting: data.features, rows: trainRows, maxBinCount: hyperparameters.maxBinCount,
            seed: random.child(2).seed, jobs: hyperparameters.jobs)
        let training = GradientBoostingTrainer.Part(
            codes: binner.binned(data.features, rows: trainRows, jobs: hyperparameters.jobs),
            targets: trainRows.map { targets[$0] },
            weights: data.weights.map { weights in trainRows.map { weights[$0] } })
        let validation =
            stops
            ? GradientBoostingTrainer.Part(
                codes: binner.binned(
                    data.features, rows: validationRows, jobs: hyperparameters.jobs),
                targets: validationRows.map { targets[$0] },
                weights: data.weights.map { weights in validationRows.map { weights[$0] } })
            : nil

        // Steps 3–5.
        let trainer = GradientBoostingTrainer(
            hyperparameters: hyperparameters, loss: loss, binner: binner, training: training,
            validation: validation, random: random)
        let (trees, validationLosses) = trainer.run()
        return GradientBoostingModel(
            task: data.target.task, featureCount: data.features.columns,
            classCount: data.target.classes.count, initialScores: trainer.initialScores,
            trees: trees,
            validationLosses: validationLosses)
    }

    /// The held-out split for early stopping: stratified when every class allows it, plain
    /// otherwise (scikit-learn's `train_test_split(stratify=y)`).
    private static func validationSplit(
        count: Int, fraction: Double, labels: [Int]?, seed: UInt64
    ) throws(LearnerError) -> Split {
        if let labels,
            let split = try? Splitter.holdout(
                count: count, validationFraction: fraction, stratifiedBy: labels, seed: seed)
        {
            return split
        }
        do {
            return try Splitter.holdout(count: count, validationFraction: fraction, seed: seed)
        } catch {
            throw .invalidTrainingData(
                learner: familyName,
                reason: "early stopping cannot hold out \(fraction) of \(count) rows (\(error)); "
                    + "set early_stopping to off")
        }
    }
}
