import AutoMLData
import AutoMLNumerics

/// What k-fold cross-validation of one learner measured.
public struct CrossValidationResult: Sendable {
    /// The metric the folds were scored with.
    public let metric: Metric
    /// One score per fold that ran, in fold order.
    public let foldScores: [Double]
    /// Wall seconds of each fold's fit (preprocessing included).
    public let fitSeconds: [Double]
    /// Out-of-fold predictions: row `i` was predicted by the model that did not see it.
    /// Only complete when every fold ran (see ``isComplete``).
    public let outOfFold: Prediction
    /// Whether every fold ran (false when `continueAfterFold` stopped early).
    public let isComplete: Bool

    /// Mean of the fold scores.
    public var mean: Double { foldScores.reduce(0, +) / Double(max(foldScores.count, 1)) }

    /// Sample standard deviation of the fold scores (0 for one fold).
    public var standardDeviation: Double {
        guard foldScores.count > 1 else { return 0 }
        let m = mean
        return (foldScores.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(foldScores.count - 1))
            .squareRoot()
    }
}

/// One fold of a cross-validation: its score, fit time, predictions and fitted pipeline.
public struct FoldResult: Sendable {
    public var index: Int
    public var score: Double
    /// Wall seconds of the fit, preprocessing included.
    public var fitSeconds: Double
    /// Predictions of the validation rows, in ``validationRows`` order.
    public var prediction: Prediction
    /// The dataset rows predicted.
    public var validationRows: [Int]
    /// The fold's fitted preprocessing and model.
    public var pipeline: Pipeline
}

/// Collects folds' validation predictions into out-of-fold predictions of every row
/// (classification: the predicted label is the most probable class).
public struct OutOfFoldAssembler: Sendable {
    private let task: LearningTask
    private let classCount: Int
    private var probabilities: Matrix
    private var values: [Double]

    /// An empty assembler for the rows of `dataset`.
    public init(for dataset: Dataset) {
        let n = dataset.rowCount
        task = dataset.task
        classCount = dataset.target.classes.count
        probabilities = Matrix(rows: dataset.task == .classification ? n : 0, columns: classCount)
        values = [Double](repeating: .nan, count: dataset.task == .regression ? n : 0)
    }

    /// Adds one fold's predictions.
    public mutating func add(_ fold: FoldResult) {
        switch fold.prediction {
        case .classes(_, let foldProbabilities):
            for (r, row) in fold.validationRows.enumerated() {
                for k in 0..<classCount {
                    probabilities.storage[row * classCount + k] =
                        foldProbabilities.storage[r * classCount + k]
                }
            }
        case .values(let foldValues):
            for (r, row) in fold.validationRows.enumerated() { values[row] = foldValues[r] }
        }
    }

    /// The out-of-fold prediction (rows of folds not added are zero / NaN).
    public var prediction: Prediction {
        guard task == .classification else { return .values(values) }
        let n = probabilities.rows
        var labels = [Int](repeating: 0, count: n)
        for r in 0..<n {
            var best = 0
            for k in 1..<max(classCount, 1)
            where probabilities.storage[r * classCount + k]
                > probabilities.storage[r * classCount + best]
            {
                best = k
            }
            labels[r] = best
        }
        return .classes(labels: labels, probabilities: probabilities)
    }
}

/// k-fold cross-validation: preprocessing is fitted on each training part only, so nothing of a
/// validation fold leaks into its model.
public enum CrossValidation {
    /// The default folds for `dataset`: stratified for classification, shuffled k-fold for
    /// regression (scikit-learn's `StratifiedKFold` / `KFold(shuffle=True)`).
    public static func folds(for dataset: Dataset, count: Int = 5, seed: UInt64) throws(DataError)
        -> [Split]
    {
        switch dataset.target {
        case .classification(let labels, let classes):
            var counts = [Int](repeating: 0, count: classes.count)
            for label in labels where counts.indices.contains(label) { counts[label] += 1 }
            if count >= 2,
                let smallest = counts.indices.filter({ counts[$0] > 0 }).min(by: {
                    counts[$0] < counts[$1]
                }),
                counts[smallest] < count
            {
                throw .classTooSmallForFolds(
                    className: classes[smallest], rows: counts[smallest], folds: count)
            }
            return try Splitter.stratifiedKFold(labels: labels, folds: count, seed: seed)
        case .regression(let values):
            return try Splitter.kFold(count: values.count, folds: count, shuffle: true, seed: seed)
        }
    }

