import AutoMLNumerics

/// A score that ranks models: how well predictions match the truth.
///
/// Raw values are the names the command line accepts (`--metric f1_macro`); each case follows the
/// scikit-learn function of the same meaning and matches it to 1e-9 on the same inputs. Scoring
/// goes through one of three calls, chosen by what the model produced:
///
/// ```swift
/// let f1 = try Metric.macroF1.score(truth: labels, predicted: predictedLabels, classCount: 3)
/// let auc = try Metric.rocAUC.score(truth: labels, probabilities: probabilities)
/// let rmse = try Metric.rmse.score(truth: targets, predicted: predictions)
/// ```
///
/// Class labels are indices `0..<classCount`, so class `c` is column `c` of a probability matrix.
/// A study compares values with ``isHigherBetter``; nothing is negated the way scikit-learn's
/// scorers (`neg_log_loss`, `neg_root_mean_squared_error`) are.
public enum Metric: String, CaseIterable, Codable, Sendable {
    /// Fraction of samples whose predicted class is the true one (`accuracy_score`).
    case accuracy
    /// Mean recall over the classes present in the truth (`balanced_accuracy_score`).
    case balancedAccuracy = "balanced_accuracy"
    /// Unweighted mean of per-class F1 (`f1_score(average="macro", zero_division=0)`).
    case macroF1 = "f1_macro"
    /// Mean negative log-likelihood of the true class (`log_loss`); needs probabilities.
    case logLoss = "log_loss"
    /// Area under the ROC curve (`roc_auc_score`, one-vs-rest macro for several classes);
    /// needs probabilities.
    case rocAUC = "roc_auc"
    /// Root mean squared error (`root_mean_squared_error`).
    case rmse
    /// Mean absolute error (`mean_absolute_error`).
    case mae
    /// Coefficient of determination (`r2_score`).
    case r2

    /// Whether a larger value means a better model (accuracy) rather than a worse one (RMSE).
    public var isHigherBetter: Bool {
        switch self {
        case .accuracy, .balancedAccuracy, .macroF1, .rocAUC, .r2: true
        case .logLoss, .rmse, .mae: false
        }
    }

    /// Whether the metric scores class labels (`true`) or real-valued targets (`false`).
    public var isClassification: Bool {
        switch self {
        case .accuracy, .balancedAccuracy, .macroF1, .logLoss, .rocAUC: true
        case .rmse, .mae, .r2: false
        }
    }

    /// Whether the metric needs class probabilities rather than predicted labels, so it can
    /// only be computed with ``score(truth:probabilities:)``.
    public var needsProbabilities: Bool {
        self == .logLoss || self == .rocAUC
    }

    /// The name shown in reports and tables, e.g. "Balanced accuracy" or "R²".
    public var displayName: String {
        switch self {
        case .accuracy: "Accuracy"
        case .balancedAccuracy: "Balanced accuracy"
        case .macroF1: "Macro F1"
        case .logLoss: "Log loss"
        case .rocAUC: "ROC AUC"
        case .rmse: "RMSE"
        case .mae: "MAE"
        case .r2: "R²"
        }
    }

