import AutoMLData
import AutoMLNumerics
import Foundation

/// A fitted linear model: scores `z = xᵀW + b`, read as values (regression), through the
/// logistic function (two classes) or through the softmax (three or more classes).
///
/// Every linear family — ``LogisticRegression``, ``LinearRegression``, ``Ridge``, ``Lasso``,
/// ``ElasticNet`` — produces this one type; ``learner`` records which.
///
/// Prediction costs one BLAS product, O(n·d·m) for `n` rows, `d` features and `m` score
/// columns.
public struct LinearModel: Model, Equatable {
    public static let familyName = "linear_model"
    /// The current serialization version.
    public static let formatVersion = 1

    /// The serialization version this model was read from or written with.
    public let version: Int
    /// The catalog family that fitted the model (`ridge`, `logistic_regression`, …).
    public let learner: String
    public let task: LearningTask
    public let featureCount: Int
    /// `featureCount × m` weights: one column for regression and for two classes, one per
    /// class (softmax) for three or more.
    public let coefficients: Matrix
    /// The `m` intercepts (never penalized).
    public let intercepts: [Double]
    /// Classification: the number of classes of the target (the width of the probability
    /// matrix); 0 for regression.
    public let classCount: Int
    /// Classification: the class index of each score column, or `[negative, positive]` for a
    /// binary model with one column. Classes absent from the training labels get probability 0.
    public let outputClasses: [Int]
    /// Iterations the solver ran (0 for closed-form fits).
    public let iterations: Int
    /// Whether the iterative solver met its tolerance (always true for closed-form fits).
    public let isConverged: Bool

    init(
        learner: String, task: LearningTask, coefficients: Matrix, intercepts: [Double],
        classCount: Int = 0,
        outputClasses: [Int] = [], iterations: Int = 0, isConverged: Bool = true
    ) {
        self.version = Self.formatVersion
        self.learner = learner
        self.task = task
        self.featureCount = coefficients.rows
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.classCount = classCount
        self.outputClasses = outputClasses
        self.iterations = iterations
        self.isConverged = isConverged
    }

    /// Predictions for every row of `features` (`n × featureCount`).
    /// - Throws: ``LearnerError/featureCountMismatch(learner:expected:got:)``.
    public func predict(_ features: Matrix) throws(LearnerError) -> Prediction {
        try checkWidth(features)
        let n = features.rows
        let m = intercepts.count
        let d = featureCount
        var scores = [Double](repeating: 0, count: n * m)
        features.storage.withUnsafeBufferPointer { x in
            coefficients.storage.withUnsafeBufferPointer { w in
                scores.withUnsafeMutableBufferPointer { z in
                    // With no rows or no features there is no product to take (the scores stay 0).
                    if let x = x.baseAddress, let w = w.baseAddress, let z = z.baseAddress {
                        if m == 1 {
                            BufferBLAS.gemv(rows: n, columns: d, a: x, lda: d, x: w, y: z)
                        } else {
                            BufferBLAS.gemm(
                                m: n, n: m, k: d, a: x, lda: d, b: w, ldb: m, c: z, ldc: m)
                        }
                    }
                    for i in 0..<n {
                        for j in 0..<m { z[i * m + j] += intercepts[j] }
                    }
                }
            }
        }
        switch task {
        case .regression:
            return .values(scores)
        case .classification:
            return m == 1 ? binaryPrediction(scores) : softmaxPrediction(scores, columns: m)
        }
    }

    /// Labels by the sign of the score (scikit-learn's `decision_function > 0`), probabilities
    /// by the logistic function.
    private func binaryPrediction(_ scores: [Double]) -> Prediction {
        let n = scores.count
        let negative = outputClasses[0]
        let positive = outputClasses[1]
        var probabilities = Matrix(rows: n, columns: classCount)
        var labels = [Int](repeating: negative, count: n)
        probabilities.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let z = scores[i]
                let e = exp(-abs(z))
                let (high, low) = (1 / (1 + e), e / (1 + e))
                p[i * classCount + positive] = z >= 0 ? high : low
                p[i * classCount + negative] = z >= 0 ? low : high
                if z > 0 { labels[i] = positive }
            }
        }
        return .classes(labels: labels, probabilities: probabilities)
    }

    /// Softmax probabilities; the label is the first class with the highest score.
    private func softmaxPrediction(_ scores: [Double], columns m: Int) -> Prediction {
        let n = scores.count / m
        var probabilities = Matrix(rows: n, columns: classCount)
        var labels = [Int](repeating: 0, count: n)
        var exps = [Double](repeating: 0, count: m)
        probabilities.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                var best = 0
                for j in 1..<m where scores[i * m + j] > scores[i * m + best] { best = j }
                let top = scores[i * m + best]
                var sum = 0.0
                for j in 0..<m {
                    exps[j] = exp(scores[i * m + j] - top)
                    sum += exps[j]
                }
                for j in 0..<m { p[i * classCount + outputClasses[j]] = exps[j] / sum }
                labels[i] = outputClasses[best]
            }
        }
        return .classes(labels: labels, probabilities: probabilities)
    }

    /// Weights and intercepts in bytes.
    public var parameterBytes: Int {
        (coefficients.storage.count + intercepts.count) * MemoryLayout<Double>.size
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case version, learner, task, featureCount, coefficients, intercepts, classCount,
            outputClasses
        case iterations, isConverged
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Self.formatVersion else {
            throw LearnerError.unsupportedVersion(found: version, supported: Self.formatVersion)
        }
        self.version = version
        learner = try container.decode(String.self, forKey: .learner)
        task = try container.decode(LearningTask.self, forKey: .task)
        featureCount = try container.decode(Int.self, forKey: .featureCount)
        coefficients = try container.decode(Matrix.self, forKey: .coefficients)
        intercepts = try container.decode([Double].self, forKey: .intercepts)
        classCount = try container.decodeIfPresent(Int.self, forKey: .classCount) ?? 0
        outputClasses = try container.decodeIfPresent([Int].self, forKey: .outputClasses) ?? []
        iterations = try container.decodeIfPresent(Int.self, forKey: .iterations) ?? 0
        isConverged = try container.decodeIfPresent(Bool.self, forKey: .isConverged) ?? true
        try validateShape()
    }

    /// Refuses a decoded model whose parts do not fit together, so `predict` cannot index out
    /// of range on a hand-edited file.
    private func validateShape() throws(LearnerError) {
        let m = intercepts.count
        var problems: [String] = []
        if coefficients.rows != featureCount || coefficients.columns != m || m == 0 {
            let shape = "\(coefficients.rows)×\(coefficients.columns)"
            problems.append(
                "coefficients are \(shape) for \(featureCount) features and \(m) intercepts")
        }
        if task == .classification {
            let expected = m == 1 ? 2 : m
            if outputClasses.count != expected
                || !outputClasses.allSatisfy({ $0 >= 0 && $0 < classCount })
            {
                problems.append(
                    "\(outputClasses.count) output classes for \(m) score columns "
                        + "and \(classCount) classes")
            }
        } else if m != 1 {
            problems.append("a regression model needs one score column, not \(m)")
        }
        if !(coefficients.storage.allSatisfy(\.isFinite) && intercepts.allSatisfy(\.isFinite)) {
            problems.append("non-finite weights")
        }
        if let problem = problems.first {
            throw .unreadableModel(reason: "linear model: \(problem)")
        }
    }
}