    /// Fits `learner` on each split's training rows and scores it on the validation rows.
    ///
    /// - Parameters:
    ///   - learner: The learner; fold `i` fits with seed `RandomSource(seed:).child(i)`.
    ///   - dataset: Raw features and target.
    ///   - splits: The folds, e.g. from ``folds(for:count:seed:)`` or, predefined, from
    ///     ``FoldAssignment/splits(for:dataSource:)``.
    ///   - metric: How each fold is scored.
    ///   - preprocessing: Fitted per training part.
    ///   - seed: Root of the per-fold seeds.
    ///   - continueAfterFold: Called after each fold (the last included) with its index and
    ///     score; return `false` to stop (pruning). The result then holds the folds that ran.
    ///   - foldPipeline: Called with each fold's fitted preprocessing + model (for latency
    ///     measurements or keeping fold models).
    /// - Throws: ``LearnerError`` from preprocessing, fitting or scoring.
    public static func evaluate(
        _ learner: AnyLearner, on dataset: Dataset, splits: [Split], metric: Metric,
        preprocessing: PreprocessorSettings = .init(), seed: UInt64 = 0,
        continueAfterFold: (Int, Double) -> Bool = { _, _ in true },
        foldPipeline: ((Int, Pipeline) -> Void)? = nil
    ) throws(LearnerError) -> CrossValidationResult {
        var assembler = OutOfFoldAssembler(for: dataset)
        var scores: [Double] = []
        var seconds: [Double] = []
        var complete = true
        for (index, split) in splits.enumerated() {
            let fold = try evaluateFold(
                learner, on: dataset, split: split, index: index, metric: metric,
                preprocessing: preprocessing, seed: seed)
            foldPipeline?(index, fold.pipeline)
            scores.append(fold.score)
            seconds.append(fold.fitSeconds)
            assembler.add(fold)
            if !continueAfterFold(index, fold.score), index < splits.count - 1 {
                complete = false
                break
            }
        }
        return CrossValidationResult(
            metric: metric, foldScores: scores, fitSeconds: seconds,
            outOfFold: assembler.prediction,
            isComplete: complete)
    }

    /// Fits `learner` on one split's training rows (preprocessing included) and scores it on its
    /// validation rows: fold `index` of ``evaluate(_:on:splits:metric:preprocessing:seed:continueAfterFold:foldPipeline:)``,
    /// for callers that run folds one at a time (a model trial that reports each fold).
    /// - Throws: ``LearnerError`` from preprocessing, fitting or scoring.
    public static func evaluateFold(
        _ learner: AnyLearner, on dataset: Dataset, split: Split, index: Int, metric: Metric,
        preprocessing: PreprocessorSettings = .init(), seed: UInt64 = 0
    ) throws(LearnerError) -> FoldResult {
        let classCount = dataset.target.classes.count
        let clock = ContinuousClock()
        let train = dataset.rows(at: split.train)
        let validation = dataset.rows(at: split.validation)
        let start = clock.now
        let preprocessor: Preprocessor
        let trainMatrix: Matrix
        let validationMatrix: Matrix
        do {
            (preprocessor, trainMatrix) = try Preprocessor.fitTransform(
                train.features, settings: preprocessing)
        } catch { throw .data(error) }
        let model = try learner.fit(
            TrainingData(features: trainMatrix, target: train.target),
            seed: RandomSource(seed: seed).child(UInt64(index)).seed)
        let fitSeconds = (clock.now - start).seconds
        do { validationMatrix = try preprocessor.transform(validation.features) } catch {
            throw .data(error)
        }
        let prediction = try model.predict(validationMatrix)
        let pipeline = Pipeline(
            preprocessor: preprocessor, model: model, targetName: dataset.targetName,
            classes: dataset.target.classes)
        let score = try Self.score(
            prediction, truth: validation.target, metric: metric, classCount: classCount)
        return FoldResult(
            index: index, score: score, fitSeconds: fitSeconds, prediction: prediction,
            validationRows: split.validation, pipeline: pipeline)
    }

    /// The score of `prediction` against `truth` under `metric`.
    /// - Throws: ``LearnerError/data(_:)`` when the metric does not fit the task.
    public static func score(
        _ prediction: Prediction, truth: Target, metric: Metric, classCount: Int
    ) throws(LearnerError) -> Double {
        do {
            switch (prediction, truth) {
            case let (.classes(labels, probabilities), .classification(trueLabels, _)):
                if metric.needsProbabilities {
                    return try metric.score(truth: trueLabels, probabilities: probabilities)
                }
                return try metric.score(
                    truth: trueLabels, predicted: labels, classCount: classCount)
            case let (.values(values), .regression(trueValues)):
                return try metric.score(truth: trueValues, predicted: values)
            default:
                throw DataError.invalidArgument(
                    name: "metric", value: metric.rawValue,
                    expected: "a metric for the dataset's task")
            }
        } catch let error as DataError {
            throw .data(error)
        } catch {
            throw .data(
                .invalidArgument(name: "metric", value: metric.rawValue, expected: "\(error)"))
        }
    }
}