    /// Scores predicted class labels against true ones.
    ///
    /// For ``macroF1`` the classes averaged over are those present in `truth` or `predicted`,
    /// and a class never predicted scores 0 (scikit-learn's `zero_division=0`). For
    /// ``balancedAccuracy`` a class that only appears in `predicted` is left out of the mean,
    /// as scikit-learn does (it warns). O(n + classCount²).
    ///
    /// - Parameters:
    ///   - truth: True class indices, each in `0..<classCount`.
    ///   - predicted: Predicted class indices, one per element of `truth`.
    ///   - classCount: Number of classes (≥ 1).
    /// - Returns: The score, in [0, 1].
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` when the metric needs
    ///   probabilities or is a regression metric, when `truth` is empty, when `classCount < 1`,
    ///   or when a label is outside `0..<classCount`;
    ///   ``DataError/shapeMismatch(operation:expected:got:)`` when the lengths differ.
    public func score(truth: [Int], predicted: [Int], classCount: Int) throws(DataError) -> Double {
        guard isClassification, !needsProbabilities else {
            throw wrongCall(
                expected: "a metric that scores class labels (accuracy, balanced_accuracy, "
                    + "f1_macro); use score(truth:probabilities:) for log_loss and roc_auc, "
                    + "score(truth:predicted:) with [Double] for regression metrics")
        }
        guard classCount >= 1 else {
            throw .invalidArgument(name: "classCount", value: "\(classCount)", expected: "≥ 1")
        }
        try checkCounts(truth.count, predicted.count, what: "predicted labels")
        try checkLabels(truth, classCount: classCount, name: "truth")
        try checkLabels(predicted, classCount: classCount, name: "predicted")
        let confusion = ClassificationMetrics.confusion(
            truth: truth, predicted: predicted, classCount: classCount)
        return ClassificationMetrics.score(self, confusion: confusion, classCount: classCount)
    }

    /// Scores class probabilities against true labels.
    ///
    /// ``accuracy``, ``balancedAccuracy`` and ``macroF1`` score the most probable class of each
    /// row (the first one on ties, like NumPy's `argmax`). ``logLoss`` clips probabilities to
    /// [ε, 1 − ε] with ε the machine epsilon, as scikit-learn 1.5 and later do (older releases
    /// clipped at 1e-15 and renormalized rows). ``rocAUC`` uses column 1 when there are two
    /// columns and otherwise averages one-vs-rest AUCs over classes
    /// (`roc_auc_score(multi_class="ovr", average="macro")`); tied scores count one half, i.e.
    /// ranks are averaged. O(n · k) for all but ``rocAUC``, which is O(k · n log n).
    ///
    /// - Parameters:
    ///   - truth: True class indices, each in `0..<probabilities.columns`.
    ///   - probabilities: `n × k` matrix, row `i` holding sample `i`'s class probabilities
    ///     (k ≥ 2). For ``logLoss`` and multiclass ``rocAUC`` each row must lie in [0, 1] and
    ///     sum to 1 within 1e-5 (the tolerance of NumPy's `allclose`, which scikit-learn uses).
    /// - Returns: The score; log loss is in [0, ∞), the others in [0, 1].
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` for a regression metric,
    ///   empty `truth`, fewer than two columns, a label outside `0..<k`, a non-finite or
    ///   out-of-range probability, a row that does not sum to 1, or (``rocAUC``) a class with
    ///   no sample in `truth`; ``DataError/shapeMismatch(operation:expected:got:)`` when the
    ///   matrix does not have one row per label.
    public func score(truth: [Int], probabilities: Matrix) throws(DataError) -> Double {
        guard isClassification else {
            throw wrongCall(
                expected: "a classification metric; use score(truth:predicted:) with [Double] "
                    + "for regression metrics")
        }
        let classCount = probabilities.columns
        guard classCount >= 2 else {
            throw .invalidArgument(
                name: "probabilities", value: "\(classCount) column(s)",
                expected: "a matrix with one column per class and at least two columns")
        }
        try checkCounts(truth.count, probabilities.rows, what: "probability rows")
        try checkLabels(truth, classCount: classCount, name: "truth")
        let needsDistribution = self == .logLoss || (self == .rocAUC && classCount > 2)
        try ClassificationMetrics.checkProbabilities(
            probabilities, rowsSumToOne: needsDistribution, metric: self)
        switch self {
        case .logLoss:
            return ClassificationMetrics.logLoss(truth: truth, probabilities: probabilities)
        case .rocAUC:
            return try ROCAUC.score(truth: truth, probabilities: probabilities)
        default:
            let predicted = ClassificationMetrics.argmax(probabilities)
            let confusion = ClassificationMetrics.confusion(
                truth: truth, predicted: predicted, classCount: classCount)
            return ClassificationMetrics.score(self, confusion: confusion, classCount: classCount)
        }
    }

    /// Scores real-valued predictions against a real-valued target.
    ///
    /// ``r2`` is 1 − SS_res / SS_tot; for a constant truth it is 1 when the predictions are
    /// exact and 0 otherwise (scikit-learn's `force_finite=True`). O(n).
    ///
    /// - Parameters:
    ///   - truth: True target values, all finite.
    ///   - predicted: Predictions, one per element of `truth`, all finite.
    /// - Returns: RMSE and MAE in [0, ∞) in the target's units; R² in (−∞, 1].
    /// - Throws: ``DataError/invalidArgument(name:value:expected:)`` for a classification
    ///   metric, empty input, a non-finite value, or fewer than two samples for ``r2``
    ///   (scikit-learn returns NaN there); ``DataError/shapeMismatch(operation:expected:got:)``
    ///   when the lengths differ.
    public func score(truth: [Double], predicted: [Double]) throws(DataError) -> Double {
        guard !isClassification else {
            throw wrongCall(
                expected: "a regression metric (rmse, mae, r2); use score(truth:predicted:"
                    + "classCount:) or score(truth:probabilities:) for classification metrics")
        }
        try checkCounts(truth.count, predicted.count, what: "predictions")
        if self == .r2 && truth.count < 2 {
            throw .invalidArgument(
                name: "truth", value: "1 sample",
                expected: "at least two samples for r2 (R² is undefined for one)")
        }
        try RegressionMetrics.checkFinite(truth, name: "truth")
        try RegressionMetrics.checkFinite(predicted, name: "predicted")
        return RegressionMetrics.score(self, truth: truth, predicted: predicted)
    }

    // MARK: - Validation shared by the three calls

    private func wrongCall(expected: String) -> DataError {
        .invalidArgument(name: "metric", value: rawValue, expected: expected)
    }

    private func checkCounts(_ truthCount: Int, _ otherCount: Int, what: String)
        throws(DataError)
    {
        guard truthCount > 0 else {
            throw .invalidArgument(
                name: "truth", value: "no samples", expected: "at least one sample")
        }
        guard otherCount == truthCount else {
            throw .shapeMismatch(
                operation: "Metric.\(rawValue)", expected: "\(truthCount) \(what), one per sample",
                got: "\(otherCount)")
        }
    }

    private func checkLabels(_ labels: [Int], classCount: Int, name: String) throws(DataError) {
        let firstBad = labels.withUnsafeBufferPointer { buffer in
            buffer.firstIndex { $0 < 0 || $0 >= classCount }
        }
        if let index = firstBad {
            throw .invalidArgument(
                name: "\(name)[\(index)]", value: "\(labels[index])",
                expected: "a class index in 0..<\(classCount)")
        }
    }
}
